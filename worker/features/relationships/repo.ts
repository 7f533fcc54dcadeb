/**
 * Ending what a partner holds for a customer (SPEC §6–7): the relationship (its subscriptions
 * are suspended with it; delegated admin privileges stay), or the delegated admin privileges on
 * their own. Each is one guarded batch (worker/lib/guarded-write.ts) with its audit record, and
 * acts only on the caller's own active relationship or grant.
 */
import type { DelegatedAdminState } from "../../../src/domain/schemas/relationship.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import { prepare, sql } from "../../lib/sql.ts";

export interface PartnerCustomer {
  partnerId: string;
  customerId: string;
}

export type RemoveOutcome =
  | { kind: "removed"; delegatedAdmin: DelegatedAdminState; suspended: number }
  | { kind: "not_found" };

/**
 * Removes the partner's active relationship with the customer and suspends the partner's
 * subscriptions for it, with the audit record; reports the delegated admin privileges left.
 */
export async function removeRelationship(
  db: D1Database,
  { partnerId, customerId }: PartnerCustomer,
  audit: AuditEntry,
): Promise<RemoveOutcome> {
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      sql`EXISTS (SELECT 1 FROM relationships
         WHERE partner_id = ${partnerId} AND customer_id = ${customerId} AND state = 'active')`,
    ),
    prepare(
      db,
      sql`UPDATE relationships SET state = 'removed', removed_at = ${audit.occurredAt}
         WHERE partner_id = ${partnerId} AND customer_id = ${customerId} AND state = 'active'
           AND ${audited}`,
    ),
    prepare(
      db,
      sql`UPDATE subscriptions SET state = 'suspended', updated_at = ${audit.occurredAt}
         WHERE customer_id = ${customerId} AND partner_id = ${partnerId} AND state = 'active'
           AND ${audited}`,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS removed,
           (SELECT g.state FROM delegated_admin_grants g
            WHERE g.partner_id = ${partnerId} AND g.customer_id = ${customerId}
            ORDER BY g.state = 'active' DESC, g.granted_at DESC LIMIT 1) AS delegated_admin`,
    ),
  ]);
  const report = results.at(-1)?.results[0] as
    { removed: number; delegated_admin: "active" | "revoked" | null } | undefined;
  if (!report) throw new Error("removal batch returned no report");
  if (report.removed !== 1) return { kind: "not_found" };
  return {
    kind: "removed",
    delegatedAdmin: report.delegated_admin ?? "none",
    suspended: results[2]?.meta.changes ?? 0,
  };
}

/**
 * Revokes the partner's active delegated admin privileges for the customer, with the audit
 * record. Returns false when there were none to revoke.
 */
export async function revokeDelegatedAdmin(
  db: D1Database,
  { partnerId, customerId }: PartnerCustomer,
  audit: AuditEntry,
): Promise<boolean> {
  const active = sql`partner_id = ${partnerId} AND customer_id = ${customerId} AND state = 'active'`;
  const [audited] = await db.batch([
    insertAuditWhen(db, audit, sql`EXISTS (SELECT 1 FROM delegated_admin_grants WHERE ${active})`),
    prepare(
      db,
      sql`UPDATE delegated_admin_grants SET state = 'revoked', revoked_at = ${audit.occurredAt}
         WHERE ${active} AND ${whenAudited(audit.id)}`,
    ),
  ]);
  return audited?.meta.changes === 1;
}
