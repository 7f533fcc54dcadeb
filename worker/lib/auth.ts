import { createMiddleware } from "hono/factory";
import { can, type Permission, type Role } from "../../src/domain/roles.ts";
import type { KeyPermission } from "../../src/domain/schemas/api-key.ts";
import type { AppEnv } from "./context.ts";
import { AppError } from "./problem.ts";

/**
 * Who is calling: resolved from the session cookie (checked against the `sessions` table in the
 * request's own round trip, `lib/session.ts`) or from a bearer JWT mapped to a directory user.
 */
export interface Principal {
  userId: string;
  kind: "partner" | "customer" | "operator";
  partnerId: string | undefined;
  customerId: string | undefined;
  roles: Role[];
  mustChangePassword: boolean;
  via: "cookie" | "bearer" | "apikey";
  /** The SHA-256 of the session token, for a cookie session. */
  sessionHash?: string;
  /**
   * For an API key (`lib/api-key.ts`): the key (also `userId`, the actor of what it does), the
   * global admin who made it, and the permissions it holds — all it may do (`roles` is empty).
   */
  apiKey?: { id: string; createdBy: string; permissions: readonly KeyPermission[] };
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

/** Whether `principal` may do `permission`: by its roles, or for an API key by its own subset. */
export function mayDo(principal: Principal, permission: Permission): boolean {
  if (principal.kind !== "partner") return false;
  if (principal.apiKey)
    return (principal.apiKey.permissions as readonly string[]).includes(permission);
  return can(principal.roles, permission);
}

/**
 * Middleware: the caller must be partner staff whose roles grant `permission` (SPEC §6), or an
 * API key that holds it (its creator's roles are checked with the key, `lib/api-key.ts`).
 *
 * @example
 * app.post("/customers", requirePermission("customers.create"), handler);
 */
export function requirePermission(permission: Permission) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = currentPrincipal(c.get("principal"));
    if (!mayDo(principal, permission)) {
      throw new AppError(403, "forbidden");
    }
    await next();
  });
}
