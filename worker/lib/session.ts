/**
 * Server-side sessions (SPEC §6, Session). The cookie carries a 256-bit random token and a
 * description of the principal (user, kind, partner, customer, roles, temporary-password flag).
 * The database keeps only the token's SHA-256 (`sessions`), and every signed-in statement or
 * batch starts with a session check (`session_checks`, migration 0005) that aborts the whole
 * batch unless the session is live and the description is still exactly true. So routes can act
 * on the principal at once, and nothing is read or written through a session that has ended.
 */
import { z } from "zod";
import { ROLES } from "../../src/domain/roles.ts";
import type { Principal } from "./auth.ts";
import { base64url, fromBase64url, randomToken, sha256Hex } from "./crypto.ts";
import { errorText } from "./problem.ts";

export const SESSION_COOKIE = "pp_session";
/** Idle expiry: a working day without a request ends the session. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** Absolute expiry: however active, a session ends a day after sign-in. */
export const SESSION_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
/**
 * The last-seen time is moved only when it is older than this, so a burst of reads writes it
 * once; idle expiry is therefore exact to within five minutes.
 */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;

const Description = z.strictObject({
  u: z.string().min(1).max(64),
  k: z.enum(["partner", "customer", "operator"]),
  p: z.string().max(64).nullable(),
  c: z.string().max(64).nullable(),
  r: z.array(z.enum(ROLES)).max(ROLES.length),
  m: z.boolean(),
});

/** A session as the request carries it: the token (never stored) and what it claims. */
export interface SessionCookie {
  token: string;
  principal: Principal;
}

/** The cookie path: a session belongs to one cloud's API and is sent nowhere else. */
export function sessionCookiePath(cloud: string): string {
  return `/api/v1/${cloud}/`;
}

/** A fresh session token: 32 bytes (256 bits) from the CSPRNG. */
export function newSessionToken(): string {
  return randomToken(32);
}

/** What `sessions.token_hash` holds for `token`. */
export function sessionTokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}

/**
 * The cookie value for `token` and the principal it was issued to: `<token>.<description>`.
 *
 * @example
 * setCookie(c, SESSION_COOKIE, sessionCookieValue(token, principal), options);
 */
export function sessionCookieValue(token: string, principal: Omit<Principal, "via">): string {
  const description: z.infer<typeof Description> = {
    u: principal.userId,
    k: principal.kind,
    p: principal.partnerId ?? null,
    c: principal.customerId ?? null,
    r: principal.roles,
    m: principal.mustChangePassword,
  };
  return `${token}.${base64url(new TextEncoder().encode(JSON.stringify(description)))}`;
}

/** The token and claimed principal of a cookie value, or undefined when it is malformed. */
export function parseSessionCookie(value: string): SessionCookie | undefined {
  const [token = "", encoded = "", ...rest] = value.split(".");
  if (rest.length > 0 || !/^[\w-]{43}$/.test(token) || encoded.length > 1024) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64url(encoded)),
    );
  } catch {
    return undefined;
  }
  const description = Description.safeParse(parsed);
  if (!description.success) return undefined;
  const { u, k, p, c, r, m } = description.data;
  return {
    token,
    principal: {
      userId: u,
      kind: k,
      partnerId: p ?? undefined,
      customerId: c ?? undefined,
      roles: r,
      mustChangePassword: m,
      via: "cookie",
    },
  };
}

/** How many cookie sessions an isolate remembers (`cookieSession`). */
const REMEMBERED_SESSIONS = 1024;
const rememberedSessions = new Map<string, Readonly<Principal>>();

/**
 * The principal a session cookie value describes, with its token's hash (`sessionHash`), or
 * undefined when the value is malformed. Both follow from the value alone, and a signed-in user
 * sends the same value with every request, so an isolate remembers the last 1,024 it worked out
 * and spares each later request the parse and the SHA-256. Nothing is trusted for remembering
 * it: the session check still runs in every request's round trip.
 */
export async function cookieSession(value: string): Promise<Readonly<Principal> | undefined> {
  const remembered = rememberedSessions.get(value);
  if (remembered) {
    // Most recently used last, so the oldest entry is the first to go.
    rememberedSessions.delete(value);
    rememberedSessions.set(value, remembered);
    return remembered;
  }
  const cookie = parseSessionCookie(value);
  if (!cookie) return undefined;
  const { roles, ...rest } = cookie.principal;
  const principal = Object.freeze({
    ...rest,
    roles: Object.freeze(roles) as Principal["roles"],
    sessionHash: await sessionTokenHash(cookie.token),
  });
  if (rememberedSessions.size >= REMEMBERED_SESSIONS) {
    const oldest = rememberedSessions.keys().next();
    if (!oldest.done) rememberedSessions.delete(oldest.value);
  }
  rememberedSessions.set(value, principal);
  return principal;
}

/**
 * The statement that aborts its batch with `session_ended` unless the session `tokenHash` is
 * live at `now` and `principal` still describes its user (and moves last-seen when stale).
 */
export function sessionCheck(
  db: D1Database,
  tokenHash: string,
  principal: Principal,
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO session_checks (token_hash, user_id, kind, partner_id, customer_id, roles,
         must_change_password, now, idle_ms, touch_ms)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
    )
    .bind(
      tokenHash,
      principal.userId,
      principal.kind,
      principal.partnerId ?? null,
      principal.customerId ?? null,
      JSON.stringify(principal.roles),
      principal.mustChangePassword ? 1 : 0,
      now,
      SESSION_IDLE_MS,
      SESSION_TOUCH_MS,
    );
}

/** Whether a D1 error is the session check's abort. */
export function isSessionEnded(error: unknown): boolean {
  const text = errorText(error);
  return text.includes("session_ended");
}
