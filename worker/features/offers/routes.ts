import { Hono } from "hono";
import { OfferList } from "../../../src/domain/schemas/offer.ts";
import { requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import type { Operation } from "../../lib/openapi.ts";
import { listOffers } from "./repo.ts";

/**
 * `GET /api/v1/{cloud}/offers`: the cloud's catalog, with the quantity bounds the add-customer
 * wizard checks subscriptions against. Any partner staff member may read it.
 */
export const offerRoutes = new Hono<AppEnv>().get(
  "/offers",
  requireFeature("customers"),
  requirePermission("customers.read"),
  async (c) => {
    const items = await listOffers(c.get("db"), c.get("cloud"));
    c.header("Cache-Control", "private, max-age=300");
    return c.json(OfferList.parse({ items, nextCursor: null }), 200);
  },
);

/** The offer endpoints for the OpenAPI document. */
export const offerOperations: Operation[] = [
  {
    method: "get",
    path: "/offers",
    summary: "The cloud's offer catalog with quantity bounds",
    tags: ["Offers"],
    responses: {
      200: { description: "The catalog (one page)", schema: OfferList },
      401: "problem",
      403: "problem",
    },
  },
];
