import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  RemovedRelationship,
  RemoveRelationshipRequest,
} from "../../../src/domain/schemas/relationship.ts";
import { partnerStaff, requirePermission } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";
import { AppError, issuesFromZod, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problemHook, problems } from "../../lib/route.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { CustomerParams } from "../customers/routes.ts";
import { removeRelationship, revokeDelegatedAdmin } from "./repo.ts";

/** The partner and customer of a request to `/customers/{id}/…`, and the audit fields. */
function partnerCustomer(c: Context<AppEnv>, customerId: string) {
  const { partnerId, userId } = partnerStaff(c.get("principal"));
  return {
    partnerId,
    customerId,
    audit: {
      id: newId(),
      partnerId,
      actorUserId: userId,
      targetType: "customer",
      targetId: customerId,
      requestId: c.get("requestId"),
      occurredAt: nowIso(c.var.now),
    },
  };
}

const tags = ["Relationships"];
const middleware = [
  requireFeature("customers"),
  requireFeature("relationshipRemoval"),
  requirePermission("relationships.remove"),
  limitWrites,
];

const removeRelationshipRoute = createRoute({
  method: "delete",
  path: "/customers/{id}/relationship",
  summary: "Remove the relationship with a customer (delegated admin privileges stay)",
  tags,
  middleware,
  request: { params: CustomerParams, body: jsonBody(RemoveRelationshipRequest) },
  responses: {
    200: json(RemovedRelationship, "Removed; subscriptions suspended"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const revokeDelegatedAdminRoute = createRoute({
  method: "delete",
  path: "/customers/{id}/delegated-admin",
  summary: "Revoke delegated admin privileges for a customer",
  tags,
  middleware,
  request: { params: CustomerParams },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 429) },
});

/**
 * `/api/v1/{cloud}/customers/{id}/relationship` and `…/delegated-admin`: a partner ends its
 * relationship with a customer, or its delegated admin privileges, on their own (SPEC §6–7).
 */
export const relationshipRoutes = apiRoutes()
  .openapi(
    removeRelationshipRoute,
    async (c) => {
      const { partnerId, customerId, audit } = partnerCustomer(c, c.req.valid("param").id);
      const outcome = await removeRelationship(
        c.get("db"),
        { partnerId, customerId },
        { ...audit, action: "relationship.removed", details: { acknowledgeLegalNotice: true } },
      );
      if (outcome.kind === "not_found") throw notFound();
      return c.json(
        RemovedRelationship.parse({
          relationship: { customerId, partnerId, state: "removed", removedAt: audit.occurredAt },
          delegatedAdmin: { state: outcome.delegatedAdmin },
          subscriptions: { suspended: outcome.suspended },
        }),
        200,
      );
    },
    // A missing or false acknowledgement is its own 400 `acknowledgement_required` (the site
    // shows the legal notice again); anything else, such as an unknown field, is the usual one.
    (result) => {
      if (
        !result.success &&
        result.target === "json" &&
        issuesFromZod(result.error).every((issue) => issue.path === "acknowledgeLegalNotice")
      ) {
        throw new AppError(400, "acknowledgement_required", {
          errors: [
            {
              path: "acknowledgeLegalNotice",
              code: "acknowledgement_required",
              message: "validation.acknowledgement_required",
            },
          ],
        });
      }
      return problemHook(result);
    },
  )
  .openapi(revokeDelegatedAdminRoute, async (c) => {
    const { partnerId, customerId, audit } = partnerCustomer(c, c.req.valid("param").id);
    const revoked = await revokeDelegatedAdmin(
      c.get("db"),
      { partnerId, customerId },
      { ...audit, action: "delegated_admin.revoked" },
    );
    if (!revoked) throw notFound();
    return c.body(null, 204);
  });
