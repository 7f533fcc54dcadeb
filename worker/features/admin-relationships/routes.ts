import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import {
  AdminRelationship,
  AdminRelationshipDetail,
  AdminRelationshipList,
  AdminRelationshipListQuery,
  AdminRelationshipSummary,
  BulkRequest,
  BulkResponse,
  LegacyCustomerList,
  LegacyCustomerListQuery,
  ReplaceDelegatedAdminRequest,
  ReplaceDelegatedAdminResponse,
  ApprovalPreview,
  ApprovalTokenRequest,
  AccessAssignment,
  AssignmentRequest,
  CreateAdminRelationshipRequest,
  CreatedAdminRelationship,
  mayAutoExtend,
  parseDuration,
} from "../../../src/domain/schemas/admin-relationship.ts";
import { can } from "../../../src/domain/roles.ts";
import type { AuditActor } from "../../../src/domain/schemas/audit.ts";
import {
  currentPrincipal,
  partnerStaff,
  requirePermission,
  type Principal,
} from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { publicOrigin } from "../../lib/middleware.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { customerIdOf, requireCustomerAdmin } from "../../lib/customer-admin.ts";
import {
  approvalTokenHash,
  approveRequest,
  newApprovalToken,
  previewRequest,
  rejectRequest,
  type Answer,
} from "./approval.ts";
import { assignRoles, unassignRoles } from "./assignments.ts";
import { applyBulk, type BulkAction } from "./bulk.ts";
import {
  legacyCustomerPage,
  replaceDelegatedAdmin,
  toLegacyCustomer,
} from "./replace-delegated-admin.ts";
import { requestLink } from "./email.ts";
import {
  expiringCount,
  insertRequest,
  relationshipDetail,
  relationshipPage,
  terminateRelationship,
  toAdminRelationship,
  toAssignment,
  type NewRelationship,
  type Viewer,
} from "./repo.ts";
import { plusDays, REQUEST_DAYS } from "./state.ts";

/** Who may read a relationship: partner staff with the read permission, or a customer admin. */
function viewerOf(principal: Principal | undefined): Viewer {
  const caller = currentPrincipal(principal);
  if (caller.kind === "customer" && caller.customerId) {
    return { kind: "customer", customerId: caller.customerId };
  }
  if (
    caller.kind === "partner" &&
    caller.partnerId &&
    can(caller.roles, "adminRelationships.read")
  ) {
    return { kind: "partner", partnerId: caller.partnerId };
  }
  throw new AppError(403, "forbidden");
}

/** Who may end a relationship: partner staff with the write permission, or a customer admin. */
function terminatorOf(principal: Principal | undefined): Viewer {
  const viewer = viewerOf(principal);
  if (
    viewer.kind === "partner" &&
    !can(currentPrincipal(principal).roles, "adminRelationships.write")
  ) {
    throw new AppError(403, "forbidden");
  }
  return viewer;
}

/** The 400 of auto-extension asked for with global administrator. */
function autoExtendRefused(): AppError {
  return new AppError(400, "auto_extend_not_allowed", {
    errors: [
      {
        path: "autoExtend",
        code: "auto_extend_not_allowed",
        message: "adminRelationships.validation.autoExtend",
      },
    ],
  });
}

/** The parts of a duration the schema has already validated. */
function durationPartsOf(duration: string) {
  const parts = parseDuration(duration);
  if (!parts) throw new Error("a validated duration did not parse");
  return parts;
}

const readers = createMiddleware<AppEnv>(async (c, next) => {
  viewerOf(c.get("principal"));
  await next();
});
const terminators = createMiddleware<AppEnv>(async (c, next) => {
  terminatorOf(c.get("principal"));
  await next();
});

const tags = ["Admin relationships"];
const feature = requireFeature("adminRelationships");
const IdParams = z.object({ id: z.guid().transform((id) => id.toLowerCase()) });

