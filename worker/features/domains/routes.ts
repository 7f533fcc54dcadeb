import { Hono } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
import { CLOUDS } from "../../../src/domain/clouds.ts";
import { DomainAvailability, DomainPrefix } from "../../../src/domain/schemas/customer.ts";
import { requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import type { Operation } from "../../lib/openapi.ts";
import { parseOrThrow } from "../../lib/validate.ts";
import { isDomainPrefixTaken } from "./repo.ts";

const DomainParams = z.strictObject({ prefix: DomainPrefix });

/**
 * `GET /api/v1/{cloud}/domains/{prefix}`: whether `{prefix}.{cloud suffix}` is free in this
 * cloud, for the add-customer wizard's check before submit. Only partner staff who may create
 * customers may ask. A free answer is advice: `POST /customers` decides (409 `domain_taken`).
 */
export const domainRoutes = new Hono<AppEnv>().get(
  "/domains/:prefix",
  requireFeature("customers"),
  requirePermission("customers.create"),
  validator("param", (params: Record<string, string>) =>
    parseOrThrow(DomainParams, { prefix: params["prefix"] }),
  ),
  async (c) => {
    const { prefix } = c.req.valid("param");
    const taken = await isDomainPrefixTaken(c.get("db"), prefix);
    c.header("Cache-Control", "no-store");
    return c.json(
      DomainAvailability.parse({
        domain: `${prefix}.${CLOUDS[c.get("cloud")].domainSuffix}`,
        available: !taken,
      }),
      200,
    );
  },
);

/** The domain endpoints for the OpenAPI document. */
export const domainOperations: Operation[] = [
  {
    method: "get",
    path: "/domains/{prefix}",
    summary: "Whether a customer domain prefix is free in this cloud",
    tags: ["Customers"],
    responses: {
      200: { description: "Availability", schema: DomainAvailability },
      400: "problem",
      401: "problem",
      403: "problem",
    },
  },
];
