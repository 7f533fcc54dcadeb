/**
 * A partner's users in D1 (SPEC §6, Partner users and groups). Every query names the caller's
 * partner, so another partner's user simply has no row (404); a removed user has none either.
 * Each write is one guarded batch (lib/guarded-write.ts) that ends the user's sessions with the
 * change; the last active global admin is kept by the triggers of migration 0008, which abort
 * the batch with `last_global_admin`.
 */
import type { Role } from "../../../src/domain/roles.ts";
import type { PartnerUser, UserStatus } from "../../../src/domain/schemas/user.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { errorText } from "../../lib/problem.ts";
import { insertWhere, join, prefixEnd, prepare, raw, sql, type Sql } from "../../lib/sql.ts";

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  name_key: string;
  roles: string;
  status: UserStatus;
  must_change_password: number;
  created_at: string;
  updated_at: string;
}

const USER_COLUMNS = raw(
  "u.id, u.email, u.display_name, u.name_key, u.roles, u.status, u.must_change_password, u.created_at, u.updated_at",
);

/** The partner's user `userId` that is not removed (a condition on `u`). */
function ownUser(partnerId: string, userId: string | Sql): Sql {
  return sql`u.partner_id = ${partnerId} AND u.id = ${userId} AND u.kind = 'partner' AND u.status <> 'removed'`;
}

/** The statement that reads the partner's user `userId` (none when it is not theirs). */
function userStatement(db: D1Database, partnerId: string, userId: string): D1PreparedStatement {
  return prepare(db, sql`SELECT ${USER_COLUMNS} FROM users u WHERE ${ownUser(partnerId, userId)}`);
}

