import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { CLOUDS } from "../../../src/domain/clouds.ts";
import { DomainAvailability, DomainPrefix } from "../../../src/domain/schemas/customer.ts";
import { requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import { apiRoutes, fieldProblemHook, json, problems } from "../../lib/route.ts";
import { isDomainPrefixTaken } from "./repo.ts";

const domainAvailability = createRoute({
  method: "get",
  path: "/domains/{prefix}",
  summary: "Whether a customer domain prefix is free in this cloud",
  tags: ["Customers"],
  middleware: [requireFeature("customers"), requirePermission("customers.create")],
  request: { params: z.object({ prefix: DomainPrefix }) },
  responses: { 200: json(DomainAvailability, "Availability"), ...problems(400, 401, 403, 404) },
});

/**
 * `GET /api/v1/{cloud}/domains/{prefix}`: whether `{prefix}.{cloud suffix}` is free in this
 * cloud, for the add-customer wizard's check before submit. Only partner staff who may create
 * customers may ask. A free answer is advice: `POST /customers` decides (409 `domain_taken`).
 * A malformed prefix is a value to correct (400 with the field), not an absent resource.
 */
export const domainRoutes = apiRoutes().openapi(
  domainAvailability,
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
  (result) => fieldProblemHook(result),
);
