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

/**
 * API answers are for their caller alone and of the moment: one that says nothing of caching
 * (a route that chose, such as the offer catalog or a problem, says so itself) gets `no-store`.
 */
export const apiCacheControl = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
/** A `charset` parameter that names anything but UTF-8 (JSON is UTF-8, RFC 8259 §8.1). */
const FOREIGN_CHARSET = /;\s*charset\s*=\s*(?!"?utf-8"?\s*(;|$))/i;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The portal's public origin (PUBLIC_ORIGIN, one per deployment — so one per cloud in
 * production): invitation links are built from it and cookie-carrying writes must come from it.
 * The request's own `Host` is never trusted for either.
 */
export function publicOrigin(env: AppEnv["Bindings"]): string {
  try {
    return new URL(env.PUBLIC_ORIGIN || "http://127.0.0.1:8787").origin;
  } catch {
    throw new AppError(500, "not_configured");
  }
}

/**
 * A query string is percent-encoded UTF-8 (WHATWG URL): an escape that is malformed (`%zz`, a
 * lone `%`) or that spells bytes which are not UTF-8 is a 400 `invalid_encoding`, rather than a
 * parameter read as something the caller never wrote (an empty search, say).
 */
export const wellFormedQuery = createMiddleware<AppEnv>(async (c, next) => {
  const url = c.req.url;
  const start = url.indexOf("?");
  if (start !== -1 && url.includes("%", start)) {
    for (const part of url.slice(start + 1).split("&")) {
      try {
        decodeURIComponent(part.replaceAll("+", " "));
      } catch {
        throw new AppError(400, "invalid_encoding");
      }
    }
  }
  await next();
});

/**
 * Only JSON bodies, strict UTF-8, and no cross-site writes (SPEC §7).
 *
 * - Every unsafe method must say `application/json` (or `…+json`), in UTF-8 if it names a
 *   charset at all, whatever its length; only a
 *   write with no body at all may omit the content type, and then it must show that it comes
 *   from our own page (`Sec-Fetch-Site: same-origin` or our `Origin`) unless it carries a bearer
 *   token. A foreign page can send a cookie-carrying request only as a "simple" one (a form, or
 *   `text/plain`, or no body), which these rules refuse.
 * - Cookie-driven writes must not be cross-site (Fetch Metadata), and an `Origin` must be the
 *   configured public origin.
 * - The body is decoded as UTF-8 with errors fatal: invalid bytes are a 400 `invalid_encoding`,
 *   never replaced with U+FFFD and stored. So is a lone surrogate written as a JSON escape
 *   (`"\ud800"`): valid JSON, but no text, and D1 would store it as U+FFFD.
 */
export const jsonOnlySameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (!UNSAFE_METHODS.has(c.req.method)) return next();
  const contentType = c.req.header("Content-Type");
  const mediaType = (contentType ?? "").split(";")[0]?.trim() ?? "";
  if (
    contentType !== undefined &&
    (!JSON_MEDIA_TYPE.test(mediaType) || FOREIGN_CHARSET.test(contentType))
  ) {
    throw new AppError(415, "unsupported_media_type");
  }
  if (!c.req.header("Authorization")?.startsWith("Bearer ")) {
    const site = c.req.header("Sec-Fetch-Site");
    const origin = c.req.header("Origin");
    const ours = publicOrigin(c.env);
    if (site === "cross-site" || site === "same-site") throw new AppError(403, "csrf_rejected");
    if (origin !== undefined && origin !== ours) throw new AppError(403, "csrf_rejected");
    if (contentType === undefined && site !== "same-origin" && origin !== ours) {
      throw new AppError(403, "csrf_rejected");
    }
  }
  // Read once here (Hono keeps it for the validators), whatever Content-Length claims; a proxy
  // may hand an empty body over as a stream, so emptiness is judged by the bytes.
  const bytes = c.req.raw.body === null ? new ArrayBuffer(0) : await c.req.arrayBuffer();
  if (bytes.byteLength > 0) {
    if (contentType === undefined) throw new AppError(415, "unsupported_media_type");
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      throw new AppError(400, "invalid_encoding");
    }
    if (text.includes("\\u") && holdsLoneSurrogate(text)) {
      throw new AppError(400, "invalid_encoding");
    }
  }
  await next();
});

/**
 * Whether a JSON text has a key or string with a lone surrogate (only an escape can write one).
 * Text that is not JSON holds none: the route's validator answers it.
 */
function holdsLoneSurrogate(json: string): boolean {
  let found = false;
  try {
    JSON.parse(json, (key, value: unknown) => {
      if (!key.isWellFormed() || (typeof value === "string" && !value.isWellFormed())) {
        found = true;
      }
      return value;
    });
  } catch {
    return false;
  }
  return found;
}
