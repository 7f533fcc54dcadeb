/**
 * Keyset cursors (SPEC §7: opaque and tamper-proof). A cursor names the last row of a page; it
 * is HMAC-signed with a key derived from SESSION_SECRET and bound to a scope (cloud, partner,
 * list and filters), so a cursor edited by hand, or taken to another partner, cloud or filter,
 * is a 400 `invalid_cursor`, never another page of data.
 */
import { z } from "zod";
import type { AppEnv } from "./context.ts";
import { derivedKey, sha256Hex, signPayload, verifyPayload } from "./crypto.ts";
import { AppError } from "./problem.ts";

/** The position after which the next page starts: the sort key values of the last row. */
export type CursorPosition = string[];

const CursorClaims = z.strictObject({
  v: z.literal(1),
  /** Hash of the scope the cursor is valid in. */
  s: z.string(),
  /** The position. */
  p: z.array(z.string()).min(1).max(4),
});

/** A key of its own for cursors (domain separation from session tokens), derived once. */
function cursorKey(env: AppEnv["Bindings"]): Promise<CryptoKey> {
  const secret = env.SESSION_SECRET;
  if (!secret || secret.length < 32) throw new AppError(500, "not_configured");
  return derivedKey(secret, "partner-portal/cursor/v1");
}

/** How many scope hashes an isolate remembers: a partner pages the same few scopes. */
const REMEMBERED_SCOPES = 1024;
const scopeHashes = new Map<string, string>();

async function scopeHash(scope: Record<string, string | number | undefined>): Promise<string> {
  const canonical = JSON.stringify(Object.entries(scope).sort(([a], [b]) => a.localeCompare(b)));
  let hash = scopeHashes.get(canonical);
  if (hash === undefined) {
    hash = (await sha256Hex(canonical)).slice(0, 32);
    if (scopeHashes.size >= REMEMBERED_SCOPES) scopeHashes.clear();
    scopeHashes.set(canonical, hash);
  }
  return hash;
}

/**
 * Signs `position` for `scope`.
 *
 * @example
 * const cursor = await signCursor(env, { list: "customers", cloud, partnerId, q }, [key, id]);
 */
export async function signCursor(
  env: AppEnv["Bindings"],
  scope: Record<string, string | number | undefined>,
  position: CursorPosition,
): Promise<string> {
  return signPayload(await cursorKey(env), { v: 1, s: await scopeHash(scope), p: position });
}

/** The position a cursor names, or 400 `invalid_cursor` when it is not authentic or not of `scope`. */
export async function readCursor(
  env: AppEnv["Bindings"],
  scope: Record<string, string | number | undefined>,
  cursor: string,
): Promise<CursorPosition> {
  const claims = CursorClaims.safeParse(await verifyPayload(await cursorKey(env), cursor));
  if (!claims.success || claims.data.s !== (await scopeHash(scope))) {
    throw new AppError(400, "invalid_cursor", {
      errors: [{ path: "cursor", code: "invalid_cursor", message: "validation.invalid_cursor" }],
    });
  }
  return claims.data.p;
}
