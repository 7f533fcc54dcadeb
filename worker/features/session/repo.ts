import type { Role } from "../../../src/domain/roles.ts";
import type { SessionUser } from "../../../src/domain/schemas/session.ts";
import { AUDIT_INTO, insertAudit, type AuditEntry } from "../../lib/audit.ts";
import type { Principal } from "../../lib/auth.ts";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../../lib/session.ts";
import { prepare, raw, sql } from "../../lib/sql.ts";

/** A directory user as sign-in and `GET /session` need it: one joined row. */
interface UserRow {
  id: string;
  email: string;
  display_name: string;
  kind: "partner" | "customer" | "operator";
  roles: string;
  password_hash: string;
  must_change_password: number;
  partner_id: string | null;
  partner_name: string | null;
  partner_type: "direct_reseller" | "indirect_reseller" | "indirect_provider" | null;
  customer_id: string | null;
  customer_company_name: string | null;
  customer_domain: string | null;
}

export interface DirectoryUser {
  user: SessionUser;
  passwordHash: string;
}

const USER_COLUMNS = raw(`
  u.id, u.email, u.display_name, u.kind, u.roles, u.password_hash, u.must_change_password,
  p.id AS partner_id, p.name AS partner_name, p.type AS partner_type,
  cu.id AS customer_id, cu.company_name AS customer_company_name, cu.domain AS customer_domain
  FROM users u
  LEFT JOIN partners p ON p.id = u.partner_id AND p.status = 'active'
  LEFT JOIN customers cu ON cu.id = u.customer_id`);

function toDirectoryUser(row: UserRow | null): DirectoryUser | undefined {
  if (!row) return undefined;
  // A partner's user whose partner is not active (suspended) signs in as no one.
  if (row.kind === "partner" && !row.partner_id) return undefined;
  if (row.kind === "customer" && !row.customer_id) return undefined;
  const user: SessionUser = {
    id: row.id,
    email: row.email,
    name: row.display_name,
    kind: row.kind,
    roles: JSON.parse(row.roles) as Role[],
    mustChangePassword: row.must_change_password === 1,
    ...(row.partner_id && row.partner_name && row.partner_type
      ? { partner: { id: row.partner_id, name: row.partner_name, type: row.partner_type } }
      : {}),
    ...(row.customer_id && row.customer_company_name && row.customer_domain
      ? {
          customer: {
            id: row.customer_id,
            companyName: row.customer_company_name,
            domain: row.customer_domain,
          },
        }
      : {}),
  };
  return { user, passwordHash: row.password_hash };
}

/** The active user signing in as `email` (case-insensitive), with their partner or customer. */
export async function findUserByEmail(
  db: D1Database,
  email: string,
): Promise<DirectoryUser | undefined> {
  const row = await prepare(
    db,
    sql`SELECT ${USER_COLUMNS} WHERE u.email = ${email.trim().toLowerCase()} AND u.status = 'active'`,
  ).first<UserRow>();
  return toDirectoryUser(row);
}

/** The active user with id `id`. */
export async function findUserById(db: D1Database, id: string): Promise<DirectoryUser | undefined> {
  const row = await prepare(
    db,
    sql`SELECT ${USER_COLUMNS} WHERE u.id = ${id} AND u.status = 'active'`,
  ).first<UserRow>();
  return toDirectoryUser(row);
}

/** The active user that identity-provider identity `issuer` + `subject` is mapped to. */
export async function findUserByIdentity(
  db: D1Database,
  issuer: string,
  subject: string,
): Promise<DirectoryUser | undefined> {
  const row = await prepare(
    db,
    sql`SELECT ${USER_COLUMNS} JOIN identities i ON i.user_id = u.id
       WHERE i.issuer = ${issuer} AND i.subject = ${subject} AND u.status = 'active'`,
  ).first<UserRow>();
  return toDirectoryUser(row);
}

/**
 * Starts session `tokenHash` for `userId` at `now` (ms), clearing that user's ended sessions,
 * with its audit record, in one batch.
 */
export async function insertSession(
  db: D1Database,
  userId: string,
  tokenHash: string,
  now: number,
  audit: AuditEntry,
): Promise<void> {
  await db.batch([
    prepare(
      db,
      sql`DELETE FROM sessions WHERE user_id = ${userId}
          AND (expires_at <= ${now} OR last_seen_at <= ${now - SESSION_IDLE_MS})`,
    ),
    db
      .prepare(
        `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
         VALUES (?1, ?2, ?3, ?3, ?4)`,
      )
      .bind(tokenHash, userId, now, now + SESSION_ABSOLUTE_MS),
    insertAudit(db, audit),
  ]);
}

/**
 * Ends session `tokenHash` (sign-out) on the unbound database: whoever holds the token may end
 * it, live or not. Its audit record (`id`, `requestId`, `occurredAt` from `audit`) names the
 * session's own user and partner, as the database has them, and is written only when there was a
 * session to end, in the same batch.
 */
export async function deleteSession(
  db: D1Database,
  tokenHash: string,
  audit: Pick<AuditEntry, "id" | "requestId" | "occurredAt">,
): Promise<void> {
  await db.batch([
    prepare(
      db,
      sql`INSERT INTO ${AUDIT_INTO}
        SELECT ${audit.id}, u.partner_id, u.id, 'session.signed_out', 'user', u.id,
          ${audit.requestId}, ${audit.occurredAt}, '{}'
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash}`,
    ),
    prepare(db, sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`),
  ]);
}

/** Ends every session of `userId` (sign out everywhere), with its audit record, in one batch. */
export async function deleteSessionsOf(
  db: D1Database,
  userId: string,
  audit: AuditEntry,
): Promise<void> {
  await db.batch([
    prepare(db, sql`DELETE FROM sessions WHERE user_id = ${userId}`),
    insertAudit(db, audit),
  ]);
}

/** The principal a directory user signs in as. */
export function principalOf(user: SessionUser, via: Principal["via"]): Principal {
  return {
    userId: user.id,
    kind: user.kind,
    partnerId: user.partner?.id,
    customerId: user.customer?.id,
    roles: user.roles,
    mustChangePassword: user.mustChangePassword,
    via,
  };
}

/**
 * Replaces the user's password hash and clears the temporary-password flag, ending every other
 * session of the user (all but `keepSessionHash`), with its audit record, in one batch.
 */
export async function updatePassword(
  db: D1Database,
  userId: string,
  passwordHash: string,
  keepSessionHash: string | null,
  audit: AuditEntry,
): Promise<void> {
  await db.batch([
    prepare(
      db,
      sql`UPDATE users SET password_hash = ${passwordHash}, must_change_password = 0,
          updated_at = ${audit.occurredAt} WHERE id = ${userId}`,
    ),
    prepare(
      db,
      sql`DELETE FROM sessions WHERE user_id = ${userId} AND token_hash IS NOT ${keepSessionHash}`,
    ),
    insertAudit(db, audit),
  ]);
}
