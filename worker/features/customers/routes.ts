import { adminRoleRequired } from "../admin-relationships/refusal.ts";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  AdminPasswordReset,
  Customer,
  CustomerCreated,
  CustomerCreateRequest,
  CustomerExportQuery,
  CustomerList,
  CustomerListQuery,
  CustomerUpdateRequest,
  READ_ONLY_FIELDS,
} from "../../../src/domain/schemas/customer.ts";
import { partnerStaff, requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { etagOf, noneMatchHits, requiredVersion } from "../../lib/etag.ts";
import { idempotencyKeyOf, requestHash } from "../../lib/idempotency.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import {
  apiRoutes,
  csvDownload,
  json,
  jsonAnswer,
  jsonBody,
  problemHook,
  problems,
} from "../../lib/route.ts";
import { issueTemporaryPassword } from "../../lib/temporary-password.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { resetAdminPassword } from "./admin-password.ts";
import { createCustomer, DOMAIN_TAKEN_ISSUE } from "./create.ts";
import { customerExport, customerPage } from "./list.ts";
import { findCustomer } from "./repo.ts";
import { updateCustomer } from "./update.ts";

/** The calling partner staff member (routes run after `requirePermission`). */
function callerOf(c: Context<AppEnv>) {
  const { partnerId, userId } = partnerStaff(c.get("principal"));
  return { partnerId, userId, now: nowIso(c.var.now) };
}

/** The customer of `/customers/{id}…`: one of our ids (anything else is a 404, lowercased). */
export const CustomerParams = z.object({
  id: z
    .guid()
    .transform((id) => id.toLowerCase())
    .openapi({ param: { description: "The customer's id" } }),
});

/** `If-Match` (RFC 9110 §13.1.1); its absence is a 428 before anything else (RFC 6585 §3). */
const IfMatchHeaders = z.object({
  "If-Match": z.string().trim().min(1).openapi({ example: '"v3"' }),
});

function customerLocation(cloud: string, id: string): string {
  return `/api/v1/${cloud}/customers/${id}`;
}

const tags = ["Customers"];
const customers = requireFeature("customers");

