import { createMiddleware } from "hono/factory";
import { currentPrincipal, type Principal } from "../../lib/auth.ts";
import type { AppEnv } from "../../lib/context.ts";
import { AppError } from "../../lib/problem.ts";

/**
 * The signed-in cloud operator: 401 signed out, 403 `password_change_required` until a temporary
 * password is changed, 403 `forbidden` for partner staff and customer admins (SPEC §6: they
 * never reach operator endpoints).
 */
export function operatorOf(principal: Principal | undefined): Principal {
  const caller = currentPrincipal(principal);
  if (caller.kind !== "operator") throw new AppError(403, "forbidden");
  return caller;
}

/**
 * Middleware of every `/operator/…` endpoint: only the cloud's operators.
 *
 * @example
 * createRoute({ method: "get", path: "/operator/partners", middleware: [requireOperator], … });
 */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  operatorOf(c.get("principal"));
  await next();
});
