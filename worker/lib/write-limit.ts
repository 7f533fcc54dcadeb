import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";
import { enforceRateLimit, writeKey } from "./rate-limit.ts";

/**
 * Middleware: counts a write against the partner's write limit (SPEC §7, Guarantees); 429 when
 * over it. Put it after the permission check, so refused callers do not use the budget.
 *
 * @example
 * app.post("/customers", requirePermission("customers.create"), limitWrites, handler);
 */
export const limitWrites = createMiddleware<AppEnv>(async (c, next) => {
  await enforceRateLimit(c.env.WRITE_LIMITER, writeKey(c.var));
  await next();
});