export function toPartnerUser(row: UserRow): PartnerUser {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    roles: JSON.parse(row.roles) as Role[],
    status: row.status,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The partner's user `userId`, or undefined. */
export async function findUser(
  db: D1Database,
  partnerId: string,
  userId: string,
): Promise<PartnerUser | undefined> {
  const row = await userStatement(db, partnerId, userId).first<UserRow>();
  return row ? toPartnerUser(row) : undefined;
}

export interface UserFilters {
  /** Lowercased starts-with on the name key or the email. */
  q?: string;
  role?: Role;
  status?: UserStatus;
}

/**
 * One page of the partner's users in (name key, id) order after `after`. Each branch is a
 * range of `users_by_partner` (by name) or `users_by_partner_email`; a `q` merges both.
 */
export async function userPage(
  db: D1Database,
  partnerId: string,
  filters: UserFilters,
  after: Position | undefined,
  limit: number,
): Promise<UserRow[]> {
  const conditions: Sql[] = [
    sql`u.partner_id = ${partnerId}`,
    sql`u.kind = 'partner'`,
    filters.status ? sql`u.status = ${filters.status}` : sql`u.status <> 'removed'`,
  ];
  if (filters.role) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(u.roles) WHERE value = ${filters.role})`);
  }
  if (after) conditions.push(sql`(u.name_key, u.id) > (${after[0]}, ${after[1]})`);
  if (filters.q) {
    const q = filters.q;
    conditions.push(
      sql`((u.name_key >= ${q} AND u.name_key < ${prefixEnd(q)})
        OR (u.email >= ${q} AND u.email < ${prefixEnd(q)}))`,
    );
  }
  const { results } = await prepare(
    db,
    sql`SELECT ${USER_COLUMNS} FROM users u WHERE ${join(conditions, " AND ")}
        ORDER BY u.name_key, u.id LIMIT ${limit}`,
  ).all<UserRow>();
  return results;
}

/** What a guarded user write found: the user after it, and why it did nothing. */
interface WriteReport {
  done: number;
  /** JSON of the user row after the write; null when not the partner's (or now removed). */
  user: string | null;
}

export type UserWriteOutcome =
  /** `user` is the user after the write; none once removed. */
  | { kind: "done"; user: PartnerUser | undefined }
  | { kind: "not_found" }
  | { kind: "last_global_admin" };

/** The report statement every guarded write ends with. */
function reportOf(db: D1Database, partnerId: string, userId: string, auditId: string) {
  return prepare(
    db,
    sql`SELECT ${whenAudited(auditId)} AS done,
        (SELECT json_object('id', u.id, 'email', u.email, 'display_name', u.display_name,
            'name_key', u.name_key, 'roles', u.roles, 'status', u.status,
            'must_change_password', u.must_change_password, 'created_at', u.created_at,
            'updated_at', u.updated_at)
           FROM users u WHERE ${ownUser(partnerId, userId)}) AS user`,
  );
}

/** Whether `error` is the abort of the last-global-admin triggers (migration 0008). */
export function isLastGlobalAdmin(error: unknown): boolean {
  return errorText(error).includes("last_global_admin");
}

/**
 * Runs a guarded write on the partner's user: the audit record when the user is theirs (and
 * `guard` holds), then `changes` (each carrying the audit condition), then every session of the
 * user ends, then the report.
 */
async function guardedUserWrite(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; userId: string; guard?: Sql },
  changes: (audited: Sql) => Sql[],
): Promise<UserWriteOutcome> {
  const { audit, partnerId, userId } = write;
  const audited = whenAudited(audit.id);
  const own = sql`EXISTS (SELECT 1 FROM users u WHERE ${ownUser(partnerId, userId)})`;
  let results: D1Result[];
  try {
    results = await db.batch([
      insertAuditWhen(db, audit, write.guard ? sql`${own} AND ${write.guard}` : own),
      ...changes(audited).map((change) => prepare(db, change)),
      prepare(db, sql`DELETE FROM sessions WHERE user_id = ${userId} AND ${audited}`),
      reportOf(db, partnerId, userId, audit.id),
    ]);
  } catch (error) {
    if (isLastGlobalAdmin(error)) return { kind: "last_global_admin" };
    throw error;
  }
  const report = results.at(-1)?.results[0] as WriteReport | undefined;
  if (!report) throw new Error("user write returned no report");
  if (report.done !== 1) return { kind: "not_found" };
  return {
    kind: "done",
    user: report.user === null ? undefined : toPartnerUser(JSON.parse(report.user) as UserRow),
  };
}

/** Sets the user's roles (in canonical order); their sessions end. */
export function setUserRoles(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; userId: string; roles: Role[] },
): Promise<UserWriteOutcome> {
  const roles = JSON.stringify(write.roles);
  return guardedUserWrite(db, write, (audited) => [
    sql`UPDATE users SET roles = ${roles}, updated_at = ${write.audit.occurredAt}
        WHERE id = ${write.userId} AND ${audited}`,
  ]);
}

/** Disables or enables the user; their sessions end. */
export function setUserStatus(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; userId: string; status: UserStatus },
): Promise<UserWriteOutcome> {
  return guardedUserWrite(db, write, (audited) => [
    sql`UPDATE users SET status = ${write.status}, updated_at = ${write.audit.occurredAt}
        WHERE id = ${write.userId} AND ${audited}`,
  ]);
}

/** Gives the user a new temporary password to change at next sign-in; their sessions end. */
export function resetUserPassword(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; userId: string; passwordHash: string },
): Promise<UserWriteOutcome> {
  return guardedUserWrite(db, write, (audited) => [
    sql`UPDATE users SET password_hash = ${write.passwordHash}, must_change_password = 1,
          updated_at = ${write.audit.occurredAt}
        WHERE id = ${write.userId} AND ${audited}`,
  ]);
}

/**
 * Removes the user: the row stays as `removed` (audit records name their actor by it,
 * invitations point to their creator), with no password, no identity-provider mapping and no
 * group; their sessions end, and their email is free again.
 */
export function removeUser(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; userId: string },
): Promise<UserWriteOutcome> {
  return guardedUserWrite(db, write, (audited) => [
    sql`UPDATE users SET status = 'removed', password_hash = '', must_change_password = 0,
          updated_at = ${write.audit.occurredAt}
        WHERE id = ${write.userId} AND ${audited}`,
    sql`DELETE FROM identities WHERE user_id = ${write.userId} AND ${audited}`,
    sql`DELETE FROM partner_group_members WHERE user_id = ${write.userId} AND ${audited}`,
  ]);
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  nameKey: string;
  roles: Role[];
  passwordHash: string;
}

export type CreateOutcome =
  | { kind: "created"; user: PartnerUser }
  | { kind: "foreign_domain"; domain: string }
  | { kind: "email_taken" };

/** Whether `error` is the unique email index refusing a taken email. */
function isEmailTaken(error: unknown): boolean {
  const text = errorText(error);
  return text.includes("UNIQUE constraint failed") && text.includes("users_email_unique");
}

/**
 * Adds a user to the partner with a temporary password, when the email is in the partner's own
 * domain and no user of the cloud has it (in any case).
 */
export async function insertUser(
  db: D1Database,
  write: { audit: AuditEntry; partnerId: string; user: NewUser },
): Promise<CreateOutcome> {
  const { audit, partnerId, user } = write;
  const audited = whenAudited(audit.id);
  const domain = user.email.slice(user.email.lastIndexOf("@") + 1);
  const ownDomain = sql`EXISTS (SELECT 1 FROM partners WHERE id = ${partnerId} AND email_domain = ${domain})`;
  const taken = sql`EXISTS (SELECT 1 FROM users WHERE lower(email) = ${user.email} AND status <> 'removed')`;
  let results: D1Result[];
  try {
    results = await db.batch([
      insertAuditWhen(db, audit, sql`${ownDomain} AND NOT ${taken}`),
      insertWhere(
        db,
        "users",
        {
          id: user.id,
          email: user.email,
          display_name: user.displayName,
          name_key: user.nameKey,
          kind: "partner",
          partner_id: partnerId,
          roles: JSON.stringify(user.roles),
          password_hash: user.passwordHash,
          must_change_password: 1,
          status: "active",
          created_at: audit.occurredAt,
          updated_at: audit.occurredAt,
        },
        audited,
      ),
      prepare(
        db,
        sql`SELECT ${audited} AS done, ${ownDomain} AS own_domain,
            (SELECT email_domain FROM partners WHERE id = ${partnerId}) AS partner_domain`,
      ),
      userStatement(db, partnerId, user.id),
    ]);
  } catch (error) {
    // Another request took the email between the guard and the insert: the index refuses it.
    if (isEmailTaken(error)) return { kind: "email_taken" };
    throw error;
  }
  const report = results.at(-2)?.results[0] as
    { done: number; own_domain: number; partner_domain: string | null } | undefined;
  const row = results.at(-1)?.results[0] as UserRow | undefined;
  if (report?.done === 1 && row) return { kind: "created", user: toPartnerUser(row) };
  if (report?.own_domain !== 1)
    return { kind: "foreign_domain", domain: report?.partner_domain ?? "" };
  return { kind: "email_taken" };
}