const createRelationshipRoute = createRoute({
  method: "post",
  path: "/admin-relationships",
  summary: "Request admin roles in a customer's tenant (an approval link and an email draft)",
  tags,
  middleware: [feature, requirePermission("adminRelationships.write"), limitWrites],
  request: { body: jsonBody(CreateAdminRelationshipRequest) },
  responses: {
    201: json(CreatedAdminRelationship, "Created; the token is in `url` only here"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const listRelationshipsRoute = createRoute({
  method: "get",
  path: "/admin-relationships",
  summary:
    "Admin relationships (the partner's, or a customer admin's own customer's), newest first",
  tags,
  middleware: [feature, readers],
  request: { query: AdminRelationshipListQuery },
  responses: { 200: json(AdminRelationshipList, "One page"), ...problems(400, 401, 403, 404) },
});

const summaryRoute = createRoute({
  method: "get",
  path: "/admin-relationships/summary",
  summary: "How many of the partner's admin relationships expire within 30 days",
  tags,
  middleware: [feature, requirePermission("adminRelationships.read")],
  responses: { 200: json(AdminRelationshipSummary, "The counts"), ...problems(401, 403, 404) },
});

const relationshipDetailRoute = createRoute({
  method: "get",
  path: "/admin-relationships/{id}",
  summary: "An admin relationship with its access assignments and its timeline",
  tags,
  middleware: [feature, readers],
  request: { params: IdParams },
  responses: { 200: json(AdminRelationshipDetail, "The relationship"), ...problems(401, 403, 404) },
});

const terminateRelationshipRoute = createRoute({
  method: "delete",
  path: "/admin-relationships/{id}",
  summary: "Terminate an admin relationship (its partner or its customer's admin)",
  tags,
  middleware: [feature, terminators, limitWrites],
  request: { params: IdParams },
  responses: {
    200: json(AdminRelationship, "Terminated"),
    ...problems(401, 403, 404, 409, 429),
  },
});

const bulkRoute = createRoute({
  method: "post",
  path: "/admin-relationships/bulk",
  summary:
    "One page of a bulk operation (remove a role, terminate, set auto-extension) over a filtered selection",
  tags,
  middleware: [feature, requirePermission("adminRelationships.write"), limitWrites],
  request: { body: jsonBody(BulkRequest) },
  responses: {
    200: json(BulkResponse, "What was done to each relationship of the page, and the next page"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const replaceDelegatedAdminRoute = createRoute({
  method: "post",
  path: "/admin-relationships/replace-delegated-admin",
  summary: "Request admin relationships that replace legacy delegated admin privileges",
  tags,
  middleware: [feature, requirePermission("adminRelationships.write"), limitWrites],
  request: { body: jsonBody(ReplaceDelegatedAdminRequest) },
  responses: {
    200: json(ReplaceDelegatedAdminResponse, "A request per customer that still has them"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const legacyCustomersRoute = createRoute({
  method: "get",
  path: "/admin-relationships/replace-delegated-admin/customers",
  summary:
    "The customers the partner still holds legacy delegated admin privileges for, oldest grant first",
  tags,
  middleware: [feature, requirePermission("adminRelationships.read")],
  request: { query: LegacyCustomerListQuery },
  responses: { 200: json(LegacyCustomerList, "One page"), ...problems(400, 401, 403, 404) },
});

const AssignmentParams = z.object({
  id: z.guid().transform((id) => id.toLowerCase()),
  groupId: z.guid().transform((id) => id.toLowerCase()),
});

const assignRoute = createRoute({
  method: "put",
  path: "/admin-relationships/{id}/assignments/{groupId}",
  summary: "Give a group of the partner's users some or all of a relationship's roles",
  tags,
  middleware: [feature, requirePermission("adminRelationships.write"), limitWrites],
  request: { params: AssignmentParams, body: jsonBody(AssignmentRequest) },
  responses: {
    200: json(AccessAssignment, "The group's roles"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const unassignRoute = createRoute({
  method: "delete",
  path: "/admin-relationships/{id}/assignments/{groupId}",
  summary: "Take a relationship's roles from a group",
  tags,
  middleware: [feature, requirePermission("adminRelationships.write"), limitWrites],
  request: { params: AssignmentParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 429) },
});

/** A customer admin's answer to a request, by its token. */
function answerRoute<R extends ReturnType<typeof json>>(
  action: "preview" | "approve" | "reject",
  summary: string,
  answered: R,
) {
  return createRoute({
    method: "post",
    path: `/admin-relationships/approval/${action}`,
    summary,
    tags,
    middleware: [feature, requireCustomerAdmin, limitWrites],
    request: { body: jsonBody(ApprovalTokenRequest) },
    responses: { 200: answered, ...problems(400, 401, 403, 404, 409, 410, 413, 415, 429) },
  });
}
const previewRoute = answerRoute(
  "preview",
  "What a request asks (a customer's admin)",
  json(ApprovalPreview, "The request, as the customer admin is asked it"),
);
const approveRoute = answerRoute(
  "approve",
  "Approve a request (a customer's admin); single use",
  json(AdminRelationship, "Approved"),
);
const rejectRoute = answerRoute(
  "reject",
  "Reject a request (a customer's admin)",
  json(AdminRelationship, "Rejected"),
);

/** The answer of the signed-in customer admin to the request of `token`. */
async function answerOf(c: { var: AppEnv["Variables"] }, token: string): Promise<Answer> {
  const principal = currentPrincipal(c.var.principal);
  return {
    tokenHash: await approvalTokenHash(c.var.cloud, token),
    customerId: customerIdOf(principal),
    actorUserId: principal.userId,
    requestId: c.var.requestId,
    auditId: newId(),
    now: nowIso(c.var.now),
  };
}

/**
 * `/api/v1/{cloud}/admin-relationships…`: partners request, list, read and terminate admin
 * relationships; a customer's admin previews, approves or rejects a request by its token, and
 * lists, reads and terminates its customer's (SPEC §6).
 */
export const adminRelationshipRoutes = apiRoutes()
  .openapi(createRelationshipRoute, async (c) => {
    const body = c.req.valid("json");
    if (body.autoExtend !== "P0D" && !mayAutoExtend(body.roles)) throw autoExtendRefused();
    const durationParts = durationPartsOf(body.duration);
    const cloud = c.get("cloud");
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const locale = body.locale ?? c.get("locale");
    const now = nowIso(c.var.now);
    const token = newApprovalToken();
    const id = newId();
    const relationship: NewRelationship = {
      id,
      partnerId,
      customerId: body.customerId?.toLowerCase() ?? null,
      displayName: body.displayName,
      roles: body.roles,
      duration: body.duration,
      durationParts,
      autoExtendDays: body.autoExtend === "P180D" ? 180 : 0,
      locale,
      tokenHash: await approvalTokenHash(cloud, token),
      replacesDelegatedAdmin: false,
      replacesId: null,
      createdBy: userId,
      createdAt: now,
      requestExpiresAt: plusDays(now, REQUEST_DAYS),
    };
    const row = await insertRequest(c.get("db"), relationship, {
      id: newId(),
      partnerId,
      actorUserId: userId,
      action: "adminRelationship.created",
      targetType: "admin_relationship",
      targetId: id,
      requestId: c.get("requestId"),
      occurredAt: now,
      details: { roles: body.roles, duration: body.duration, autoExtend: body.autoExtend },
    });
    // The customer is not one of the partner's (or the partner is not active): as absent.
    if (!row) throw notFound();
    const { url, email } = requestLink({
      cloud,
      origin: publicOrigin(c.env),
      partnerName: row.partner_name,
      token,
      relationship,
    });
    c.header("Cache-Control", "no-store");
    c.header("Location", `/api/v1/${cloud}/admin-relationships/${id}`);
    return c.json(
      CreatedAdminRelationship.parse({
        relationship: toAdminRelationship(row, c.var.now()),
        url,
        email,
      }),
      201,
    );
  })
  .openapi(listRelationshipsRoute, async (c) => {
    const { cursor, limit, ...filters } = c.req.valid("query");
    const viewer = viewerOf(c.get("principal"));
    const db = c.get("db");
    const nowMs = c.var.now();
    const page = await keysetPage({
      env: c.env,
      scope: {
        list: "admin-relationships",
        cloud: c.get("cloud"),
        viewer: viewer.kind === "partner" ? `p:${viewer.partnerId}` : `c:${viewer.customerId}`,
        ...filters,
        customerId: filters.customerId?.toLowerCase(),
      },
      cursor,
      limit,
      rows: (after, size) => relationshipPage(db, { viewer, filters, nowMs, after, limit: size }),
      position: (row) => [row.created_at, row.id],
      item: (row) => toAdminRelationship(row, nowMs),
    });
    c.header("Cache-Control", "no-store");
    return c.json(AdminRelationshipList.parse(page), 200);
  })
  .openapi(legacyCustomersRoute, async (c) => {
    const { cursor, limit } = c.req.valid("query");
    const { partnerId } = partnerStaff(c.get("principal"));
    const db = c.get("db");
    const now = nowIso(c.var.now);
    const page = await keysetPage({
      env: c.env,
      scope: { list: "legacy-delegated-admin", cloud: c.get("cloud"), partner: partnerId },
      cursor,
      limit,
      rows: (after, size) => legacyCustomerPage(db, { partnerId, now, after, limit: size }),
      position: (row) => [row.granted_at, row.id],
      item: toLegacyCustomer,
    });
    c.header("Cache-Control", "no-store");
    return c.json(LegacyCustomerList.parse(page), 200);
  })
  // Before `/{id}`, which would take "summary" for an id.
  .openapi(summaryRoute, async (c) => {
    const { partnerId } = partnerStaff(c.get("principal"));
    const expiring = await expiringCount(c.get("db"), partnerId, c.var.now());
    c.header("Cache-Control", "no-store");
    return c.json(AdminRelationshipSummary.parse({ expiring }), 200);
  })
  .openapi(relationshipDetailRoute, async (c) => {
    const viewer = viewerOf(c.get("principal"));
    const detail = await relationshipDetail(c.get("db"), viewer, c.req.valid("param").id);
    if (!detail) throw notFound();
    c.header("Cache-Control", "no-store");
    return c.json(
      AdminRelationshipDetail.parse({
        relationship: toAdminRelationship(detail.relationship, c.var.now()),
        assignments: detail.assignments.map(toAssignment),
        timeline: detail.timeline.map((entry) => ({
          action: entry.action,
          occurredAt: entry.occurred_at,
          actor: JSON.parse(entry.actor) as AuditActor,
        })),
        groups: detail.groups,
      }),
      200,
    );
  })
  .openapi(terminateRelationshipRoute, async (c) => {
    const principal = currentPrincipal(c.get("principal"));
    const viewer = terminatorOf(principal);
    const id = c.req.valid("param").id;
    const report = await terminateRelationship(c.get("db"), viewer, id, {
      id: newId(),
      actorUserId: principal.userId,
      action: "adminRelationship.terminated",
      requestId: c.get("requestId"),
      occurredAt: nowIso(c.var.now),
      details: { by: viewer.kind },
    });
    if (!report) throw notFound();
    if (report.terminated !== 1) throw new AppError(409, "admin_relationship_not_active");
    return c.json(AdminRelationship.parse(toAdminRelationship(report, c.var.now())), 200);
  })
  .openapi(bulkRoute, async (c) => {
    const body = c.req.valid("json");
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const action: BulkAction =
      body.action === "removeRole" && body.role
        ? { action: "removeRole", role: body.role }
        : body.action === "setAutoExtend" && body.autoExtend
          ? { action: "setAutoExtend", autoExtend: body.autoExtend }
          : { action: "terminate" };
    const db = c.get("db");
    const nowMs = c.var.now();
    const viewer: Viewer = { kind: "partner", partnerId };
    const filters = { ...body.filters, customerId: body.filters.customerId?.toLowerCase() };
    // The run's pages stay in the order of the selection as it was: the cursor is bound to it.
    const page = await keysetPage({
      env: c.env,
      scope: {
        list: "admin-relationships-bulk",
        cloud: c.get("cloud"),
        partner: partnerId,
        ...action,
        ...filters,
      },
      cursor: body.cursor,
      limit: body.limit,
      rows: (after, size) => relationshipPage(db, { viewer, filters, nowMs, after, limit: size }),
      position: (row) => [row.created_at, row.id],
      item: (row) => row,
    });
    const results = await applyBulk(db, page.items, action, {
      cloud: c.get("cloud"),
      partnerId,
      actorUserId: userId,
      requestId: c.get("requestId"),
      origin: publicOrigin(c.env),
      nowMs,
    });
    c.header("Cache-Control", "no-store");
    return c.json(BulkResponse.parse({ results, nextCursor: page.nextCursor }), 200);
  })
  .openapi(replaceDelegatedAdminRoute, async (c) => {
    const body = c.req.valid("json");
    if (body.autoExtend !== "P0D" && !mayAutoExtend(body.roles)) throw autoExtendRefused();
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const results = await replaceDelegatedAdmin(c.get("db"), {
      cloud: c.get("cloud"),
      partnerId,
      actorUserId: userId,
      requestId: c.get("requestId"),
      origin: publicOrigin(c.env),
      now: nowIso(c.var.now),
      customerIds: body.customerIds,
      displayName: body.displayName,
      roles: body.roles,
      duration: body.duration,
      durationParts: durationPartsOf(body.duration),
      autoExtendDays: body.autoExtend === "P180D" ? 180 : 0,
      locale: body.locale ?? c.get("locale"),
    });
    c.header("Cache-Control", "no-store");
    return c.json(ReplaceDelegatedAdminResponse.parse({ results }), 200);
  })
  .openapi(assignRoute, async (c) => {
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const { id, groupId } = c.req.valid("param");
    const { roles } = c.req.valid("json");
    const outcome = await assignRoles(c.get("db"), {
      partnerId,
      relationshipId: id,
      groupId,
      roles,
      audit: {
        id: newId(),
        actorUserId: userId,
        action: "adminRelationship.assigned",
        requestId: c.get("requestId"),
        occurredAt: nowIso(c.var.now),
      },
    });
    switch (outcome.kind) {
      case "assigned":
        return c.json(AccessAssignment.parse(toAssignment(outcome.row)), 200);
      case "not_found":
        throw notFound();
      case "not_active":
        throw new AppError(409, "admin_relationship_not_active");
      case "not_in_relationship":
        throw new AppError(400, "validation_failed", {
          errors: [
            {
              path: "roles",
              code: "role_not_in_relationship",
              message: "adminRelationships.validation.roleNotInRelationship",
            },
          ],
        });
    }
  })
  .openapi(unassignRoute, async (c) => {
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const { id, groupId } = c.req.valid("param");
    const removed = await unassignRoles(c.get("db"), {
      partnerId,
      relationshipId: id,
      groupId,
      audit: {
        id: newId(),
        actorUserId: userId,
        action: "adminRelationship.unassigned",
        requestId: c.get("requestId"),
        occurredAt: nowIso(c.var.now),
      },
    });
    if (!removed) throw notFound();
    return c.body(null, 204);
  })
  .openapi(previewRoute, async (c) => {
    const row = await previewRequest(c.get("db"), await answerOf(c, c.req.valid("json").token));
    c.header("Cache-Control", "no-store");
    const relationship = toAdminRelationship(row, c.var.now());
    return c.json(
      ApprovalPreview.parse({
        partner: { name: relationship.partner.name },
        displayName: relationship.displayName,
        roles: relationship.roles,
        duration: relationship.duration,
        autoExtend: relationship.autoExtend,
        locale: relationship.locale,
        requestExpiresAt: relationship.requestExpiresAt,
      }),
      200,
    );
  })
  .openapi(approveRoute, async (c) => {
    const row = await approveRequest(c.get("db"), await answerOf(c, c.req.valid("json").token));
    return c.json(AdminRelationship.parse(toAdminRelationship(row, c.var.now())), 200);
  })
  .openapi(rejectRoute, async (c) => {
    const row = await rejectRequest(c.get("db"), await answerOf(c, c.req.valid("json").token));
    return c.json(AdminRelationship.parse(toAdminRelationship(row, c.var.now())), 200);
  });
