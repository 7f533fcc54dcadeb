/**
 * The customer side of the API: a customer's admin answers what is addressed to their own
 * customer (invitations, admin relationship requests), never anyone else's.
 */
import { createMiddleware } from "hono/factory";
import { currentPrincipal, type Principal } from "./auth.ts";
import type { AppEnv } from "./context.ts";
import { AppError } from "./problem.ts";

/** The signed-in customer admin's customer id: 401 without a session, 403 for partner staff. */
export function customerIdOf(principal: Principal | undefined): string {
  const caller = currentPrincipal(principal);
  if (caller.kind !== "customer" || !caller.customerId) throw new AppError(403, "forbidden");
  return caller.customerId;
}

/**
 * Middleware: only a customer's admin goes on.
 *
 * @example
 * createRoute({ …, middleware: [requireCustomerAdmin] });
 */
export const requireCustomerAdmin = createMiddleware<AppEnv>(async (c, next) => {
  customerIdOf(c.get("principal"));
  await next();
});
