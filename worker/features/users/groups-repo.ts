/**
 * A partner's groups and their members in D1 (migration 0007): every query names the caller's
 * partner, so another partner's group or user has no row (404). Names are unique per partner
 * whatever their case (`UNIQUE (partner_id, name_key)`); a member is one of the partner's users
 * who is not removed (guarded here, and refused by the table's trigger whoever writes).
 */
import type { GroupMember, PartnerGroup } from "../../../src/domain/schemas/user.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAudit } from "../../lib/audit.ts";
import { insertAuditWhen, isUniqueViolation, whenAudited } from "../../lib/guarded-write.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { errorText } from "../../lib/problem.ts";
import { insertWhere, prepare, raw, sql, type Sql } from "../../lib/sql.ts";

export interface GroupRow {
  id: string;
  name: string;
  name_key: string;
  member_count: number;
  created_at: string;
  updated_at: string;
}

const GROUP_COLUMNS = raw(`g.id, g.name, g.name_key, g.created_at, g.updated_at,
  (SELECT count(*) FROM partner_group_members m WHERE m.group_id = g.id) AS member_count`);

function ownGroup(partnerId: string, groupId: string): Sql {
  return sql`EXISTS (SELECT 1 FROM partner_groups WHERE id = ${groupId} AND partner_id = ${partnerId})`;
}

function groupStatement(db: D1Database, partnerId: string, groupId: string) {
  return prepare(
    db,
    sql`SELECT ${GROUP_COLUMNS} FROM partner_groups g WHERE g.id = ${groupId} AND g.partner_id = ${partnerId}`,
  );
}

export function toGroup(row: GroupRow): PartnerGroup {
  return {
    id: row.id,
    name: row.name,
    memberCount: row.member_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One page of the partner's groups by name key (the partner's unique index, in order). */
export async function groupPage(
  db: D1Database,
  partnerId: string,
  after: Position | undefined,
  limit: number,
): Promise<GroupRow[]> {
  const position = after ? sql` AND (g.name_key, g.id) > (${after[0]}, ${after[1]})` : raw("");
  const { results } = await prepare(
    db,
    sql`SELECT ${GROUP_COLUMNS} FROM partner_groups g
        WHERE g.partner_id = ${partnerId}${position}
        ORDER BY g.name_key, g.id LIMIT ${limit}`,
  ).all<GroupRow>();
  return results;
}

/** Whether `error` is the partner's unique group name refusing a taken one. */
function isNameTaken(error: unknown): boolean {
  return isUniqueViolation(error, ["partner_groups.partner_id", "partner_groups.name_key"]);
}

export type GroupOutcome =
  { kind: "done"; group: PartnerGroup } | { kind: "not_found" } | { kind: "name_taken" };

/** Adds a group named `name` to the partner. */
export async function insertGroup(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; id: string; name: string; nameKey: string },
): Promise<GroupOutcome> {
  const { audit } = write;
  try {
    const results = await db.batch([
      insertAudit(db, audit),
      insertWhere(
        db,
        "partner_groups",
        {
          id: write.id,
          partner_id: write.partnerId,
          name: write.name,
          name_key: write.nameKey,
          created_at: audit.occurredAt,
          updated_at: audit.occurredAt,
        },
        whenAudited(audit.id),
      ),
      groupStatement(db, write.partnerId, write.id),
    ]);
    const row = results.at(-1)?.results[0] as GroupRow | undefined;
    if (!row) throw new Error("group insert returned no row");
    return { kind: "done", group: toGroup(row) };
  } catch (error) {
    if (isNameTaken(error)) return { kind: "name_taken" };
    throw error;
  }
}

/** Renames the partner's group `groupId`. */
export async function renameGroup(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; groupId: string; name: string; nameKey: string },
): Promise<GroupOutcome> {
  const { audit, partnerId, groupId } = write;
  try {
    const results = await db.batch([
      insertAuditWhen(db, audit, ownGroup(partnerId, groupId)),
      prepare(
        db,
        sql`UPDATE partner_groups SET name = ${write.name}, name_key = ${write.nameKey},
              updated_at = ${audit.occurredAt}
            WHERE id = ${groupId} AND partner_id = ${partnerId} AND ${whenAudited(audit.id)}`,
      ),
      groupStatement(db, partnerId, groupId),
    ]);
    const row = results.at(-1)?.results[0] as GroupRow | undefined;
    return row ? { kind: "done", group: toGroup(row) } : { kind: "not_found" };
  } catch (error) {
    if (isNameTaken(error)) return { kind: "name_taken" };
    throw error;
  }
}

