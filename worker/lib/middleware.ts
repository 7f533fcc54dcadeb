import { createMiddleware } from "hono/factory";
import { negotiateLocale, DEFAULT_LOCALE } from "../../src/domain/locales.ts";
import { SECURITY_HEADERS } from "../../src/domain/security-headers.ts";
import type { AppEnv } from "./context.ts";
import { AppError } from "./problem.ts";

/** A fresh id per request, echoed as `X-Request-Id` and quoted in problems and audit records. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.res.headers.set("X-Request-Id", id);
});

/** The reader's locale from `Accept-Language`, for problem messages and email drafts. */
export const negotiatedLocale = createMiddleware<AppEnv>(async (c, next) => {
  c.set("locale", negotiateLocale(c.req.header("Accept-Language")) ?? DEFAULT_LOCALE);
  await next();
});

/** The security headers of `SECURITY_HEADERS` on every response the Worker gives. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
});

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Only JSON bodies, and no cross-site writes. A foreign page can send a cookie-carrying request
 * only as a "simple" one (a form or `text/plain`), which the JSON rule refuses; the origin check
 * refuses the rest (Fetch Metadata, then `Origin`). Bearer-token calls are not cookie-driven and
 * skip the origin check.
 */
export const jsonOnlySameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (UNSAFE_METHODS.has(c.req.method)) {
    const hasBody =
      Number(c.req.header("Content-Length") ?? 0) > 0 ||
      c.req.header("Transfer-Encoding") !== undefined;
    const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
    if (hasBody && !JSON_MEDIA_TYPE.test(mediaType))
      throw new AppError(415, "unsupported_media_type");
    if (!c.req.header("Authorization")?.startsWith("Bearer ")) {
      const site = c.req.header("Sec-Fetch-Site");
      const origin = c.req.header("Origin");
      if (site === "cross-site" || site === "same-site") throw new AppError(403, "csrf_rejected");
      if (origin !== undefined && origin !== new URL(c.req.url).origin) {
        throw new AppError(403, "csrf_rejected");
      }
    }
  }
  await next();
});
