/**
 * Bulk operations over a filtered selection of any size (SPEC §6): remove a role (by creating
 * the replacement requests, each approved or not by its customer), terminate, set
 * auto-extension. A request handles one page of the selection — one read, then one batch of
 * guarded writes, each with its audit record — and answers per relationship and with the cursor
 * of the next page, so a run is resumable from any page and idempotent when repeated: a guard
 * refuses what is already done (a pending replacement exists, the relationship has ended, the
 * setting is already so) and the answer says so.
 */
import { GLOBAL_ADMINISTRATOR, type AdminRoleId } from "../../../src/domain/admin-roles.ts";
import type { CloudId } from "../../../src/domain/clouds.ts";
import { parseDuration, type AutoExtend } from "../../../src/domain/schemas/admin-relationship.ts";
import { newId } from "../../lib/crypto.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import { prepare, sql, type Sql } from "../../lib/sql.ts";
import { approvalTokenHash, newApprovalToken } from "./approval.ts";
import { requestLink, type RequestLink } from "./email.ts";
import {
  insertRelationship,
  relationshipAudit,
  type NewRelationship,
  type RelationshipRow,
} from "./repo.ts";
import {
  awaitingSql,
  effectiveEnd,
  plusDays,
  REQUEST_DAYS,
  stateClock,
  stateOf,
  usableSql,
} from "./state.ts";

export type BulkAction =
  | { action: "terminate" }
  | { action: "setAutoExtend"; autoExtend: AutoExtend }
  | { action: "removeRole"; role: AdminRoleId };

export interface BulkResult {
  id: string;
  outcome: "done" | "skipped";
  /** Why a relationship was skipped. */
  code: string | null;
  /**
   * For a role removal: the replacement request, its approval link (shown only here) and its
   * email draft in the request's locale.
   */
  replacement: RequestLink | null;
}

export interface BulkContext {
  cloud: CloudId;
  partnerId: string;
  actorUserId: string;
  requestId: string;
  origin: string;
  nowMs: number;
}

/** One relationship's guarded statements, and what to answer when they ran. */
interface Planned {
  id: string;
  auditId: string;
  statements: D1PreparedStatement[];
  replacement: RequestLink | null;
}

/** `a` has no replacement request still waiting for its answer. */
function noPendingReplacement(now: string): Sql {
  return sql`NOT EXISTS (SELECT 1 FROM admin_relationships r
    WHERE r.replaces_id = a.id AND ${awaitingSql(now, "r")})`;
}

function roleIn(role: string): Sql {
  return sql`EXISTS (SELECT 1 FROM json_each(a.roles) WHERE value = ${role})`;
}

/** Why `row` cannot take `action` as far as its row tells, before the guards judge the rest. */
function precheck(row: RelationshipRow, action: BulkAction, now: string): string | null {
  const state = stateOf(row, stateClock(Date.parse(now)));
  const roles = JSON.parse(row.roles) as string[];
  const open = ["created", "approval_pending", "active", "expiring"].includes(state);
  switch (action.action) {
    case "terminate":
      return open ? null : "not_active";
    case "setAutoExtend":
      if (!open) return "not_active";
      if (action.autoExtend === "P180D" && roles.includes(GLOBAL_ADMINISTRATOR)) {
        return "auto_extend_not_allowed";
      }
      return row.auto_extend_days > 0 === (action.autoExtend === "P180D") ? "unchanged" : null;
    case "removeRole":
      if (state !== "active" && state !== "expiring") return "not_active";
      if (!roles.includes(action.role)) return "role_absent";
      return roles.length === 1 ? "last_role" : null;
  }
}

