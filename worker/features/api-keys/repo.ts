/**
 * API keys in D1 (SPEC §6, API key). A partner sees only its own keys (every statement starts
 * from its partner id); the key itself is never stored, only its hash. Each read is one
 * statement; each write one guarded batch (worker/lib/guarded-write.ts) with its audit record.
 */
import type { ApiKey, ApiKeyState, KeyPermission } from "../../../src/domain/schemas/api-key.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { insertWhere, prepare, raw, sql } from "../../lib/sql.ts";

/** At most this many live keys per partner: the bound on what its automation may spend. */
export const API_KEYS_PER_PARTNER = 25;

export interface NewApiKey {
  id: string;
  partnerId: string;
  createdBy: string;
  name: string;
  keyHash: string;
  permissions: readonly KeyPermission[];
  createdAt: string;
  expiresAt: string;
}

/** A key as the list reads it, with its creator's name while the creator exists. */
export interface ApiKeyRow {
  id: string;
  name: string;
  permissions: string;
  state: ApiKeyState;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_by: string;
  creator_name: string | null;
}

/** The columns of {@link ApiKeyRow} over `k` (a key) and `u` (its creator), state at `now`. */
function rowColumns(now: string) {
  return sql`k.id, k.name, k.permissions,
    CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
         WHEN k.expires_at <= ${now} THEN 'expired' ELSE 'active' END AS state,
    k.created_at, k.expires_at, k.revoked_at, k.last_used_at, k.created_by,
    u.display_name AS creator_name`;
}

const FROM_KEYS = raw(
  "FROM api_keys k LEFT JOIN users u ON u.id = k.created_by AND u.partner_id = k.partner_id",
);

/**
 * Stores a key (its hash only) with its audit record, only while the partner has fewer than
 * {@link API_KEYS_PER_PARTNER} live keys; returns the stored row, or undefined at the limit.
 */
export async function insertApiKey(
  db: D1Database,
  key: NewApiKey,
  audit: AuditEntry,
): Promise<ApiKeyRow | undefined> {
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      sql`(SELECT COUNT(*) FROM api_keys WHERE partner_id = ${key.partnerId}
        AND revoked_at IS NULL AND expires_at > ${key.createdAt}) < ${API_KEYS_PER_PARTNER}`,
    ),
    insertWhere(
      db,
      "api_keys",
      {
        id: key.id,
        partner_id: key.partnerId,
        created_by: key.createdBy,
        name: key.name,
        key_hash: key.keyHash,
        permissions: JSON.stringify(key.permissions),
        created_at: key.createdAt,
        expires_at: key.expiresAt,
        revoked_at: null,
        last_used_at: null,
      },
      audited,
    ),
    prepare(
      db,
      sql`SELECT ${rowColumns(key.createdAt)} ${FROM_KEYS}
        WHERE k.id = ${key.id} AND k.partner_id = ${key.partnerId}`,
    ),
  ]);
  return results.at(-1)?.results[0] as ApiKeyRow | undefined;
}

/** One page of partner `partnerId`'s keys, newest first, after the (created_at, id) `after`. */
export async function apiKeyPage(
  db: D1Database,
  page: { partnerId: string; now: string; after: Position | undefined; limit: number },
): Promise<ApiKeyRow[]> {
  const position = page.after
    ? sql`AND (k.created_at, k.id) < (${page.after[0]}, ${page.after[1]})`
    : raw("");
  const { results } = await prepare(
    db,
    sql`SELECT ${rowColumns(page.now)} ${FROM_KEYS}
      WHERE k.partner_id = ${page.partnerId} ${position}
      ORDER BY k.created_at DESC, k.id DESC
      LIMIT ${page.limit}`,
  ).all<ApiKeyRow>();
  return results;
}

/** The API's view of a key row. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    permissions: JSON.parse(row.permissions) as KeyPermission[],
    state: row.state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdBy: {
      id: row.created_by,
      ...(row.creator_name === null ? {} : { name: row.creator_name }),
    },
  };
}

export type RevokeOutcome = "revoked" | "already_revoked" | "not_found";

/**
 * Revokes partner `partnerId`'s key `keyId` with its audit record: from this batch on, the key
 * check refuses it.
 */
export async function revokeApiKey(
  db: D1Database,
  partnerId: string,
  keyId: string,
  audit: AuditEntry,
): Promise<RevokeOutcome> {
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      sql`EXISTS (SELECT 1 FROM api_keys
        WHERE id = ${keyId} AND partner_id = ${partnerId} AND revoked_at IS NULL)`,
    ),
    prepare(
      db,
      sql`UPDATE api_keys SET revoked_at = ${audit.occurredAt}
        WHERE id = ${keyId} AND partner_id = ${partnerId} AND ${audited}`,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS revoked,
        EXISTS (SELECT 1 FROM api_keys WHERE id = ${keyId} AND partner_id = ${partnerId}) AS found`,
    ),
  ]);
  const report = results.at(-1)?.results[0] as { revoked: number; found: number } | undefined;
  if (!report) throw new Error("revoke batch returned no report");
  if (report.revoked === 1) return "revoked";
  return report.found === 1 ? "already_revoked" : "not_found";
}
