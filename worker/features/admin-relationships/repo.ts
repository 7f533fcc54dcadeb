/**
 * Admin relationships in D1 (SPEC §6). A partner reaches only its own relationships, a customer
 * admin only those of their customer (every query starts from that id); the approval token is
 * reached only by its hash. Each read is one statement or one batch; each write one guarded
 * batch (worker/lib/guarded-write.ts) with its audit record, ending with the statement that
 * reports what it found.
 */
import type { AdminRoleId } from "../../../src/domain/admin-roles.ts";
import type {
  AccessAssignment,
  AdminRelationship,
  AdminRelationshipFilters,
} from "../../../src/domain/schemas/admin-relationship.ts";
import type { Locale } from "../../../src/domain/locales.ts";
import type { AuditActor } from "../../../src/domain/schemas/audit.ts";
import { AUDIT_INTO, type AuditEntry } from "../../lib/audit.ts";
import { ACTOR_NAMES, actorJoins, actorJson, type ActorReader } from "../audit/repo.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import type { JsonText, Position } from "../../lib/keyset-page.ts";
import { insertWhere, join, prepare, raw, sql, type Sql } from "../../lib/sql.ts";
import {
  awaitingSql,
  effectiveEnd,
  stateClock,
  stateIs,
  stateOf,
  usableSql,
  type StateClock,
  type StateColumns,
} from "./state.ts";

/** Who reads or ends a relationship: its partner's staff, or its customer's admin. */
export type Viewer =
  { kind: "partner"; partnerId: string } | { kind: "customer"; customerId: string };

/** The relationships `viewer` may see, as a condition on `a`. */
export function visibleTo(viewer: Viewer): Sql {
  return viewer.kind === "partner"
    ? sql`a.partner_id = ${viewer.partnerId}`
    : sql`a.customer_id = ${viewer.customerId}`;
}

/** An audit record about a relationship; its partner's activity log shows it. */
export type RelationshipAuditEntry = Omit<AuditEntry, "partnerId" | "targetType" | "targetId">;

/**
 * The audit record `entry` of relationship `a`, for its partner, written only where `condition`
 * over `a` holds — whichever side acts, the partner id comes from the relationship.
 */
export function relationshipAudit(
  db: D1Database,
  entry: RelationshipAuditEntry,
  condition: Sql,
): D1PreparedStatement {
  return prepare(
    db,
    sql`INSERT INTO ${AUDIT_INTO}
       SELECT ${entry.id}, a.partner_id, ${entry.actorUserId}, ${entry.action}, 'admin_relationship',
         a.id, ${entry.requestId}, ${entry.occurredAt}, ${JSON.stringify(entry.details ?? {})}
       FROM admin_relationships a WHERE ${condition}`,
  );
}

/** A relationship as it is read: the stored columns and the names of both sides. */
export interface RelationshipRow extends StateColumns {
  id: string;
  partner_id: string;
  partner_name: string;
  customer_id: string | null;
  customer_company_name: string | null;
  customer_domain: string | null;
  display_name: string;
  roles: string;
  duration: string;
  locale: Locale;
  replaces_delegated_admin: number;
  replaces_id: string | null;
  created_at: string;
  decided_at: string | null;
  terminated_at: string | null;
}

/** The columns of a {@link RelationshipRow}, over `a`, `p` (partner) and `c` (customer). */
export const RELATIONSHIP_COLUMNS = raw(`a.id, a.partner_id, p.name AS partner_name, a.customer_id,
  c.company_name AS customer_company_name, c.domain AS customer_domain, a.display_name, a.roles,
  a.duration, a.auto_extend_days, a.status, a.locale, a.replaces_delegated_admin, a.replaces_id,
  a.created_at, a.request_expires_at, a.decided_at, a.ends_at, a.terminated_at`);

/** `admin_relationships a` with its partner and customer. */
export const RELATIONSHIP_FROM = raw(`admin_relationships a
  JOIN partners p ON p.id = a.partner_id
  LEFT JOIN customers c ON c.id = a.customer_id`);

/** The API's view of a row at `nowMs`. */
export function toAdminRelationship(row: RelationshipRow, nowMs: number): AdminRelationship {
  const clock = stateClock(nowMs);
  return {
    id: row.id,
    partner: { id: row.partner_id, name: row.partner_name },
    customer:
      row.customer_id && row.customer_company_name && row.customer_domain
        ? {
            id: row.customer_id,
            companyName: row.customer_company_name,
            domain: row.customer_domain,
          }
        : null,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as AdminRoleId[],
    duration: row.duration,
    autoExtend: row.auto_extend_days > 0 ? "P180D" : "P0D",
    state: stateOf(row, clock),
    locale: row.locale,
    replacesDelegatedAdmin: row.replaces_delegated_admin === 1,
    replacesId: row.replaces_id,
    createdAt: row.created_at,
    requestExpiresAt: row.request_expires_at,
    decidedAt: row.decided_at,
    endsAt: effectiveEnd(row, clock.now),
    terminatedAt: row.terminated_at,
  };
}

