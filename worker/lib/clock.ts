import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";

/** Milliseconds since the epoch, like `Date.now`. */
export type Clock = () => number;

/**
 * Middleware: puts the app's clock on the context as `now`, so every "now" a route uses (expiry,
 * timestamps) comes from one place that tests can replace with `createApp({ now })`.
 *
 * @example
 * app.use(clock(() => Date.parse("2026-03-01T00:00:00Z")));
 * const nowIso = new Date(c.var.now()).toISOString();
 */
export function clock(now: Clock = Date.now) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set("now", now);
    await next();
  });
}

/** The context's "now" as ISO 8601 UTC text, the way the database stores times. */
export function nowIso(now: Clock): string {
  return new Date(now()).toISOString();
}
