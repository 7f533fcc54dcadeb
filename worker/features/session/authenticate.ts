import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { Jwt } from "hono/utils/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import {
  apiKeyCheck,
  apiKeyHash,
  apiKeyPrincipal,
  isApiKeyEnded,
  looksLikeApiKey,
  parseApiKey,
} from "../../lib/api-key.ts";
import type { Principal } from "../../lib/auth.ts";
import { heldClouds } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";
import { JwksCache } from "../../lib/jwks.ts";
import { AppError } from "../../lib/problem.ts";
import { sessionBoundDatabase } from "../../lib/session-bound-db.ts";
import { cookieSession, SESSION_COOKIE, sessionCheck } from "../../lib/session.ts";
import { findUserByIdentity, principalOf } from "./repo.ts";

/** The longest a bearer token may live (`exp` − `iat`), and the oldest `iat` accepted. */
export const BEARER_MAX_LIFETIME_S = 24 * 60 * 60;
/** Clock skew tolerated between the identity provider and us. */
const CLOCK_SKEW_S = 60;
const ALGORITHMS = new Set(["RS256", "ES256"]);

const jwksCache = new JwksCache();

/** The issuer and audience this cloud accepts: `{cloud}` in either is replaced by the cloud. */
function bearerBinding(c: Context<AppEnv>): { issuer: string; audience: string } | undefined {
  const { JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = c.env;
  if (!issuer || !audience) return undefined;
  const perCloud = `${issuer} ${audience}`.includes("{cloud}");
  // A deployment of several clouds must bind each token to one of them, or none is accepted.
  if (!perCloud && heldClouds(c.env).length > 1) return undefined;
  const cloud = c.get("cloud");
  return {
    issuer: issuer.replaceAll("{cloud}", cloud),
    audience: audience.replaceAll("{cloud}", cloud),
  };
}

async function signingKeys(c: Context<AppEnv>, kid: string | undefined) {
  if (c.env.JWT_JWKS) {
    try {
      return (JSON.parse(c.env.JWT_JWKS) as { keys: HonoJsonWebKey[] }).keys;
    } catch {
      throw new AppError(500, "not_configured");
    }
  }
  return c.env.JWT_JWKS_URL ? jwksCache.keysFor(c.env.JWT_JWKS_URL, kid) : [];
}

/** Whether the token's times are acceptable at `now` (seconds): `exp` required, short-lived. */
function timesAcceptable(claims: Record<string, unknown>, now: number): boolean {
  const { exp, iat, nbf } = claims;
  if (typeof exp !== "number" || !Number.isFinite(exp) || exp <= now - CLOCK_SKEW_S) return false;
  if (exp - now > BEARER_MAX_LIFETIME_S) return false;
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > now + CLOCK_SKEW_S)) return false;
  if (iat !== undefined) {
    if (typeof iat !== "number" || iat > now + CLOCK_SKEW_S) return false;
    if (now - iat > BEARER_MAX_LIFETIME_S || exp - iat > BEARER_MAX_LIFETIME_S) return false;
  }
  return true;
}

/**
 * A principal from a bearer JWT of the cloud's identity provider (production option, SPEC §7).
 * Configured by JWT_ISSUER, JWT_AUDIENCE and JWT_JWKS (inline JSON) or JWT_JWKS_URL. The token
 * must be signed by a key of the JWKS, name this cloud's issuer and audience, carry `exp` and
 * live at most a day; its identity is `iss` + `sub`, mapped to a directory user in `identities`.
 * The directory decides roles and status on every request.
 */
