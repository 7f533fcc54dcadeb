import { Hono } from "hono";
import { validator } from "hono/validator";
import {
  RemovedRelationship,
  RemoveRelationshipRequest,
} from "../../../src/domain/schemas/relationship.ts";
import { currentPrincipal, requirePermission, type Principal } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";
import type { Operation } from "../../lib/openapi.ts";
import { AppError, issuesFromZod, notFound } from "../../lib/problem.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { removeRelationship, revokeDelegatedAdmin } from "./repo.ts";

/**
 * The removal body: a missing or false acknowledgement is its own 400
 * `acknowledgement_required` (the site shows the legal notice again); anything else, such as an
 * unknown field, is the usual `validation_failed`.
 */
const removalBody = validator("json", (value) => {
  const parsed = RemoveRelationshipRequest.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error);
  if (issues.every((issue) => issue.path === "acknowledgeLegalNotice")) {
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
  throw new AppError(400, "validation_failed", { errors: issues });
});

/** The partner and customer of a request to `/customers/{id}/…`. */
function partnerCustomer(caller: Principal | undefined, id: string) {
  const principal = currentPrincipal(caller);
  if (!principal.partnerId) throw new AppError(403, "forbidden");
  return { principal, partnerId: principal.partnerId, customerId: id.toLowerCase() };
}

/**
 * `/api/v1/{cloud}/customers/{id}/relationship` and `…/delegated-admin`: a partner ends its
 * relationship with a customer, or its delegated admin privileges, on their own (SPEC §6–7).
 */
export const relationshipRoutes = new Hono<AppEnv>()
  .delete(
    "/customers/:id/relationship",
    requireFeature("relationshipRemoval"),
    requirePermission("relationships.remove"),
    limitWrites,
    removalBody,
    async (c) => {
      const { principal, partnerId, customerId } = partnerCustomer(
        c.get("principal"),
        c.req.param("id"),
      );
      const removedAt = nowIso(c.var.now);
      const outcome = await removeRelationship(
        c.get("db"),
        { partnerId, customerId },
        {
          id: newId(),
          partnerId,
          actorUserId: principal.userId,
          action: "relationship.removed",
          targetType: "customer",
          targetId: customerId,
          requestId: c.get("requestId"),
          occurredAt: removedAt,
          details: { acknowledgeLegalNotice: true },
        },
      );
      if (outcome.kind === "not_found") throw notFound();
      return c.json(
        RemovedRelationship.parse({
          relationship: { customerId, partnerId, state: "removed", removedAt },
          delegatedAdmin: { state: outcome.delegatedAdmin },
          subscriptions: { suspended: outcome.suspended },
        }),
        200,
      );
    },
  )
  .delete(
    "/customers/:id/delegated-admin",
    requireFeature("relationshipRemoval"),
    requirePermission("relationships.remove"),
    limitWrites,
    async (c) => {
      const { principal, partnerId, customerId } = partnerCustomer(
        c.get("principal"),
        c.req.param("id"),
      );
      const revoked = await revokeDelegatedAdmin(
        c.get("db"),
        { partnerId, customerId },
        {
          id: newId(),
          partnerId,
          actorUserId: principal.userId,
          action: "delegated_admin.revoked",
          targetType: "customer",
          targetId: customerId,
          requestId: c.get("requestId"),
          occurredAt: nowIso(c.var.now),
        },
      );
      if (!revoked) throw notFound();
      return c.body(null, 204);
    },
  );

/** The relationship endpoints for the OpenAPI document. */
export const relationshipOperations: Operation[] = [
  {
    method: "delete",
    path: "/customers/{id}/relationship",
    summary: "Remove the relationship with a customer (delegated admin privileges stay)",
    tags: ["Relationships"],
    body: RemoveRelationshipRequest,
    responses: {
      200: { description: "Removed; subscriptions suspended", schema: RemovedRelationship },
      400: "problem",
      401: "problem",
      403: "problem",
      404: "problem",
      429: "problem",
    },
  },
  {
    method: "delete",
    path: "/customers/{id}/delegated-admin",
    summary: "Revoke delegated admin privileges for a customer",
    tags: ["Relationships"],
    responses: {
      204: { description: "Revoked" },
      401: "problem",
      403: "problem",
      404: "problem",
      429: "problem",
    },
  },
];
