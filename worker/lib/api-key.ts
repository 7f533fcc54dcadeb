/**
 * API keys as credentials (SPEC §6, API key). A key's text is `pk_<cloud>_<tail>`, the tail
 * base64url of 82 bytes: 32 from the CSPRNG (256 bits), then what the key claims, the way a
 * session cookie carries its description (`lib/session.ts`) — the key's id, its partner, its
 * creator and a bit set of its permissions. So a request knows its principal at once, and the
 * check runs inside the request's own round trip (`api_key_checks`, migration 0009) instead of a
 * look-up before it. The database keeps only the SHA-256 of the whole text: editing the claims
 * changes the hash, and a key of one cloud is refused by its prefix and is unknown to every other
 * cloud's database.
 */
import type { CloudId } from "../../src/domain/clouds.ts";
import { PERMISSIONS } from "../../src/domain/roles.ts";
import { KEY_PERMISSIONS, type KeyPermission } from "../../src/domain/schemas/api-key.ts";
import type { Principal } from "./auth.ts";
import { base64url, fromBase64url, sha256Hex } from "./crypto.ts";
import { errorText } from "./problem.ts";

const SECRET_BYTES = 32;
const ID_BYTES = 16;
const TAIL_BYTES = SECRET_BYTES + 3 * ID_BYTES + 2;
/** 82 bytes in base64url without padding. */
const TAIL_LENGTH = Math.ceil((TAIL_BYTES * 4) / 3);
const KEY_TEXT = new RegExp(`^pk_([a-z]+)_([A-Za-z0-9_-]{${TAIL_LENGTH}})$`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Last-used is moved only when older than this, like a session's last-seen time. */
export const API_KEY_TOUCH_MS = 5 * 60 * 1000;

/** What a key's text claims, checked against its row on every use. */
export interface ApiKeyClaims {
  id: string;
  partnerId: string;
  createdBy: string;
  permissions: KeyPermission[];
}

function uuidBytes(id: string): Uint8Array {
  const hex = id.toLowerCase();
  if (!UUID.test(hex)) throw new Error("API key ids must be UUIDs");
  return Uint8Array.from(hex.replaceAll("-", "").match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function uuidOf(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The permissions in KEY_PERMISSIONS order, as the database keeps them. */
export function canonicalPermissions(permissions: readonly string[]): KeyPermission[] {
  return KEY_PERMISSIONS.filter((permission) => permissions.includes(permission));
}

/**
 * A fresh key's text for `claims` in `cloud`.
 *
 * @example
 * newApiKey("global", { id, partnerId, createdBy, permissions: ["customers.read"] }); // "pk_global_…"
 */
export function newApiKey(cloud: CloudId, claims: ApiKeyClaims): string {
  const bytes = new Uint8Array(TAIL_BYTES);
  bytes.set(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)), 0);
  bytes.set(uuidBytes(claims.id), SECRET_BYTES);
  bytes.set(uuidBytes(claims.partnerId), SECRET_BYTES + ID_BYTES);
  bytes.set(uuidBytes(claims.createdBy), SECRET_BYTES + 2 * ID_BYTES);
  let mask = 0;
  KEY_PERMISSIONS.forEach((permission, bit) => {
    if (claims.permissions.includes(permission)) mask |= 1 << bit;
  });
  bytes.set([mask >> 8, mask & 0xff], SECRET_BYTES + 3 * ID_BYTES);
  return `pk_${cloud}_${base64url(bytes)}`;
}

/** Whether an `Authorization: Bearer` value is meant as an API key (of any cloud). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith("pk_");
}

/**
 * The claims of `text` when it is a well-formed key of `cloud`; undefined otherwise (another
 * cloud's key, a malformed one, or a bit set naming no permission or an unknown one).
 */
export function parseApiKey(cloud: CloudId, text: string): ApiKeyClaims | undefined {
  const match = KEY_TEXT.exec(text);
  if (!match || match[1] !== cloud) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(match[2] ?? "");
  } catch {
    return undefined;
  }
  if (bytes.length !== TAIL_BYTES) return undefined;
  const at = (index: number) =>
    bytes.slice(SECRET_BYTES + index * ID_BYTES, SECRET_BYTES + (index + 1) * ID_BYTES);
  const mask = ((bytes[TAIL_BYTES - 2] ?? 0) << 8) | (bytes[TAIL_BYTES - 1] ?? 0);
  const permissions = KEY_PERMISSIONS.filter((_, bit) => (mask & (1 << bit)) !== 0);
  if (permissions.length === 0 || mask >> KEY_PERMISSIONS.length !== 0) return undefined;
  return { id: uuidOf(at(0)), partnerId: uuidOf(at(1)), createdBy: uuidOf(at(2)), permissions };
}

/** What `api_keys.key_hash` holds for a key's text. */
export function apiKeyHash(text: string): Promise<string> {
  return sha256Hex(`api-key:${text}`);
}

/** The principal a key acts as: its own id is the actor of everything it does. */
export function apiKeyPrincipal(claims: ApiKeyClaims): Principal {
  return {
    userId: claims.id,
    kind: "partner",
    partnerId: claims.partnerId,
    customerId: undefined,
    roles: [],
    mustChangePassword: false,
    via: "apikey",
    apiKey: { id: claims.id, createdBy: claims.createdBy, permissions: claims.permissions },
  };
}

/** Per permission of the key, the roles that grant it: what the creator must still hold. */
function grantsOf(permissions: readonly KeyPermission[]): string {
  return JSON.stringify(permissions.map((permission) => PERMISSIONS[permission]));
}

/** What the check records of the request that used the key. */
export interface ApiKeyUse {
  auditId: string;
  requestId: string;
  method: string;
  route: string;
}

/**
 * The statement that aborts its batch with `api_key_ended` unless the key is live at `now` and
 * still stands for what it claims (and moves last-used when stale, and audits the use).
 */
export function apiKeyCheck(
  db: D1Database,
  keyHash: string,
  claims: ApiKeyClaims,
  now: number,
  use: ApiKeyUse,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO api_key_checks (key_hash, key_id, partner_id, created_by, permissions, grants,
         now, touch_before, audit_id, request_id, method, route)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`,
    )
    .bind(
      keyHash,
      claims.id,
      claims.partnerId,
      claims.createdBy,
      JSON.stringify(claims.permissions),
      grantsOf(claims.permissions),
      new Date(now).toISOString(),
      new Date(now - API_KEY_TOUCH_MS).toISOString(),
      use.auditId,
      use.requestId,
      use.method,
      use.route,
    );
}

/** Whether a D1 error is the key check's abort. */
export function isApiKeyEnded(error: unknown): boolean {
  return errorText(error).includes("api_key_ended");
}