/** Removes the partner's group `groupId` and its memberships; whether there was one. */
export async function deleteGroup(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; groupId: string },
): Promise<boolean> {
  const { audit, partnerId, groupId } = write;
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    insertAuditWhen(db, audit, ownGroup(partnerId, groupId)),
    prepare(db, sql`DELETE FROM partner_group_members WHERE group_id = ${groupId} AND ${audited}`),
    prepare(
      db,
      sql`DELETE FROM partner_groups WHERE id = ${groupId} AND partner_id = ${partnerId} AND ${audited}`,
    ),
    prepare(db, sql`SELECT ${audited} AS done`),
  ]);
  return (results.at(-1)?.results[0] as { done: number } | undefined)?.done === 1;
}

export interface MemberRow {
  id: string;
  display_name: string;
  name_key: string;
  email: string;
  status: "active" | "disabled";
  added_at: string;
}

export function toMember(row: MemberRow): GroupMember {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    status: row.status,
    addedAt: row.added_at,
  };
}

/**
 * One page of the members of the partner's group `groupId` by name, and whether the group is
 * the partner's (one batch: one round trip).
 */
export async function memberPage(
  db: D1Database,
  partnerId: string,
  groupId: string,
  after: Position | undefined,
  limit: number,
): Promise<MemberRow[] | undefined> {
  const position = after ? sql` AND (u.name_key, u.id) > (${after[0]}, ${after[1]})` : raw("");
  const [found, members] = await db.batch([
    prepare(db, sql`SELECT ${ownGroup(partnerId, groupId)} AS found`),
    prepare(
      db,
      sql`SELECT u.id, u.display_name, u.name_key, u.email, u.status, m.added_at
          FROM partner_group_members m
          JOIN partner_groups g ON g.id = m.group_id
          JOIN users u ON u.id = m.user_id
          WHERE m.group_id = ${groupId} AND g.partner_id = ${partnerId}${position}
          ORDER BY u.name_key, u.id LIMIT ${limit}`,
    ),
  ]);
  if ((found?.results[0] as { found: number } | undefined)?.found !== 1) return undefined;
  return (members?.results ?? []) as MemberRow[];
}

export type MemberOutcome = "added" | "already" | "removed" | "not_found";

/** Whether `error` is the member trigger refusing a user of another partner. */
function isForeignMember(error: unknown): boolean {
  return errorText(error).includes("group_member_foreign");
}

/** Adds the partner's user `userId` to the partner's group `groupId`. */
export async function addMember(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; groupId: string; userId: string },
): Promise<MemberOutcome> {
  const { audit, partnerId, groupId, userId } = write;
  const audited = whenAudited(audit.id);
  const ownMember = sql`EXISTS (SELECT 1 FROM users WHERE id = ${userId} AND partner_id = ${partnerId}
    AND kind = 'partner' AND status <> 'removed')`;
  const already = sql`EXISTS (SELECT 1 FROM partner_group_members WHERE group_id = ${groupId} AND user_id = ${userId})`;
  const visible = sql`${ownGroup(partnerId, groupId)} AND ${ownMember}`;
  let results: D1Result[];
  try {
    results = await db.batch([
      insertAuditWhen(db, audit, sql`${visible} AND NOT ${already}`),
      insertWhere(
        db,
        "partner_group_members",
        { group_id: groupId, user_id: userId, added_at: audit.occurredAt },
        audited,
      ),
      prepare(db, sql`SELECT ${audited} AS done, ${visible} AS visible`),
    ]);
  } catch (error) {
    if (isForeignMember(error)) return "not_found";
    throw error;
  }
  const report = results.at(-1)?.results[0] as { done: number; visible: number } | undefined;
  if (report?.done === 1) return "added";
  return report?.visible === 1 ? "already" : "not_found";
}

/** Takes user `userId` out of the partner's group `groupId`. */
export async function removeMember(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; groupId: string; userId: string },
): Promise<MemberOutcome> {
  const { audit, partnerId, groupId, userId } = write;
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      sql`${ownGroup(partnerId, groupId)} AND EXISTS (SELECT 1 FROM partner_group_members
        WHERE group_id = ${groupId} AND user_id = ${userId})`,
    ),
    prepare(
      db,
      sql`DELETE FROM partner_group_members WHERE group_id = ${groupId} AND user_id = ${userId} AND ${audited}`,
    ),
    prepare(db, sql`SELECT ${audited} AS done`),
  ]);
  return (results.at(-1)?.results[0] as { done: number } | undefined)?.done === 1
    ? "removed"
    : "not_found";
}
