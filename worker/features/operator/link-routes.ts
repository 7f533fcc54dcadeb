import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  OperatorLinkedPartnerList,
  OperatorLinkedPartnerListQuery,
  OperatorPartnerLink,
  PartnerLinkRequest,
} from "../../../src/domain/schemas/operator.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { requireOperator } from "./access.ts";
import { operatorAudit, PartnerParams } from "./partner-routes.ts";
import {
  deletePartnerLink,
  insertPartnerLink,
  linkedPartnerPage,
  type LinkChange,
  type LinkOutcome,
} from "./repo.ts";

const LinkParams = z.object({
  resellerId: z
    .guid()
    .transform((id) => id.toLowerCase())
    .openapi({ param: { description: "The indirect reseller's id" } }),
  providerId: z
    .guid()
    .transform((id) => id.toLowerCase())
    .openapi({ param: { description: "The indirect provider's id" } }),
});

const tags = ["Operator"];

const listLinks = createRoute({
  method: "get",
  path: "/operator/partners/{id}/links",
  summary:
    "The partners linked to a partner (an indirect reseller's providers, an indirect provider's resellers), by name",
  tags,
  middleware: [requireOperator],
  request: { params: PartnerParams, query: OperatorLinkedPartnerListQuery },
  responses: { 200: json(OperatorLinkedPartnerList, "A page"), ...problems(400, 401, 403, 404) },
});

const linkPartners = createRoute({
  method: "post",
  path: "/operator/partner-links",
  summary:
    "Link an indirect reseller to an indirect provider (the link indirect invitations rely on)",
  tags,
  middleware: [requireOperator, limitWrites],
  request: { body: jsonBody(PartnerLinkRequest) },
  responses: {
    201: json(OperatorPartnerLink, "Linked"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const unlinkPartners = createRoute({
  method: "delete",
  path: "/operator/partner-links/{resellerId}/{providerId}",
  summary: "Unlink an indirect reseller from an indirect provider",
  tags,
  middleware: [requireOperator, limitWrites],
  request: { params: LinkParams },
  responses: { 204: { description: "Unlinked" }, ...problems(401, 403, 404, 409, 415, 429) },
});

/** The change of the link between `resellerId` and `providerId`, audited under both. */
function linkChange(
  c: Context<AppEnv>,
  action: "partner_link.created" | "partner_link.removed",
  resellerId: string,
  providerId: string,
): LinkChange {
  return {
    resellerId,
    providerId,
    now: nowIso(c.var.now),
    resellerAudit: operatorAudit(c, resellerId, action, resellerId, { providerId }),
    providerAudit: operatorAudit(c, providerId, action, providerId, { resellerId }),
  };
}

/** The problem of a link change that wrote nothing. */
function refused(outcome: Exclude<LinkOutcome, { kind: "changed" }>): AppError {
  switch (outcome.kind) {
    case "not_found":
      return notFound();
    case "wrong_types":
      return new AppError(409, "partner_link_types");
    case "exists":
      return new AppError(409, "partner_link_exists");
    case "not_linked":
      return new AppError(404, "partner_link_not_found");
  }
}

/**
 * `/api/v1/{cloud}/operator/partner-links`: the links between indirect resellers and indirect
 * providers, set by the cloud's operators; a partner's links are listed under the partner.
 */
export const operatorLinkRoutes = apiRoutes()
  .openapi(listLinks, async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const db = c.get("db");
    const page = await keysetPage({
      env: c.env,
      scope: { list: "operator-links", cloud: c.get("cloud"), partner: id },
      cursor: query.cursor,
      limit: query.limit,
      rows: async (after, limit) => {
        const rows = await linkedPartnerPage(db, id, after, limit);
        if (!rows) throw notFound();
        return rows;
      },
      position: (row) => [row.name_key, row.id],
      item: (row) => ({
        id: row.id,
        name: row.name,
        type: row.type,
        status: row.status,
        linkedAt: row.linked_at,
      }),
    });
    c.header("Cache-Control", "no-store");
    return c.json(OperatorLinkedPartnerList.parse(page), 200);
  })
  .openapi(linkPartners, async (c) => {
    const { resellerId, providerId } = c.req.valid("json");
    const outcome = await insertPartnerLink(
      c.get("db"),
      linkChange(c, "partner_link.created", resellerId, providerId),
    );
    if (outcome.kind !== "changed") throw refused(outcome);
    c.header("Cache-Control", "no-store");
    return c.json(
      OperatorPartnerLink.parse({
        reseller: { id: outcome.reseller.id, name: outcome.reseller.name },
        provider: { id: outcome.provider.id, name: outcome.provider.name },
        linkedAt: outcome.linkedAt,
      }),
      201,
    );
  })
  .openapi(unlinkPartners, async (c) => {
    const { resellerId, providerId } = c.req.valid("param");
    const outcome = await deletePartnerLink(
      c.get("db"),
      linkChange(c, "partner_link.removed", resellerId, providerId),
    );
    if (outcome.kind !== "changed") throw refused(outcome);
    return c.body(null, 204);
  });
