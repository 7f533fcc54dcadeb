/**
 * The cloud operator's reads and writes of partners and their links (SPEC §6, Cloud operator).
 * Every read is one statement; every write one guarded batch whose first statement is its audit
 * record, written only when the write's preconditions hold, and whose last reports what it found
 * (`lib/guarded-write.ts`), so the route knows why nothing happened without a second round trip.
 */
import type { PartnerType } from "../../../src/domain/roles.ts";
import { nameKey } from "../../../src/domain/schemas/text.ts";
import type {
  OperatorPartner,
  OperatorPartnerDetail,
  PartnerStatus,
} from "../../../src/domain/schemas/operator.ts";
import { insertAudit, type AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, isUniqueViolation, whenAudited } from "../../lib/guarded-write.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { insertWhere, join, prefixEnd, prepare, raw, sql, type Sql } from "../../lib/sql.ts";

export interface PartnerRow {
  id: string;
  name: string;
  name_key: string;
  type: PartnerType;
  email_domain: string;
  status: PartnerStatus;
  created_at: string;
  updated_at: string;
}

const PARTNER_COLUMNS = raw(
  "p.id, p.name, p.name_key, p.type, p.email_domain, p.status, p.created_at, p.updated_at",
);

export function toOperatorPartner(row: PartnerRow): OperatorPartner {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    emailDomain: row.email_domain,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The search key of a partner name, as `partners.name_key` holds it. */
export const partnerNameKey = nameKey;

export interface PartnerFilters {
  /** A lowercased name prefix. */
  q?: string;
  type?: PartnerType;
  status?: PartnerStatus;
}

/**
 * One page of the cloud's partners by name, after `after`: one range of `partners_by_name`,
 * `partners_by_status_name`, `partners_by_type_name` or `partners_by_type_status_name`
 * (migration 0010), so a page costs the same however many partners the cloud has.
 */
export async function partnerPage(
  db: D1Database,
  filters: PartnerFilters,
  after: Position | undefined,
  limit: number,
): Promise<PartnerRow[]> {
  const conditions: Sql[] = [];
  if (filters.type) conditions.push(sql`p.type = ${filters.type}`);
  if (filters.status) conditions.push(sql`p.status = ${filters.status}`);
  if (filters.q) {
    conditions.push(sql`p.name_key >= ${filters.q}`, sql`p.name_key < ${prefixEnd(filters.q)}`);
  }
  if (after) conditions.push(sql`(p.name_key, p.id) > (${after[0]}, ${after[1]})`);
  const where = conditions.length > 0 ? sql`WHERE ${join(conditions, " AND ")}` : raw("");
  const { results } = await prepare(
    db,
    sql`SELECT ${PARTNER_COLUMNS} FROM partners p ${where}
       ORDER BY p.name_key, p.id LIMIT ${limit}`,
  ).all<PartnerRow>();
  return results;
}

interface PartnerDetailRow extends PartnerRow {
  users: number;
  customers: number;
  relationships: number;
  links: number;
}

/** Partner `id` with the counts of what it holds (never a customer's data), or undefined. */
export async function findPartnerDetail(
  db: D1Database,
  id: string,
): Promise<OperatorPartnerDetail | undefined> {
  const row = await prepare(
    db,
    sql`SELECT ${PARTNER_COLUMNS},
         (SELECT COUNT(*) FROM users u WHERE u.partner_id = p.id) AS users,
         (SELECT COUNT(DISTINCT r.customer_id) FROM relationships r
           WHERE r.partner_id = p.id AND r.state = 'active') AS customers,
         (SELECT COUNT(*) FROM relationships r WHERE r.partner_id = p.id) AS relationships,
         (SELECT COUNT(*) FROM partner_links l WHERE l.reseller_id = p.id OR l.provider_id = p.id) AS links
       FROM partners p WHERE p.id = ${id}`,
  ).first<PartnerDetailRow>();
  if (!row) return undefined;
  return {
    ...toOperatorPartner(row),
    counts: {
      users: row.users,
      customers: row.customers,
      relationships: row.relationships,
      links: row.links,
    },
  };
}

export interface Onboarding {
  partner: { id: string; name: string; type: PartnerType; emailDomain: string };
  admin: { id: string; name: string; email: string; passwordHash: string };
  now: string;
  audit: AuditEntry;
}

export type OnboardingOutcome =
  { kind: "onboarded"; partner: PartnerRow } | { kind: "domain_taken" } | { kind: "email_taken" };

/**
 * The partner, its first global admin (a temporary password, to be changed at first sign-in)
 * and the audit record, in one batch; a taken email domain or admin email writes nothing.
 */
export async function insertOnboarding(
  db: D1Database,
  onboarding: Onboarding,
): Promise<OnboardingOutcome> {
  const { partner, admin, now } = onboarding;
  let results: D1Result[];
  try {
    results = await db.batch([
      prepare(
        db,
        sql`INSERT INTO partners (id, name, name_key, type, email_domain, status, created_at, updated_at)
         VALUES (${partner.id}, ${partner.name}, ${partnerNameKey(partner.name)}, ${partner.type},
           ${partner.emailDomain}, 'active', ${now}, ${now})`,
      ),
      prepare(
        db,
        sql`INSERT INTO users (id, email, display_name, name_key, kind, partner_id, customer_id, roles,
           password_hash, must_change_password, status, created_at, updated_at)
         VALUES (${admin.id}, ${admin.email}, ${admin.name}, ${nameKey(admin.name)}, 'partner', ${partner.id}, NULL,
           '["global_admin"]', ${admin.passwordHash}, 1, 'active', ${now}, ${now})`,
      ),
      insertAudit(db, onboarding.audit),
      prepare(db, sql`SELECT ${PARTNER_COLUMNS} FROM partners p WHERE p.id = ${partner.id}`),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, ["partners.email_domain"])) return { kind: "domain_taken" };
    // An email is unique among the cloud's users, whatever its case (migration 0008).
    if (isUniqueViolation(error, ["users.email", "users_email_unique"])) {
      return { kind: "email_taken" };
    }
    throw error;
  }
  const row = results.at(-1)?.results[0] as PartnerRow | undefined;
  if (!row) throw new Error("onboarding batch returned no partner");
  return { kind: "onboarded", partner: row };
}

export type PartnerChangeOutcome =
  { kind: "changed" | "unchanged"; partner: PartnerRow } | { kind: "not_found" };

interface ChangeReport extends PartnerRow {
  changed: number;
}

/** Runs a guarded partner change and reads its report (the batch's last statement). */
async function partnerChange(
  db: D1Database,
  partnerId: string,
  auditId: string,
  statements: D1PreparedStatement[],
): Promise<PartnerChangeOutcome> {
  const results = await db.batch([
    ...statements,
    prepare(
      db,
      sql`SELECT ${PARTNER_COLUMNS}, ${whenAudited(auditId)} AS changed
         FROM partners p WHERE p.id = ${partnerId}`,
    ),
  ]);
  const report = results.at(-1)?.results[0] as ChangeReport | undefined;
  if (!report) return { kind: "not_found" };
  return { kind: report.changed === 1 ? "changed" : "unchanged", partner: report };
}

/**
 * Suspends (`suspended`) or reactivates (`active`) the partner: only from the other status.
 * Suspending also ends every session of the partner's users in the same batch — the session
 * check already refuses them (it requires an active partner), and reactivation must not bring
 * the old sessions back.
 */
export function setPartnerStatus(
  db: D1Database,
  partnerId: string,
  status: PartnerStatus,
  audit: AuditEntry,
): Promise<PartnerChangeOutcome> {
  const from: PartnerStatus = status === "active" ? "suspended" : "active";
  const audited = whenAudited(audit.id);
  const statements = [
    insertAuditWhen(
      db,
      audit,
      sql`EXISTS (SELECT 1 FROM partners WHERE id = ${partnerId} AND status = ${from})`,
    ),
    prepare(
      db,
      sql`UPDATE partners SET status = ${status}, updated_at = ${audit.occurredAt}
         WHERE id = ${partnerId} AND ${audited}`,
    ),
  ];
  if (status === "suspended") {
    statements.push(
      prepare(
        db,
        sql`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE partner_id = ${partnerId})
           AND ${audited}`,
      ),
    );
  }
  return partnerChange(db, partnerId, audit.id, statements);
}

/** Renames the partner (its search key with it); the same name again is no change. */
export function renamePartner(
  db: D1Database,
  partnerId: string,
  name: string,
  audit: AuditEntry,
): Promise<PartnerChangeOutcome> {
  return partnerChange(db, partnerId, audit.id, [
    insertAuditWhen(
      db,
      audit,
      sql`EXISTS (SELECT 1 FROM partners WHERE id = ${partnerId} AND name <> ${name})`,
    ),
    prepare(
      db,
      sql`UPDATE partners SET name = ${name}, name_key = ${partnerNameKey(name)},
           updated_at = ${audit.occurredAt}
         WHERE id = ${partnerId} AND ${whenAudited(audit.id)}`,
    ),
  ]);
}

export interface LinkChange {
  resellerId: string;
  providerId: string;
  now: string;
  /** Filed under the reseller. */
  resellerAudit: AuditEntry;
  /** The same change, filed under the provider, so both logs show it. */
  providerAudit: AuditEntry;
}

export type LinkOutcome =
  | { kind: "changed"; reseller: PartnerRow; provider: PartnerRow; linkedAt: string }
  | { kind: "not_found" | "wrong_types" | "exists" | "not_linked" };

interface LinkReport {
  changed: number;
  reseller_type: PartnerType | null;
  provider_type: PartnerType | null;
  linked_at: string | null;
}

/** Both partners exist, with the right types: an indirect reseller and an indirect provider. */
function rightTypes(change: LinkChange): Sql {
  return sql`EXISTS (SELECT 1 FROM partners WHERE id = ${change.resellerId} AND type = 'indirect_reseller')
    AND EXISTS (SELECT 1 FROM partners WHERE id = ${change.providerId} AND type = 'indirect_provider')`;
}

function linked(change: LinkChange): Sql {
  return sql`EXISTS (SELECT 1 FROM partner_links
    WHERE reseller_id = ${change.resellerId} AND provider_id = ${change.providerId})`;
}

/** Links or unlinks, then reads what it found. */
async function linkChange(
  db: D1Database,
  change: LinkChange,
  statements: D1PreparedStatement[],
): Promise<{ report: LinkReport; reseller?: PartnerRow; provider?: PartnerRow }> {
  const results = await db.batch([
    ...statements,
    prepare(
      db,
      sql`SELECT ${whenAudited(change.resellerAudit.id)} AS changed,
         (SELECT type FROM partners WHERE id = ${change.resellerId}) AS reseller_type,
         (SELECT type FROM partners WHERE id = ${change.providerId}) AS provider_type,
         (SELECT created_at FROM partner_links
           WHERE reseller_id = ${change.resellerId} AND provider_id = ${change.providerId}) AS linked_at`,
    ),
    prepare(
      db,
      sql`SELECT ${PARTNER_COLUMNS} FROM partners p WHERE p.id IN (${change.resellerId}, ${change.providerId})`,
    ),
  ]);
  const report = results.at(-2)?.results[0] as LinkReport | undefined;
  if (!report) throw new Error("link batch returned no report");
  const rows = (results.at(-1)?.results ?? []) as PartnerRow[];
  return {
    report,
    ...withRow(
      "reseller",
      rows.find((row) => row.id === change.resellerId),
    ),
    ...withRow(
      "provider",
      rows.find((row) => row.id === change.providerId),
    ),
  };
}

function withRow<K extends string>(key: K, row: PartnerRow | undefined) {
  return (row ? { [key]: row } : {}) as Partial<Record<K, PartnerRow>>;
}

/** Why a link change wrote nothing, from its report. */
function refusal(report: LinkReport, exists: "exists" | "not_linked"): LinkOutcome {
  if (report.reseller_type === null || report.provider_type === null) return { kind: "not_found" };
  if (
    report.reseller_type !== "indirect_reseller" ||
    report.provider_type !== "indirect_provider"
  ) {
    return { kind: "wrong_types" };
  }
  return { kind: exists };
}

/** Links the indirect reseller to the indirect provider (SPEC §6), with both audit records. */
export async function insertPartnerLink(db: D1Database, change: LinkChange): Promise<LinkOutcome> {
  const audited = whenAudited(change.resellerAudit.id);
  const { report, reseller, provider } = await linkChange(db, change, [
    insertAuditWhen(db, change.resellerAudit, sql`${rightTypes(change)} AND NOT ${linked(change)}`),
    insertWhere(
      db,
      "partner_links",
      { reseller_id: change.resellerId, provider_id: change.providerId, created_at: change.now },
      audited,
    ),
    insertAuditWhen(db, change.providerAudit, audited),
  ]);
  if (report.changed === 1 && reseller && provider && report.linked_at) {
    return { kind: "changed", reseller, provider, linkedAt: report.linked_at };
  }
  return refusal(report, "exists");
}

/**
 * Unlinks them. Invitations already sent with the provider keep their state; accepting one
 * after this is refused as for any provider that is not linked.
 */
export async function deletePartnerLink(db: D1Database, change: LinkChange): Promise<LinkOutcome> {
  const audited = whenAudited(change.resellerAudit.id);
  const { report, reseller, provider } = await linkChange(db, change, [
    insertAuditWhen(db, change.resellerAudit, sql`${rightTypes(change)} AND ${linked(change)}`),
    prepare(
      db,
      sql`DELETE FROM partner_links
         WHERE reseller_id = ${change.resellerId} AND provider_id = ${change.providerId} AND ${audited}`,
    ),
    insertAuditWhen(db, change.providerAudit, audited),
  ]);
  if (report.changed === 1 && reseller && provider) {
    return { kind: "changed", reseller, provider, linkedAt: change.now };
  }
  return refusal(report, "not_linked");
}

export interface LinkedPartnerRow {
  id: string;
  name: string;
  name_key: string;
  type: PartnerType;
  status: PartnerStatus;
  linked_at: string;
}

/**
 * One page of the partners linked to `partnerId` (its providers, or its resellers), by name,
 * whatever their status; undefined when the cloud has no such partner (a 404, not an empty
 * list). One statement: the partner's own row, with the page joined to it.
 */
export async function linkedPartnerPage(
  db: D1Database,
  partnerId: string,
  after: Position | undefined,
  limit: number,
): Promise<LinkedPartnerRow[] | undefined> {
  const position = after ? sql`AND (p.name_key, p.id) > (${after[0]}, ${after[1]})` : raw("");
  const { results } = await prepare(
    db,
    sql`SELECT self.id AS self_id, linked.*
       FROM partners self
       LEFT JOIN (
         SELECT p.id, p.name, p.name_key, p.type, p.status, l.created_at AS linked_at
         FROM partner_links l
         JOIN partners p ON p.id = CASE WHEN l.reseller_id = ${partnerId} THEN l.provider_id ELSE l.reseller_id END
         WHERE (l.reseller_id = ${partnerId} OR l.provider_id = ${partnerId}) ${position}
         ORDER BY p.name_key, p.id
         LIMIT ${limit}
       ) linked ON 1
       WHERE self.id = ${partnerId}
       ORDER BY linked.name_key, linked.id`,
  ).all<LinkedPartnerRow | { self_id: string; id: null }>();
  if (results.length === 0) return undefined;
  return results.filter((row): row is LinkedPartnerRow => row.id !== null);
}
