import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";
import { enforceRateLimit, writeKey } from "./rate-limit.ts";

/**
 * Middleware: counts a write against the partner's write limit (SPEC §7, Guarantees); 429 when
 * over it. Put it after the permission check, so refused callers do not use the budget. A write
 * made with an API key counts against that key's own limit instead (`API_KEY_WRITE_LIMITER`,
 * README "API keys"): bulk automation neither starves the partner's staff nor is starved by them.
 *
 * @example
 * app.post("/customers", requirePermission("customers.create"), limitWrites, handler);
 */
export const limitWrites = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.var.principal?.apiKey;
  if (key) await enforceRateLimit(c.env.API_KEY_WRITE_LIMITER, `${c.var.cloud}:key:${key.id}`);
  else await enforceRateLimit(c.env.WRITE_LIMITER, writeKey(c.var));
  await next();
});
