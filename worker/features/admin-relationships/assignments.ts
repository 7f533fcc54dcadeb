/**
 * Access assignments (SPEC §6): which of a relationship's roles a group of the same partner
 * holds. Each change is one guarded batch with its audit record: the relationship is the
 * partner's and gives its roles now, the group is the partner's, and the roles are a subset of
 * the relationship's (the database trigger of migration 0011 keeps groups to their partner too).
 */
import type { AdminRoleId } from "../../../src/domain/admin-roles.ts";
import { whenAudited } from "../../lib/guarded-write.ts";
import { prepare, sql } from "../../lib/sql.ts";
import { relationshipAudit, type AssignmentRow, type RelationshipAuditEntry } from "./repo.ts";
import { usableSql } from "./state.ts";

export interface AssignmentChange {
  partnerId: string;
  relationshipId: string;
  groupId: string;
  audit: RelationshipAuditEntry;
}

interface AssignReport extends Partial<AssignmentRow> {
  assigned: number;
  visible: number;
  usable: number;
  group_ok: number;
  subset: number;
}

export type AssignOutcome =
  | { kind: "assigned"; row: AssignmentRow }
  | { kind: "not_found" | "not_active" | "not_in_relationship" };

/** Gives group `groupId` the `roles` of relationship `relationshipId` (replacing what it held). */
export async function assignRoles(
  db: D1Database,
  change: AssignmentChange & { roles: readonly AdminRoleId[] },
): Promise<AssignOutcome> {
  const { partnerId, relationshipId, groupId, audit } = change;
  const now = audit.occurredAt;
  const roles = JSON.stringify(change.roles);
  const audited = whenAudited(audit.id);
  const visible = sql`EXISTS (SELECT 1 FROM admin_relationships a WHERE a.id = ${relationshipId} AND a.partner_id = ${partnerId})`;
  const usable = sql`EXISTS (SELECT 1 FROM admin_relationships a WHERE a.id = ${relationshipId} AND ${usableSql(now)})`;
  const groupOk = sql`EXISTS (SELECT 1 FROM partner_groups WHERE id = ${groupId} AND partner_id = ${partnerId})`;
  const subset = sql`NOT EXISTS (SELECT 1 FROM json_each(${roles}) r WHERE r.value NOT IN
    (SELECT value FROM admin_relationships a, json_each(a.roles) WHERE a.id = ${relationshipId}))`;
  const results = await db.batch([
    relationshipAudit(
      db,
      { ...audit, details: { groupId, roles: change.roles } },
      sql`a.id = ${relationshipId} AND a.partner_id = ${partnerId} AND ${usableSql(now)}
        AND ${groupOk} AND ${subset}`,
    ),
    prepare(
      db,
      sql`INSERT INTO admin_relationship_assignments (relationship_id, group_id, roles, created_at, updated_at)
         SELECT ${relationshipId}, ${groupId}, ${roles}, ${now}, ${now} WHERE ${audited}
         ON CONFLICT (relationship_id, group_id) DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at`,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS assigned, ${visible} AS visible, ${usable} AS usable,
           ${groupOk} AS group_ok, ${subset} AS subset,
           s.group_id, g.name AS group_name, s.roles, s.created_at, s.updated_at
         FROM (SELECT 1) LEFT JOIN admin_relationship_assignments s
           ON s.relationship_id = ${relationshipId} AND s.group_id = ${groupId} AND ${audited}
         LEFT JOIN partner_groups g ON g.id = s.group_id`,
    ),
  ]);
  const report = results.at(-1)?.results[0] as AssignReport | undefined;
  if (!report) throw new Error("assignment batch returned no report");
  if (report.assigned === 1) return { kind: "assigned", row: report as AssignmentRow };
  if (report.visible !== 1 || report.group_ok !== 1) return { kind: "not_found" };
  if (report.usable !== 1) return { kind: "not_active" };
  return { kind: "not_in_relationship" };
}

/** Takes the roles of relationship `relationshipId` from group `groupId`; false when it held none. */
export async function unassignRoles(db: D1Database, change: AssignmentChange): Promise<boolean> {
  const { partnerId, relationshipId, groupId, audit } = change;
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    relationshipAudit(
      db,
      { ...audit, details: { groupId } },
      sql`a.id = ${relationshipId} AND a.partner_id = ${partnerId} AND EXISTS (
        SELECT 1 FROM admin_relationship_assignments s
        WHERE s.relationship_id = a.id AND s.group_id = ${groupId})`,
    ),
    prepare(
      db,
      sql`DELETE FROM admin_relationship_assignments
         WHERE relationship_id = ${relationshipId} AND group_id = ${groupId} AND ${audited}`,
    ),
    prepare(db, sql`SELECT ${audited} AS removed`),
  ]);
  return (results.at(-1)?.results[0] as { removed: number } | undefined)?.removed === 1;
}
