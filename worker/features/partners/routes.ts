import { Hono } from "hono";
import type { Context } from "hono";
import {
  LinkedPartnerList,
  LinkedPartnerListQuery,
} from "../../../src/domain/schemas/relationship.ts";
import { currentPrincipal, requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import type { Operation } from "../../lib/openapi.ts";
import { AppError } from "../../lib/problem.ts";
import { queryParams } from "../../lib/validate.ts";
import { keysetPage } from "./keyset-page.ts";
import { linkedPartnerPage, toLinkedPartner, type LinkSide } from "./repo.ts";

/** The caller's linked partners on `side`, one page. */
async function linkedPartners(c: Context<AppEnv>, side: LinkSide, query: LinkedPartnerListQuery) {
  const partnerId = currentPrincipal(c.get("principal")).partnerId;
  if (!partnerId) throw new AppError(403, "forbidden");
  const db = c.get("db");
  const page = await keysetPage({
    env: c.env,
    scope: { list: `indirect-${side}`, cloud: c.get("cloud"), partner: partnerId },
    cursor: query.cursor,
    limit: query.limit,
    rows: (after, limit) => linkedPartnerPage(db, side, partnerId, after, limit),
    position: (row) => [row.name, row.id],
    item: toLinkedPartner,
  });
  c.header("Cache-Control", "no-store");
  return c.json(LinkedPartnerList.parse(page), 200);
}

/**
 * `GET /api/v1/{cloud}/indirect-providers` (an indirect reseller's providers) and
 * `GET /api/v1/{cloud}/indirect-resellers` (an indirect provider's resellers). A partner on the
 * other side, or a direct reseller, simply has none.
 */
export const partnerLinkRoutes = new Hono<AppEnv>()
  .get(
    "/indirect-providers",
    requireFeature("indirectInvitations"),
    requirePermission("customers.read"),
    queryParams(LinkedPartnerListQuery),
    (c) => linkedPartners(c, "providers", c.req.valid("query")),
  )
  .get(
    "/indirect-resellers",
    requireFeature("indirectInvitations"),
    requirePermission("customers.read"),
    queryParams(LinkedPartnerListQuery),
    (c) => linkedPartners(c, "resellers", c.req.valid("query")),
  );

/** The partner link endpoints for the OpenAPI document. */
export const partnerLinkOperations: Operation[] = [
  {
    method: "get",
    path: "/indirect-providers",
    summary: "The indirect providers the calling indirect reseller is linked to",
    tags: ["Indirect partners"],
    query: LinkedPartnerListQuery,
    responses: {
      200: { description: "One page, by name", schema: LinkedPartnerList },
      400: "problem",
      401: "problem",
      403: "problem",
      404: "problem",
    },
  },
  {
    method: "get",
    path: "/indirect-resellers",
    summary: "The indirect resellers linked to the calling indirect provider",
    tags: ["Indirect partners"],
    query: LinkedPartnerListQuery,
    responses: {
      200: { description: "One page, by name", schema: LinkedPartnerList },
      400: "problem",
      401: "problem",
      403: "problem",
      404: "problem",
    },
  },
];
