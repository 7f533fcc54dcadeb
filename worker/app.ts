import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { cloudScope } from "./lib/cloud.ts";
import type { AppEnv } from "./lib/context.ts";
import {
  apiCacheControl,
  jsonOnlySameOrigin,
  negotiatedLocale,
  requestId,
  securityHeaders,
  wellFormedQuery,
} from "./lib/middleware.ts";
import { AppError, isTransientDatabaseError, logError, problemBody } from "./lib/problem.ts";
import { homeRedirect } from "./features/home/redirect.ts";
import { sitePage } from "./features/home/site-pages.ts";
import { cloudHealthRoutes, metaRoutes } from "./features/meta/routes.ts";
import { authenticate } from "./features/session/authenticate.ts";
import { sessionRoutes } from "./features/session/routes.ts";
import { clearSessionOnUnauthorized } from "./features/session/signed-in-hint.ts";
import { invitationRoutes } from "./features/invitations/routes.ts";
import { partnerLinkRoutes } from "./features/partner-links/routes.ts";
import { relationshipRoutes } from "./features/relationships/routes.ts";
import { clock, type Clock } from "./lib/clock.ts";
import { customerRoutes } from "./features/customers/routes.ts";
import { domainRoutes } from "./features/domains/routes.ts";
import { offerRoutes } from "./features/offers/routes.ts";
import { auditRoutes } from "./features/audit/routes.ts";
import { operatorRoutes } from "./features/operator/routes.ts";
import { userRoutes } from "./features/users/routes.ts";
import { adminRelationshipRoutes } from "./features/admin-relationships/routes.ts";
import { apiRoutes, problemHook } from "./lib/route.ts";
import { apiKeyRoutes } from "./features/api-keys/routes.ts";

/** Request bodies larger than this are refused with 413 before they are read. */
const MAX_BODY_BYTES = 64 * 1024;

/** The per-cloud API, mounted at `/api/v1/{cloud}`. */
const cloudApi = apiRoutes()
  .use(cloudScope)
  .route("/", cloudHealthRoutes)
  .use(clearSessionOnUnauthorized)
  .use(authenticate)
  .route("/", sessionRoutes)
  .route("/", offerRoutes)
  .route("/", domainRoutes)
  .route("/", customerRoutes)
  .route("/", invitationRoutes)
  .route("/", partnerLinkRoutes)
  .route("/", relationshipRoutes)
  .route("/", auditRoutes)
  .route("/", apiKeyRoutes)
  .route("/", userRoutes)
  .route("/", adminRelationshipRoutes)
  .route("/", operatorRoutes);

/** Turns anything thrown into localized problem+json; internals stay in the log. */
function toAppError(err: unknown, requestIdValue: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx (e.g. malformed JSON in the validator): the body could not be read.
    return new AppError(
      err.status,
      err.status === 400
        ? "bad_request"
        : err.status === 415
          ? "unsupported_media_type"
          : "not_found",
    );
  }
  logError(requestIdValue, err);
  // A write that meets one may or may not have committed: the client retries (with its
  // Idempotency-Key), so it is told to, not that the request failed for good.
  if (isTransientDatabaseError(err)) {
    return new AppError(503, "unavailable", { headers: { "Retry-After": "1" } });
  }
  return new AppError(500, "internal");
}

/** What a test (or another embedding) may replace. */
export interface AppOptions {
  /** The clock every route reads "now" from; `Date.now` by default. */
  now?: Clock;
}

/**
 * The whole Worker app: security headers and request ids on everything, `/` redirected to the
 * reader's cloud and language, the API under `/api/v1`, and the static site for the rest.
 *
 * @example
 * export default { fetch: createApp().fetch };
 */
export function createApp(options: AppOptions = {}) {
  const app: OpenAPIHono<AppEnv> = new OpenAPIHono<AppEnv>({ defaultHook: problemHook });
  const routes = app
    .use(clock(options.now))
    .use(requestId)
    .use(securityHeaders)
    .use(negotiatedLocale)
    .get("/", homeRedirect)
    // SPEC §4: the API reference lives under /api/.
    .get("/api/", (c) => c.redirect("/api/v1/openapi.json", 302))
    .use(
      "/api/*",
      apiCacheControl,
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new AppError(413, "payload_too_large", { values: { limit: MAX_BODY_BYTES } });
        },
      }),
      wellFormedQuery,
      jsonOnlySameOrigin,
    )
    .route(
      "/api/v1",
      metaRoutes(() => app),
    )
    .route("/api/v1/:cloud", cloudApi);

  app.notFound((c) => {
    if (new URL(c.req.url).pathname.startsWith("/api/")) throw new AppError(404, "not_found");
    return sitePage(c);
  });

  app.onError((err, c) => {
    const error = toAppError(err, c.get("requestId"));
    const body = problemBody(error, c.get("locale"), c.get("requestId"));
    return c.json(body, error.status, {
      ...error.headers,
      "Content-Type": "application/problem+json; charset=utf-8",
      "Content-Language": c.get("locale"),
      "Cache-Control": "no-store",
    });
  });
  return routes;
}

/**
 * The API's type, for the typed client: `hc<AppType>(origin)` knows every path, its request
 * and its responses.
 */
export type AppType = ReturnType<typeof createApp>;
