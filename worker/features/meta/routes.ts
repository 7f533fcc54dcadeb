import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { heldClouds } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { AppError, logError } from "../../lib/problem.ts";
import { apiRoutes, json, problems } from "../../lib/route.ts";
import { nameComponents } from "./components.ts";
import { schemaIsCurrent } from "./repo.ts";

export const Health = z
  .object({ status: z.literal("ok"), clouds: z.array(z.string()) })
  .meta({ id: "Health" });

export const CloudHealth = z
  .object({ status: z.literal("ok"), cloud: z.enum(CLOUD_IDS) })
  .meta({ id: "CloudHealth" });

const API_VERSION = "1.0.0";

/** Any per-cloud path, when this deployment does not hold the cloud but knows its host. */
const CLOUD_ELSEWHERE = {
  description: "This cloud is served by another host (Location); SPEC §2",
};

/** Anything unforeseen: the details stay in the log, the client gets the request id. */
const INTERNAL_ERROR = {
  description: "An internal error, with the request id to quote to support",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

/** The database was briefly unreachable: retry after `Retry-After` seconds (same request). */
const UNAVAILABLE = {
  description: "A transient database error; retry after Retry-After seconds",
  headers: { "Retry-After": { schema: { type: "integer" as const } } },
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

/**
 * The OpenAPI 3.1 document of `app`: every route declared with `createRoute`, plus what no
 * single route declares — the `{cloud}` path parameter of every per-cloud path, the language
 * header, the session cookie, bearer JWT and API key schemes.
 *
 * @example
 * const document = openApiDocument(createApp());
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  nameComponents();
  const document = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Partner Portal API",
      version: API_VERSION,
      description:
        "Customer accounts, invitations and relationships for cloud-solution partners, per sovereign cloud. Errors are application/problem+json, localized from Accept-Language.",
    },
    security: [{ session: [] }, { bearer: [] }, { apiKey: [] }],
  });
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = [
      ...(path.includes("{cloud}") ? [{ $ref: "#/components/parameters/cloud" }] : []),
      { $ref: "#/components/parameters/acceptLanguage" },
    ];
    for (const operation of [item.get, item.post, item.patch, item.put, item.delete]) {
      if (!operation) continue;
      operation.parameters = [...shared, ...(operation.parameters ?? [])];
      operation.responses = {
        ...operation.responses,
        ...(path.includes("{cloud}") ? { 308: CLOUD_ELSEWHERE, 503: UNAVAILABLE } : {}),
        500: INTERNAL_ERROR,
      };
    }
  }
  document.components = {
    ...document.components,
    parameters: {
      ...document.components?.parameters,
      cloud: {
        name: "cloud",
        in: "path",
        required: true,
        schema: { type: "string", enum: [...CLOUD_IDS] },
      },
      acceptLanguage: {
        name: "Accept-Language",
        in: "header",
        required: false,
        description: "Problems, CSV headers and email drafts are localized from it",
        schema: { type: "string", example: "fr-FR" },
      },
    },
    securitySchemes: {
      session: { type: "apiKey", in: "cookie", name: "pp_session" },
      bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      apiKey: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "pk_<cloud>_…",
        description:
          "A partner's API key (POST /api-keys), valid in its own cloud only, with the permissions it was given.",
      },
    },
  };
  return document;
}

const health = createRoute({
  method: "get",
  path: "/health",
  summary: "Health and the clouds this deployment holds",
  tags: ["Meta"],
  security: [],
  responses: { 200: json(Health, "Healthy") },
});

const cloudHealth = createRoute({
  method: "get",
  path: "/health",
  summary: "Readiness of one cloud: its database answers and holds this version's schema",
  description:
    "For a load balancer or an operator's monitor. Anonymous, and blind to any credential sent along. 503 `schema_behind` when the newest migration is not applied (see `npm run deploy`), 503 `unavailable` when the database does not answer.",
  tags: ["Meta"],
  security: [],
  responses: { 200: json(CloudHealth, "Ready"), ...problems(404) },
});

const openApi = createRoute({
  method: "get",
  path: "/openapi.json",
  summary: "This document",
  tags: ["Meta"],
  security: [],
  responses: {
    200: json(z.record(z.string(), z.unknown()), "OpenAPI 3.1 document"),
  },
});

/**
 * `GET /api/v1/health` and `GET /api/v1/openapi.json`, the latter documenting `app` (generated
 * once, on first request).
 *
 * @example
 * app.route("/api/v1", metaRoutes(() => app));
 */
export function metaRoutes(app: () => OpenAPIHono<AppEnv>) {
  let document: Document | undefined;
  return apiRoutes()
    .openapi(health, (c) => {
      c.header("Cache-Control", "no-store");
      return c.json({ status: "ok" as const, clouds: heldClouds(c.env) }, 200);
    })
    .openapi(openApi, (c) => c.json((document ??= openApiDocument(app())) as never, 200));
}

/**
 * `GET /api/v1/{cloud}/health`: the cloud's readiness, one D1 round trip. Mounted ahead of
 * authentication, on the unbound database: a stale cookie or key sent along changes nothing.
 *
 * @example
 * cloudApi.use(cloudScope).route("/", cloudHealthRoutes).use(authenticate);
 */
export const cloudHealthRoutes = apiRoutes().openapi(cloudHealth, async (c) => {
  c.header("Cache-Control", "no-store");
  let current: boolean;
  try {
    current = await schemaIsCurrent(c.get("unboundDb"));
  } catch (error) {
    logError(c.get("requestId"), error);
    throw new AppError(503, "unavailable", { headers: { "Retry-After": "1" } });
  }
  if (!current) throw new AppError(503, "schema_behind", { headers: { "Retry-After": "30" } });
  return c.json({ status: "ok" as const, cloud: c.get("cloud") }, 200);
});
