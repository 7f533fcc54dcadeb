import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { can, ROLES, type Permission, type Role } from "../../src/domain/roles.ts";
import type { AppEnv } from "./context.ts";
import { hmacKey, signPayload, verifyPayload } from "./crypto.ts";
import { AppError } from "./problem.ts";

/** Who is calling: resolved from the session cookie or a bearer JWT. */
export interface Principal {
  userId: string;
  kind: "partner" | "customer";
  partnerId: string | undefined;
  customerId: string | undefined;
  roles: Role[];
  mustChangePassword: boolean;
  via: "cookie" | "bearer";
}

export const SESSION_COOKIE = "pp_session";
/** Eight hours: a working day, after which the partner signs in again. */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/** The claims a session token carries; `cloud` binds it to the cloud that issued it. */
const SessionClaims = z.object({
  v: z.literal(1),
  sub: z.string(),
  cloud: z.string(),
  kind: z.enum(["partner", "customer"]),
  pid: z.string().optional(),
  cid: z.string().optional(),
  roles: z.array(z.enum(ROLES)),
  mcp: z.boolean(),
  exp: z.number(),
});

const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for session tokens and cursors, derived once per isolate. */
export function signingKey(env: AppEnv["Bindings"]): Promise<CryptoKey> {
  const secret = env.SESSION_SECRET;
  if (!secret || secret.length < 32) throw new AppError(500, "not_configured");
  let key = keys.get(secret);
  if (!key) {
    key = hmacKey(secret);
    keys.set(secret, key);
  }
  return key;
}

/** The cookie path: a session belongs to one cloud's API and is sent nowhere else. */
export function sessionCookiePath(cloud: string): string {
  return `/api/v1/${cloud}/`;
}

/**
 * Issues a signed session token for `principal` in `cloud`.
 *
 * @example
 * const token = await issueSessionToken(env, "global", principal, Date.now());
 */
export async function issueSessionToken(
  env: AppEnv["Bindings"],
  cloud: string,
  principal: Omit<Principal, "via">,
  now: number,
): Promise<string> {
  const claims: z.infer<typeof SessionClaims> = {
    v: 1,
    sub: principal.userId,
    cloud,
    kind: principal.kind,
    ...(principal.partnerId ? { pid: principal.partnerId } : {}),
    ...(principal.customerId ? { cid: principal.customerId } : {}),
    roles: principal.roles,
    mcp: principal.mustChangePassword,
    exp: Math.floor(now / 1000) + SESSION_TTL_SECONDS,
  };
  return signPayload(await signingKey(env), claims);
}

/** The principal a session token names, when it is authentic, unexpired and of this cloud. */
export async function principalFromToken(
  env: AppEnv["Bindings"],
  cloud: string,
  token: string,
  now: number,
): Promise<Principal | undefined> {
  const parsed = SessionClaims.safeParse(await verifyPayload(await signingKey(env), token));
  if (!parsed.success) return undefined;
  const claims = parsed.data;
  if (claims.cloud !== cloud || claims.exp * 1000 <= now) return undefined;
  return {
    userId: claims.sub,
    kind: claims.kind,
    partnerId: claims.pid,
    customerId: claims.cid,
    roles: claims.roles,
    mustChangePassword: claims.mcp,
    via: "cookie",
  };
}

/** The signed-in principal, or 401; 403 `password_change_required` unless `allowPasswordChange`. */
export function currentPrincipal(
  principal: Principal | undefined,
  options: { allowPasswordChange?: boolean } = {},
): Principal {
  if (!principal) throw new AppError(401, "unauthorized");
  if (principal.mustChangePassword && !options.allowPasswordChange) {
    throw new AppError(403, "password_change_required");
  }
  return principal;
}

/**
 * The signed-in partner staff member and its partner (403 for anyone else). Routes call it after
 * `requirePermission`, which has refused everyone else already.
 */
export function partnerStaff(principal: Principal | undefined): Principal & { partnerId: string } {
  const caller = currentPrincipal(principal);
  const partnerId = caller.partnerId;
  if (!partnerId) throw new AppError(403, "forbidden");
  return { ...caller, partnerId };
}

/** Middleware: 401 unless signed in, 403 while a temporary password is unchanged. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  currentPrincipal(c.get("principal"));
  await next();
});

/**
 * Middleware: the caller must be partner staff whose roles grant `permission` (SPEC §6).
 *
 * @example
 * app.post("/customers", requirePermission("customers.create"), handler);
 */
export function requirePermission(permission: Permission) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = currentPrincipal(c.get("principal"));
    if (principal.kind !== "partner" || !can(principal.roles, permission)) {
      throw new AppError(403, "forbidden");
    }
    await next();
  });
}