const createCustomerRoute = createRoute({
  method: "post",
  path: "/customers",
  summary:
    "Create a customer with its admin account, relationship, delegated admin privileges and subscriptions (optional Idempotency-Key)",
  tags,
  middleware: [customers, requirePermission("customers.create"), limitWrites],
  request: {
    headers: z.object({ "Idempotency-Key": z.string().optional() }),
    body: jsonBody(CustomerCreateRequest),
  },
  responses: {
    201: json(CustomerCreated, "Created; a replay (Idempotent-Replayed: true) carries no password"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const listCustomers = createRoute({
  method: "get",
  path: "/customers",
  summary: "The customers the caller has an active relationship with (keyset pages)",
  tags,
  middleware: [customers, requirePermission("customers.read")],
  request: { query: CustomerListQuery },
  responses: { 200: json(CustomerList, "A page"), ...problems(400, 401, 403, 404) },
});

const exportCustomers = createRoute({
  method: "get",
  path: "/customers/export.csv",
  summary: "The same list as CSV (UTF-8 with BOM, headers in the request's language), streamed",
  tags,
  middleware: [customers, requirePermission("customers.read")],
  request: { query: CustomerExportQuery },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...problems(400, 401, 403, 404),
  },
});

const getCustomer = createRoute({
  method: "get",
  path: "/customers/{id}",
  summary: "A customer, with its subscriptions and relationship; ETag",
  tags,
  middleware: [customers, requirePermission("customers.read")],
  request: {
    params: CustomerParams,
    headers: z.object({ "If-None-Match": z.string().optional() }),
  },
  responses: {
    200: json(Customer, "The customer"),
    304: { description: "Not modified" },
    ...problems(401, 403, 404),
  },
});

const updateCustomerRoute = createRoute({
  method: "patch",
  path: "/customers/{id}",
  summary: "Update a customer (If-Match required); address and primaryContact are replaced whole",
  tags,
  middleware: [customers, requirePermission("customers.update"), limitWrites],
  request: {
    params: CustomerParams,
    headers: IfMatchHeaders,
    body: jsonBody(CustomerUpdateRequest),
  },
  responses: {
    200: json(Customer, "Updated; new ETag"),
    ...problems(400, 401, 403, 404, 412, 413, 415, 428, 429),
  },
});

const resetAdminPasswordRoute = createRoute({
  method: "post",
  path: "/customers/{id}/admin-password",
  summary: "Reset the customer administrator's password to a new temporary one",
  tags,
  middleware: [
    customers,
    requireFeature("adminPassword"),
    requirePermission("customers.resetPassword"),
    limitWrites,
  ],
  request: { params: CustomerParams, body: jsonBody(z.strictObject({})) },
  responses: {
    201: json(AdminPasswordReset, "The new temporary password, shown once"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

/**
 * `/api/v1/{cloud}/customers`: create, list, export, view, update, reset the admin password
 * (SPEC §7, partner endpoints). Every read is one D1 round trip, every write one batch.
 */
export const customerRoutes = apiRoutes()
  .openapi(createCustomerRoute, async (c) => {
    const { partnerId, userId, now: startedAt } = callerOf(c);
    const body = c.req.valid("json");
    const key = idempotencyKeyOf(c);
    const { password, passwordHash } = await issueTemporaryPassword(c.env);
    const outcome = await createCustomer(c.get("db"), {
      startedAt,
      now: nowIso(c.var.now),
      cloud: c.get("cloud"),
      partnerId,
      actorUserId: userId,
      requestId: c.get("requestId"),
      body,
      passwordHash,
      idempotency: key ? { key, hash: await requestHash("POST", "/customers", body) } : undefined,
    });
    switch (outcome.kind) {
      case "created":
      case "replayed": {
        const { customer } = outcome;
        c.header("Location", customerLocation(c.get("cloud"), customer.id));
        c.header("Cache-Control", "no-store");
        // A replay's customer may have changed since; GET it for a current ETag.
        if (outcome.kind === "created") c.header("ETag", etagOf(1));
        else c.header("Idempotent-Replayed", "true");
        const adminAccount =
          outcome.kind === "created"
            ? { userPrincipalName: outcome.userPrincipalName, temporaryPassword: password }
            : { userPrincipalName: outcome.userPrincipalName };
        return c.json(CustomerCreated.parse({ customer, adminAccount }), 201);
      }
      case "key_mismatch":
        throw new AppError(422, "idempotency_mismatch");
      case "key_conflict":
        throw new AppError(409, "idempotency_conflict");
      case "key_in_flight":
        throw new AppError(409, "idempotency_in_flight", {
          headers: { "Retry-After": String(outcome.retryAfter) },
        });
      case "domain_taken":
        throw new AppError(409, "domain_taken", {
          errors: [DOMAIN_TAKEN_ISSUE],
          values: { domainPrefix: body.domainPrefix },
        });
      case "invalid":
        throw new AppError(400, "validation_failed", { errors: outcome.issues });
    }
  })
  .openapi(listCustomers, async (c) => {
    const { partnerId } = callerOf(c);
    const page = await customerPage(
      { env: c.env, db: c.get("db"), cloud: c.get("cloud"), partnerId },
      c.req.valid("query"),
    );
    c.header("Cache-Control", "no-store");
    return jsonAnswer(c, page);
  })
  .openapi(exportCustomers, (c) => {
    const { partnerId } = callerOf(c);
    return csvDownload(c, "customers.csv", (onError) =>
      customerExport(
        { env: c.env, db: c.get("db"), cloud: c.get("cloud"), partnerId },
        c.req.valid("query"),
        c.get("locale"),
        onError,
      ),
    );
  })
  .openapi(getCustomer, async (c) => {
    const { partnerId } = callerOf(c);
    const found = await findCustomer(
      c.get("db"),
      c.get("cloud"),
      partnerId,
      c.req.valid("param").id,
    );
    if (!found) throw notFound();
    const etag = etagOf(found.version);
    c.header("ETag", etag);
    c.header("Cache-Control", "no-store");
    if (noneMatchHits(c.req.valid("header")["If-None-Match"], etag)) return c.body(null, 304);
    return c.json(Customer.parse(found.customer), 200);
  })
  .openapi(
    updateCustomerRoute,
    async (c) => {
      const { partnerId, userId, now } = callerOf(c);
      const outcome = await updateCustomer(c.get("db"), {
        now,
        cloud: c.get("cloud"),
        partnerId,
        actorUserId: userId,
        requestId: c.get("requestId"),
        customerId: c.req.valid("param").id,
        expected: requiredVersion(c.req.valid("header")["If-Match"]),
        body: c.req.valid("json"),
      });
      switch (outcome.kind) {
        case "updated":
          c.header("ETag", etagOf(outcome.version));
          c.header("Cache-Control", "no-store");
          return c.json(Customer.parse(outcome.customer), 200);
        case "not_found":
          throw notFound();
        case "stale":
          throw new AppError(412, "precondition_failed");
        case "read_only":
          throw new AppError(400, "read_only_field", { errors: outcome.issues });
        case "invalid":
          throw new AppError(400, "validation_failed", { errors: outcome.issues });
      }
    },
    (result) => {
      if (result.success) return undefined;
      // No version named: 428 before the body is looked at.
      if (result.target === "header") throw new AppError(428, "precondition_required");
      if (result.target === "json") refuseReadOnlyFields(result.error);
      return problemHook(result);
    },
  )
  .openapi(resetAdminPasswordRoute, async (c) => {
    const { partnerId, userId, now } = callerOf(c);
    const { password, passwordHash } = await issueTemporaryPassword(c.env);
    const outcome = await resetAdminPassword(c.get("db"), {
      now,
      partnerId,
      actorUserId: userId,
      requestId: c.get("requestId"),
      customerId: c.req.valid("param").id,
      passwordHash,
    });
    if (outcome.kind !== "reset") {
      throw outcome.kind === "not_found"
        ? notFound()
        : outcome.kind === "no_admin_role"
          ? adminRoleRequired("resetAdminPassword", c.get("locale"))
          : new AppError(403, "delegated_admin_required");
    }
    c.header("Cache-Control", "no-store");
    return c.json(
      AdminPasswordReset.parse({
        userPrincipalName: outcome.userPrincipalName,
        temporaryPassword: password,
      }),
      201,
    );
  });

/**
 * 400 `read_only_field` when an update body names fields no update may send (SPEC §7): their
 * own error, before the strict schema's unknown-field errors.
 */
function refuseReadOnlyFields(error: z.ZodError) {
  const unknown = new Set(
    error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys" && issue.path.length === 0 ? issue.keys : [],
    ),
  );
  const readOnly = READ_ONLY_FIELDS.filter((field) => unknown.has(field));
  if (readOnly.length > 0) {
    throw new AppError(400, "read_only_field", {
      errors: readOnly.map((path) => ({
        path,
        code: "read_only",
        message: "validation.read_only",
      })),
    });
  }
}