/** A request to store, before its approval. */
export interface NewRelationship {
  id: string;
  partnerId: string;
  customerId: string | null;
  displayName: string;
  roles: readonly string[];
  duration: string;
  durationParts: { years: number; months: number; days: number };
  autoExtendDays: number;
  locale: Locale;
  tokenHash: string;
  replacesDelegatedAdmin: boolean;
  replacesId: string | null;
  createdBy: string;
  createdAt: string;
  requestExpiresAt: string;
}

/**
 * The guard of a new request: the partner is active and, when the request names a customer,
 * has an active reseller relationship with it (anyone else's customer is as absent as none).
 */
export function creatable(relationship: NewRelationship): Sql {
  const { partnerId, customerId } = relationship;
  return sql`EXISTS (SELECT 1 FROM partners WHERE id = ${partnerId} AND status = 'active')
    AND (${customerId} IS NULL OR EXISTS (SELECT 1 FROM relationships
      WHERE partner_id = ${partnerId} AND customer_id = ${customerId} AND state = 'active'))`;
}

/** The statement that stores `relationship` once audit record `auditId` exists. */
export function insertRelationship(
  db: D1Database,
  relationship: NewRelationship,
  auditId: string,
): D1PreparedStatement {
  const { durationParts } = relationship;
  return insertWhere(
    db,
    "admin_relationships",
    {
      id: relationship.id,
      partner_id: relationship.partnerId,
      customer_id: relationship.customerId,
      display_name: relationship.displayName,
      roles: JSON.stringify(relationship.roles),
      duration: relationship.duration,
      duration_years: durationParts.years,
      duration_months: durationParts.months,
      duration_days: durationParts.days,
      auto_extend_days: relationship.autoExtendDays,
      status: "created",
      recorded_state: "created",
      locale: relationship.locale,
      token_hash: relationship.tokenHash,
      replaces_delegated_admin: relationship.replacesDelegatedAdmin ? 1 : 0,
      replaces_id: relationship.replacesId,
      created_by: relationship.createdBy,
      created_at: relationship.createdAt,
      request_expires_at: relationship.requestExpiresAt,
    },
    whenAudited(auditId),
  );
}

/** The stored relationship `id`, as a report row of a batch. */
export function relationshipReport(db: D1Database, id: Sql, extra: Sql): D1PreparedStatement {
  return prepare(
    db,
    sql`SELECT ${RELATIONSHIP_COLUMNS}, ${extra} FROM ${RELATIONSHIP_FROM} WHERE a.id = ${id}`,
  );
}

/** Stores a request with its audit record; the stored row, or null when the guard failed. */
export async function insertRequest(
  db: D1Database,
  relationship: NewRelationship,
  audit: AuditEntry,
): Promise<RelationshipRow | null> {
  const results = await db.batch([
    insertAuditWhen(db, audit, creatable(relationship)),
    insertRelationship(db, relationship, audit.id),
    relationshipReport(db, sql`${relationship.id}`, raw("1 AS found")),
  ]);
  return (results.at(-1)?.results[0] as RelationshipRow | undefined) ?? null;
}

