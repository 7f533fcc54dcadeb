import { createRoute } from "@hono/zod-openapi";
import { OfferList } from "../../../src/domain/schemas/offer.ts";
import { requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import { apiRoutes, json, problems } from "../../lib/route.ts";
import { listOffers } from "./repo.ts";

const listOffersRoute = createRoute({
  method: "get",
  path: "/offers",
  summary: "The cloud's offer catalog with quantity bounds",
  tags: ["Offers"],
  middleware: [requireFeature("customers"), requirePermission("customers.read")],
  responses: { 200: json(OfferList, "The catalog (one page)"), ...problems(401, 403, 404) },
});

/**
 * `GET /api/v1/{cloud}/offers`: the cloud's catalog, with the quantity bounds the add-customer
 * wizard checks subscriptions against. Any partner staff member may read it.
 */
export const offerRoutes = apiRoutes().openapi(listOffersRoute, async (c) => {
  const items = await listOffers(c.get("db"), c.get("cloud"));
  c.header("Cache-Control", "private, max-age=300");
  return c.json(OfferList.parse({ items, nextCursor: null }), 200);
});
