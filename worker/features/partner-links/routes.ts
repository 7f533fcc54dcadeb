import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  LinkedPartnerList,
  LinkedPartnerListQuery,
} from "../../../src/domain/schemas/relationship.ts";
import { partnerStaff, requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { apiRoutes, json, problems } from "../../lib/route.ts";
import { linkedPartnerPage, toLinkedPartner, type LinkSide } from "./repo.ts";

/** The caller's linked partners on `side`, one page. */
async function linkedPartners(c: Context<AppEnv>, side: LinkSide, query: LinkedPartnerListQuery) {
  const { partnerId } = partnerStaff(c.get("principal"));
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
  return LinkedPartnerList.parse(page);
}

function linkedPartnersRoute<P extends string>(path: P, summary: string) {
  return createRoute({
    method: "get",
    path,
    summary,
    tags: ["Indirect partners"],
    middleware: [requireFeature("indirectInvitations"), requirePermission("customers.read")],
    request: { query: LinkedPartnerListQuery },
    responses: {
      200: json(LinkedPartnerList, "One page, by name"),
      ...problems(400, 401, 403, 404),
    },
  });
}

/**
 * `GET /api/v1/{cloud}/indirect-providers` (an indirect reseller's providers) and
 * `GET /api/v1/{cloud}/indirect-resellers` (an indirect provider's resellers): the links between
 * indirect resellers and indirect providers, as each side sees them. A partner on the other
 * side, or a direct reseller, simply has none.
 */
export const partnerLinkRoutes = apiRoutes()
  .openapi(
    linkedPartnersRoute(
      "/indirect-providers",
      "The indirect providers the calling indirect reseller is linked to",
    ),
    async (c) => c.json(await linkedPartners(c, "providers", c.req.valid("query")), 200),
  )
  .openapi(
    linkedPartnersRoute(
      "/indirect-resellers",
      "The indirect resellers linked to the calling indirect provider",
    ),
    async (c) => c.json(await linkedPartners(c, "resellers", c.req.valid("query")), 200),
  );