/** The filters as conditions on `a` at `clock`. */
function filterConditions(filters: AdminRelationshipFilters, clock: StateClock): Sql[] {
  const conditions: Sql[] = [];
  if (filters.state) conditions.push(stateIs(filters.state, clock));
  if (filters.customerId) conditions.push(sql`a.customer_id = ${filters.customerId.toLowerCase()}`);
  if (filters.role) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(a.roles) WHERE value = ${filters.role})`);
  }
  if (filters.expiringWithinDays !== undefined) {
    const until = new Date(
      Date.parse(clock.now) + filters.expiringWithinDays * 86_400_000,
    ).toISOString();
    conditions.push(
      sql`(${usableSql(clock.now)} AND a.auto_extend_days = 0 AND a.ends_at <= ${until})`,
    );
  }
  return conditions;
}

/**
 * One page of the relationships `viewer` sees that match `filters`, newest first, after the
 * (created_at, id) position `after`; states computed at `nowMs`.
 */
export async function relationshipPage(
  db: D1Database,
  page: {
    viewer: Viewer;
    filters: AdminRelationshipFilters;
    nowMs: number;
    after: Position | undefined;
    limit: number;
  },
): Promise<RelationshipRow[]> {
  const conditions = [
    visibleTo(page.viewer),
    ...filterConditions(page.filters, stateClock(page.nowMs)),
  ];
  if (page.after) conditions.push(sql`(a.created_at, a.id) < (${page.after[0]}, ${page.after[1]})`);
  const { results } = await prepare(
    db,
    sql`SELECT ${RELATIONSHIP_COLUMNS} FROM ${RELATIONSHIP_FROM}
       WHERE ${join(conditions, " AND ")}
       ORDER BY a.created_at DESC, a.id DESC
       LIMIT ${page.limit}`,
  ).all<RelationshipRow>();
  return results;
}

/** How many of partner `partnerId`'s relationships are expiring (their end within 30 days). */
export async function expiringCount(
  db: D1Database,
  partnerId: string,
  nowMs: number,
): Promise<number> {
  const row = await prepare(
    db,
    sql`SELECT COUNT(*) AS n FROM admin_relationships a
       WHERE a.partner_id = ${partnerId} AND ${stateIs("expiring", stateClock(nowMs))}`,
  ).first<{ n: number }>();
  return row?.n ?? 0;
}

/** A row of a relationship's assignments. */
export interface AssignmentRow {
  group_id: string;
  group_name: string;
  roles: string;
  created_at: string;
  updated_at: string;
}

/** The API's view of an assignment row. */
export function toAssignment(row: AssignmentRow): AccessAssignment {
  return {
    group: { id: row.group_id, name: row.group_name },
    roles: JSON.parse(row.roles) as AdminRoleId[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface TimelineRow {
  action: string;
  occurred_at: string;
  /** The actor as {@link actorJson} writes it. */
  actor: JsonText<AuditActor>;
}

/**
 * Relationship `id` as `viewer` sees it, with its assignments and its timeline (the audit
 * records that name it, with the names of their actors `viewer` may know), in one batch; null
 * when it is not theirs.
 */
export async function relationshipDetail(db: D1Database, viewer: Viewer, id: string) {
  const visible = sql`EXISTS (SELECT 1 FROM admin_relationships a WHERE a.id = ${id} AND ${visibleTo(viewer)})`;
  const partnerId = viewer.kind === "partner" ? viewer.partnerId : null;
  const reader: ActorReader =
    viewer.kind === "partner"
      ? { kind: "partner" }
      : { kind: "customer", customerId: viewer.customerId };
  const [row, assignments, timeline, groups] = await db.batch([
    prepare(
      db,
      sql`SELECT ${RELATIONSHIP_COLUMNS} FROM ${RELATIONSHIP_FROM} WHERE a.id = ${id} AND ${visibleTo(viewer)}`,
    ),
    prepare(
      db,
      sql`SELECT s.group_id, g.name AS group_name, s.roles, s.created_at, s.updated_at
         FROM admin_relationship_assignments s JOIN partner_groups g ON g.id = s.group_id
         WHERE s.relationship_id = ${id} AND ${visible}
         ORDER BY g.name_key, g.id`,
    ),
    prepare(
      db,
      sql`SELECT t.action, t.occurred_at, ${actorJson("t")} AS actor
         FROM (SELECT a.action, a.occurred_at, a.id, ${ACTOR_NAMES}
                 FROM audit_records a ${actorJoins(reader)}
                WHERE a.target_type = 'admin_relationship' AND a.target_id = ${id} AND ${visible}) t
         ORDER BY t.occurred_at, t.id`,
    ),
    prepare(
      db,
      sql`SELECT id, name FROM partner_groups WHERE partner_id = ${partnerId} AND ${visible}
         ORDER BY name_key, id`,
    ),
  ]);
  const relationship = row?.results[0] as RelationshipRow | undefined;
  if (!relationship) return null;
  return {
    relationship,
    assignments: (assignments?.results ?? []) as AssignmentRow[],
    timeline: (timeline?.results ?? []) as TimelineRow[],
    groups: (groups?.results ?? []) as { id: string; name: string }[],
  };
}

/** What a termination found. */
export interface TerminateReport extends RelationshipRow {
  terminated: number;
}

/**
 * Terminates relationship `id` for `viewer` (either side), with its audit record, if it is still
 * waiting for its answer or gives its roles at `now`; its assignments stop at once because the
 * role check reads the status. Null when it is not `viewer`'s.
 */
export async function terminateRelationship(
  db: D1Database,
  viewer: Viewer,
  id: string,
  audit: RelationshipAuditEntry,
): Promise<TerminateReport | null> {
  const now = audit.occurredAt;
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    relationshipAudit(
      db,
      audit,
      sql`a.id = ${id} AND ${visibleTo(viewer)} AND (${awaitingSql(now)} OR ${usableSql(now)})`,
    ),
    prepare(
      db,
      sql`UPDATE admin_relationships SET status = 'terminated', recorded_state = 'terminated',
           terminated_at = ${now}, terminated_by = ${audit.actorUserId}
         WHERE id = ${id} AND ${audited}`,
    ),
    prepare(
      db,
      sql`SELECT ${RELATIONSHIP_COLUMNS}, ${audited} AS terminated FROM ${RELATIONSHIP_FROM}
         WHERE a.id = ${id} AND ${visibleTo(viewer)}`,
    ),
  ]);
  return (results.at(-1)?.results[0] as TerminateReport | undefined) ?? null;
}
