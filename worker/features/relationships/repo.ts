/**
 * Ending what a partner holds for a customer (SPEC §6–7): the relationship (its subscriptions
 * are suspended with it; delegated admin privileges stay), or the delegated admin privileges on
 * their own. Each is one guarded batch (worker/lib/guarded-write.ts) with its audit record, and
 * acts only on the caller's own active relationship or grant.
 */
import type { DelegatedAdminState } from "../../../src/domain/schemas/relationship.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";

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
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      `EXISTS (SELECT 1 FROM relationships
         WHERE partner_id = ?10 AND customer_id = ?11 AND state = 'active')`,
      [partnerId, customerId],
    ),
    db
      .prepare(
        `UPDATE relationships SET state = 'removed', removed_at = ?4
         WHERE partner_id = ?2 AND customer_id = ?3 AND state = 'active' AND ${whenAudited(1)}`,
      )
      .bind(audit.id, partnerId, customerId, audit.occurredAt),
    db
      .prepare(
        `UPDATE subscriptions SET state = 'suspended', updated_at = ?4
         WHERE customer_id = ?3 AND partner_id = ?2 AND state = 'active' AND ${whenAudited(1)}`,
      )
      .bind(audit.id, partnerId, customerId, audit.occurredAt),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS removed,
           (SELECT g.state FROM delegated_admin_grants g
            WHERE g.partner_id = ?2 AND g.customer_id = ?3
            ORDER BY g.state = 'active' DESC, g.granted_at DESC LIMIT 1) AS delegated_admin`,
      )
      .bind(audit.id, partnerId, customerId),
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
  const [audited] = await db.batch([
    insertAuditWhen(
      db,
      audit,
      `EXISTS (SELECT 1 FROM delegated_admin_grants
         WHERE partner_id = ?10 AND customer_id = ?11 AND state = 'active')`,
      [partnerId, customerId],
    ),
    db
      .prepare(
        `UPDATE delegated_admin_grants SET state = 'revoked', revoked_at = ?4
         WHERE partner_id = ?2 AND customer_id = ?3 AND state = 'active' AND ${whenAudited(1)}`,
      )
      .bind(audit.id, partnerId, customerId, audit.occurredAt),
  ]);
  return audited?.meta.changes === 1;
}
