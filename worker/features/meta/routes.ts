import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../lib/context.ts";
import { heldClouds } from "../../lib/cloud.ts";
import { openApiDocument, type Operation } from "../../lib/openapi.ts";

export const Health = z.object({
  status: z.literal("ok"),
  clouds: z.array(z.string()),
});

/**
 * `GET /api/v1/health` and `GET /api/v1/openapi.json`, the latter documenting `operations`.
 *
 * @example
 * app.route("/api/v1", metaRoutes([...sessionOperations]));
 */
export function metaRoutes(operations: Operation[]) {
  const document = openApiDocument([...metaOperations, ...operations], API_VERSION);
  return new Hono<AppEnv>()
    .get("/health", (c) => {
      c.header("Cache-Control", "no-store");
      return c.json({ status: "ok" as const, clouds: heldClouds(c.env) });
    })
    .get("/openapi.json", (c) => c.json(document));
}

const API_VERSION = "1.0.0";

const metaOperations: Operation[] = [
  {
    method: "get",
    path: "/health",
    global: true,
    summary: "Health and the clouds this deployment holds",
    tags: ["Meta"],
    responses: { 200: { description: "Healthy", schema: Health } },
  },
  {
    method: "get",
    path: "/openapi.json",
    global: true,
    summary: "This document",
    tags: ["Meta"],
    responses: { 200: { description: "OpenAPI 3.1 document" } },
  },
];