async function plan(
  db: D1Database,
  row: RelationshipRow,
  action: BulkAction,
  context: BulkContext,
): Promise<Planned> {
  const now = new Date(context.nowMs).toISOString();
  const auditId = newId();
  const entry = {
    id: auditId,
    actorUserId: context.actorUserId,
    requestId: context.requestId,
    occurredAt: now,
  };
  const mine = sql`a.id = ${row.id} AND a.partner_id = ${context.partnerId}`;
  const audited = whenAudited(auditId);
  switch (action.action) {
    case "terminate":
      return {
        id: row.id,
        auditId,
        replacement: null,
        statements: [
          relationshipAudit(
            db,
            { ...entry, action: "adminRelationship.terminated", details: { bulk: true } },
            sql`${mine} AND (${awaitingSql(now)} OR ${usableSql(now)})`,
          ),
          prepare(
            db,
            sql`UPDATE admin_relationships SET status = 'terminated', recorded_state = 'terminated',
                 terminated_at = ${now}, terminated_by = ${context.actorUserId}
               WHERE id = ${row.id} AND ${audited}`,
          ),
        ],
      };
    case "setAutoExtend": {
      const days = action.autoExtend === "P180D" ? 180 : 0;
      return {
        id: row.id,
        auditId,
        replacement: null,
        statements: [
          relationshipAudit(
            db,
            {
              ...entry,
              action: "adminRelationship.autoExtendSet",
              details: { autoExtend: action.autoExtend },
            },
            sql`${mine} AND (${awaitingSql(now)} OR ${usableSql(now)}) AND a.auto_extend_days <> ${days}
              AND NOT (${days} > 0 AND ${roleIn(GLOBAL_ADMINISTRATOR)})`,
          ),
          // An end already passed under auto-extension is where the extensions took it.
          prepare(
            db,
            sql`UPDATE admin_relationships SET auto_extend_days = ${days}, ends_at = ${effectiveEnd(row, now)}
               WHERE id = ${row.id} AND ${audited}`,
          ),
        ],
      };
    }
    case "removeRole": {
      const token = newApprovalToken();
      const replacement: NewRelationship = {
        id: newId(),
        partnerId: context.partnerId,
        customerId: row.customer_id,
        displayName: row.display_name,
        roles: (JSON.parse(row.roles) as string[]).filter((role) => role !== action.role),
        duration: row.duration,
        durationParts: parseDuration(row.duration) ?? { years: 0, months: 0, days: 0 },
        autoExtendDays: row.auto_extend_days,
        locale: row.locale,
        tokenHash: await approvalTokenHash(context.cloud, token),
        replacesDelegatedAdmin: false,
        replacesId: row.id,
        createdBy: context.actorUserId,
        createdAt: now,
        requestExpiresAt: plusDays(now, REQUEST_DAYS),
      };
      return {
        id: row.id,
        auditId,
        replacement: requestLink({
          cloud: context.cloud,
          origin: context.origin,
          partnerName: row.partner_name,
          token,
          relationship: replacement,
        }),
        statements: [
          insertAuditWhen(
            db,
            {
              ...entry,
              partnerId: context.partnerId,
              action: "adminRelationship.created",
              targetType: "admin_relationship",
              targetId: replacement.id,
              details: { replaces: row.id, removedRole: action.role },
            },
            sql`EXISTS (SELECT 1 FROM admin_relationships a WHERE ${mine} AND ${usableSql(now)}
              AND ${roleIn(action.role)} AND ${noPendingReplacement(now)})`,
          ),
          insertRelationship(db, replacement, auditId),
        ],
      };
    }
  }
}

/**
 * Applies `action` to `rows` (a page of the partner's selection) in one batch; the answer per
 * relationship, in the page's order.
 */
export async function applyBulk(
  db: D1Database,
  rows: RelationshipRow[],
  action: BulkAction,
  context: BulkContext,
): Promise<BulkResult[]> {
  const now = new Date(context.nowMs).toISOString();
  const skipped = new Map<string, string>();
  const planned: Planned[] = [];
  for (const row of rows) {
    const reason = precheck(row, action, now);
    if (reason) skipped.set(row.id, reason);
    else planned.push(await plan(db, row, action, context));
  }
  const done = new Map<string, { done: number; pending: number }>();
  if (planned.length > 0) {
    const audits = JSON.stringify(Object.fromEntries(planned.map((p) => [p.id, p.auditId])));
    const results = await db.batch([
      ...planned.flatMap((p) => p.statements),
      prepare(
        db,
        sql`SELECT j.key AS id, EXISTS (SELECT 1 FROM audit_records WHERE id = j.value) AS done,
             EXISTS (SELECT 1 FROM admin_relationships r
               WHERE r.replaces_id = j.key AND ${awaitingSql(now, "r")}) AS pending
           FROM json_each(${audits}) j`,
      ),
    ]);
    for (const report of (results.at(-1)?.results ?? []) as {
      id: string;
      done: number;
      pending: number;
    }[]) {
      done.set(report.id, report);
    }
  }
  const byId = new Map(planned.map((p) => [p.id, p]));
  return rows.map((row): BulkResult => {
    const reason = skipped.get(row.id);
    const report = done.get(row.id);
    if (reason || !report || report.done !== 1) {
      const code =
        reason ??
        (action.action === "removeRole" && report?.pending === 1 ? "already_requested" : "changed");
      return { id: row.id, outcome: "skipped", code, replacement: null };
    }
    return {
      id: row.id,
      outcome: "done",
      code: null,
      replacement: byId.get(row.id)?.replacement ?? null,
    };
  });
}
