/**
 * "Replace with granular" (SPEC §6, Legacy DAP): for each selected customer for which the
 * partner still holds legacy delegated admin privileges, a request for an admin relationship
 * with the chosen roles, marked to revoke the legacy grant when its customer approves it. One
 * guarded batch for the whole selection; a customer without DAP (or not the partner's) and a
 * customer with such a request already waiting are reported, never requested twice. The
 * customers to choose from are listed a keyset page at a time, oldest grant first.
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import type { Locale } from "../../../src/domain/locales.ts";
import type { LegacyCustomer } from "../../../src/domain/schemas/admin-relationship.ts";
import { newId } from "../../lib/crypto.ts";
import { insertAuditWhen } from "../../lib/guarded-write.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { prepare, raw, sql, type Sql } from "../../lib/sql.ts";
import { approvalTokenHash, newApprovalToken } from "./approval.ts";
import { requestLink, type RequestLink } from "./email.ts";
import { creatable, insertRelationship, type NewRelationship } from "./repo.ts";
import { awaitingSql, plusDays, REQUEST_DAYS } from "./state.ts";

/** Partner `partnerId` has a "replace with granular" request for `customerId` waiting at `now`. */
function replacementWaiting(partnerId: string, customerId: Sql | string, now: string): Sql {
  return sql`EXISTS (SELECT 1 FROM admin_relationships a
    WHERE a.partner_id = ${partnerId} AND a.customer_id = ${customerId}
      AND a.replaces_delegated_admin = 1 AND ${awaitingSql(now)})`;
}

export interface LegacyCustomerRow {
  id: string;
  company_name: string;
  domain: string;
  granted_at: string;
  requested: number;
}

/**
 * One page of the customers partner `partnerId` still holds legacy delegated admin privileges
 * for (and an active reseller relationship with), oldest grant first, after the
 * (granted_at, customer id) position `after`: one range of `delegated_admin_active_by_grant`.
 */
export async function legacyCustomerPage(
  db: D1Database,
  page: { partnerId: string; now: string; after: Position | undefined; limit: number },
): Promise<LegacyCustomerRow[]> {
  const after = page.after
    ? sql`AND (g.granted_at, g.customer_id) > (${page.after[0]}, ${page.after[1]})`
    : raw("");
  const { results } = await prepare(
    db,
    sql`SELECT c.id, c.company_name, c.domain, g.granted_at,
         ${replacementWaiting(page.partnerId, raw("g.customer_id"), page.now)} AS requested
       FROM delegated_admin_grants g INDEXED BY delegated_admin_active_by_grant
       JOIN relationships r ON r.partner_id = g.partner_id AND r.customer_id = g.customer_id
         AND r.state = 'active'
       JOIN customers c ON c.id = g.customer_id
       WHERE g.partner_id = ${page.partnerId} AND g.state = 'active' ${after}
       ORDER BY g.granted_at, g.customer_id
       LIMIT ${page.limit}`,
  ).all<LegacyCustomerRow>();
  return results;
}

/** The API's view of a row. */
export function toLegacyCustomer(row: LegacyCustomerRow): LegacyCustomer {
  return {
    id: row.id,
    companyName: row.company_name,
    domain: row.domain,
    grantedAt: row.granted_at,
    requested: row.requested === 1,
  };
}

export interface Replacement {
  cloud: CloudId;
  partnerId: string;
  actorUserId: string;
  requestId: string;
  origin: string;
  now: string;
  customerIds: string[];
  displayName: string;
  roles: readonly string[];
  duration: string;
  durationParts: NewRelationship["durationParts"];
  autoExtendDays: number;
  locale: Locale;
}

export interface ReplacementResult {
  customerId: string;
  outcome: "created" | "skipped";
  code: string | null;
  /** The request, its approval link (shown only here) and its email draft. */
  request: RequestLink | null;
}

/** Creates the requests; the answer per customer, in the order given (duplicates once). */
export async function replaceDelegatedAdmin(
  db: D1Database,
  input: Replacement,
): Promise<ReplacementResult[]> {
  const { partnerId, now } = input;
  const customers = [...new Set(input.customerIds.map((id) => id.toLowerCase()))];
  const planned = await Promise.all(
    customers.map(async (customerId) => {
      const token = newApprovalToken();
      const relationship: NewRelationship = {
        id: newId(),
        partnerId,
        customerId,
        displayName: input.displayName,
        roles: input.roles,
        duration: input.duration,
        durationParts: input.durationParts,
        autoExtendDays: input.autoExtendDays,
        locale: input.locale,
        tokenHash: await approvalTokenHash(input.cloud, token),
        replacesDelegatedAdmin: true,
        replacesId: null,
        createdBy: input.actorUserId,
        createdAt: now,
        requestExpiresAt: plusDays(now, REQUEST_DAYS),
      };
      return { customerId, auditId: newId(), relationship, token };
    }),
  );
  const statements = planned.flatMap(({ customerId, auditId, relationship }) => [
    insertAuditWhen(
      db,
      {
        id: auditId,
        partnerId,
        actorUserId: input.actorUserId,
        action: "adminRelationship.created",
        targetType: "admin_relationship",
        targetId: relationship.id,
        requestId: input.requestId,
        occurredAt: now,
        details: { replacesDelegatedAdmin: true, roles: input.roles },
      },
      sql`${creatable(relationship)} AND NOT ${replacementWaiting(partnerId, customerId, now)}
        AND EXISTS (SELECT 1 FROM delegated_admin_grants WHERE partner_id = ${partnerId}
          AND customer_id = ${customerId} AND state = 'active')`,
    ),
    insertRelationship(db, relationship, auditId),
  ]);
  const audits = JSON.stringify(Object.fromEntries(planned.map((p) => [p.customerId, p.auditId])));
  const results = await db.batch([
    ...statements,
    prepare(
      db,
      sql`SELECT j.key AS customer_id, (SELECT name FROM partners WHERE id = ${partnerId}) AS partner_name,
           EXISTS (SELECT 1 FROM audit_records WHERE id = j.value) AS done,
           ${replacementWaiting(partnerId, raw("j.key"), now)} AS pending
         FROM json_each(${audits}) j`,
    ),
  ]);
  const reports = new Map(
    (
      (results.at(-1)?.results ?? []) as {
        customer_id: string;
        partner_name: string;
        done: number;
        pending: number;
      }[]
    ).map((row) => [row.customer_id, row]),
  );
  return planned.map(({ customerId, relationship, token }): ReplacementResult => {
    const report = reports.get(customerId);
    if (report?.done === 1) {
      const request = requestLink({
        cloud: input.cloud,
        origin: input.origin,
        partnerName: report.partner_name,
        token,
        relationship,
      });
      return { customerId, outcome: "created", code: null, request };
    }
    const code = report?.pending === 1 ? "already_requested" : "no_delegated_admin";
    return { customerId, outcome: "skipped", code, request: null };
  });
}