export async function bearerPrincipal(
  c: Context<AppEnv>,
  token: string,
): Promise<Principal | undefined> {
  const binding = bearerBinding(c);
  if (!binding || (!c.env.JWT_JWKS && !c.env.JWT_JWKS_URL)) return undefined;
  let header: ReturnType<typeof Jwt.decode>["header"];
  try {
    header = Jwt.decode(token).header;
  } catch {
    return undefined;
  }
  if (!ALGORITHMS.has(header.alg)) return undefined;
  const key = (await signingKeys(c, header.kid)).find(
    (candidate) =>
      (header.kid === undefined || candidate.kid === header.kid) &&
      (candidate.alg === undefined || candidate.alg === header.alg),
  );
  if (!key) return undefined;
  let claims: Record<string, unknown>;
  try {
    // Times are checked below against the app's clock.
    claims = await Jwt.verify(token, key, {
      alg: header.alg,
      iss: binding.issuer,
      aud: binding.audience,
      exp: false,
      nbf: false,
      iat: false,
    });
  } catch {
    return undefined;
  }
  if (!timesAcceptable(claims, Math.floor(c.var.now() / 1000))) return undefined;
  const subject = claims["sub"];
  if (typeof subject !== "string" || subject.length === 0 || subject.length > 255) return undefined;
  const found = await findUserByIdentity(c.get("db"), binding.issuer, subject);
  return found ? principalOf(found.user, "bearer") : undefined;
}

/**
 * Binds the request's database to `check` (`lib/session-bound-db.ts`) and runs the rest of the
 * request; a response that made no database call (and would succeed) is checked once at the end,
 * so no success ever answers an ended session or key — unless the route said its answer is the
 * same for any credential (`answersAnyCredential`: signing out).
 */
async function runBound(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  check: (db: D1Database) => D1PreparedStatement,
  ended?: (error: unknown) => boolean,
) {
  const db = c.get("db");
  let verified = false;
  const binding = { check, verified: () => (verified = true), ...(ended ? { ended } : {}) };
  c.set("db", sessionBoundDatabase(db, binding));
  await next();
  if (!verified && !c.get("answersAnyCredential") && c.res.status < 400) {
    try {
      await sessionBoundDatabase(db, binding).batch([]);
    } catch (error) {
      c.res = undefined;
      throw error;
    }
  }
}

/**
 * An API key (`Authorization: Bearer pk_<cloud>_…`, `lib/api-key.ts`): its principal at once,
 * from what the key claims; the key check (live, not revoked or expired, partner active, creator
 * active and still granted the key's permissions) and the audit record of the use travel with
 * the request's own round trip. Another cloud's key, or a malformed one, signs no one in.
 */
async function withApiKey(c: Context<AppEnv>, next: () => Promise<void>, text: string) {
  const claims = parseApiKey(c.get("cloud"), text);
  if (!claims) {
    c.set("principal", undefined);
    return next();
  }
  const keyHash = await apiKeyHash(text);
  const auditId = newId();
  c.set("principal", apiKeyPrincipal(claims));
  return runBound(
    c,
    next,
    (binding) =>
      apiKeyCheck(binding, keyHash, claims, c.var.now(), {
        auditId,
        requestId: c.get("requestId"),
        method: c.req.method,
        // The matched route (`/api/v1/:cloud/customers/:id`), known once a handler runs.
        route: c.req.routePath,
      }),
    isApiKeyEnded,
  );
}

/**
 * Sets `principal` from the session cookie, an API key or a bearer JWT. Refuses no one: routes
 * decide with `requireUser` and `requirePermission`. A cookie session (or a key) is not looked
 * up here: the request's database binding is replaced by one that folds the check into the
 * request's own round trip (`lib/session-bound-db.ts`), so a read stays one round trip.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const authorization = c.req.header("Authorization");
  if (authorization?.startsWith("Bearer ")) {
    const token = authorization.slice(7).trim();
    if (looksLikeApiKey(token)) return withApiKey(c, next, token);
    c.set("principal", await bearerPrincipal(c, token));
    return next();
  }
  const principal = await cookieSession(getCookie(c, SESSION_COOKIE) ?? "");
  c.set("principal", principal);
  if (!principal?.sessionHash) return next();
  const { sessionHash } = principal;
  return runBound(c, next, (binding) => sessionCheck(binding, sessionHash, principal, c.var.now()));
});
