import { Hono, type Context } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
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
import { currentPrincipal, requirePermission } from "../../lib/auth.ts";
import { requireFeature } from "../../lib/cloud.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { etagOf, noneMatchHits, requiredVersion } from "../../lib/etag.ts";
import { idempotencyKeyOf, requestHash } from "../../lib/idempotency.ts";
import type { Operation } from "../../lib/openapi.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { issueTemporaryPassword } from "../../lib/temporary-password.ts";
import { jsonBody, parseOrThrow, queryParams } from "../../lib/validate.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { resetAdminPassword } from "./admin-password.ts";
import { createCustomer, DOMAIN_TAKEN_ISSUE } from "./create.ts";
import { customerExport, customerPage } from "./list.ts";
import { findCustomer } from "./repo.ts";
import { updateCustomer } from "./update.ts";

/** The calling partner staff member (routes run after `requirePermission`). */
function callerOf(c: Context<AppEnv>) {
  const principal = currentPrincipal(c.get("principal"));
  if (!principal.partnerId) throw new AppError(403, "forbidden");
  return { partnerId: principal.partnerId, userId: principal.userId };
}

/** "Now" from the app's clock (`createApp({ now })`), as the database stores times. */
function nowOf(c: Context<AppEnv>): string {
  return nowIso(c.var.now ?? Date.now);
}

/** `:id` must look like one of our ids; anything else is as absent as a foreign id (404). */
const customerId = validator("param", (params: Record<string, string>) => {
  const parsed = z.guid().safeParse(params["id"]);
  if (!parsed.success) throw notFound();
  return { id: parsed.data.toLowerCase() };
});

/** 428 before anything else when an update names no version (RFC 6585 §3). */
const ifMatchRequired = validator("header", (headers: Record<string, string>) => ({
  ifMatch: requiredVersion(headers["if-match"]),
}));

/** The update body: read-only fields are their own 400, then the strict schema. */
const updateBody = validator("json", (value: unknown) => {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const readOnly = READ_ONLY_FIELDS.filter((field) => Object.hasOwn(value, field));
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
  return parseOrThrow(CustomerUpdateRequest, value);
});

function customerLocation(cloud: string, id: string): string {
  return `/api/v1/${cloud}/customers/${id}`;
}

/**
 * `/api/v1/{cloud}/customers`: create, list, export, view, update, reset the admin password
 * (SPEC §7, partner endpoints). Every read is one D1 round trip, every write one batch.
 */
export const customerRoutes = new Hono<AppEnv>()
  .use("/customers", requireFeature("customers"))
  .use("/customers/*", requireFeature("customers"))
  .post(
    "/customers",
    requirePermission("customers.create"),
    limitWrites,
    jsonBody(CustomerCreateRequest),
    async (c) => {
      const { partnerId, userId } = callerOf(c);
      const body = c.req.valid("json");
      const key = idempotencyKeyOf(c);
      const { password, passwordHash } = await issueTemporaryPassword(c.env);
      const outcome = await createCustomer(c.get("db"), {
        now: nowOf(c),
        cloud: c.get("cloud"),
        partnerId,
        actorUserId: userId,
        requestId: c.get("requestId"),
        body,
        passwordHash,
        idempotency: key ? { key, hash: await requestHash("POST", "/customers", body) } : undefined,
      });
      switch (outcome.kind) {
        // A concurrent duplicate (same key, same body) is answered as a replay, not 409: D1 runs
        // batches one at a time and the key is claimed in the batch that creates the customer,
        // so the second request always finds the finished customer — there is no "in progress"
        // state to refuse — and a second customer is impossible either way.
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
        case "domain_taken":
          throw new AppError(409, "domain_taken", {
            errors: [DOMAIN_TAKEN_ISSUE],
            values: { domainPrefix: body.domainPrefix },
          });
        case "invalid":
          throw new AppError(400, "validation_failed", { errors: outcome.issues });
      }
    },
  )
  .get(
    "/customers",
    requirePermission("customers.read"),
    queryParams(CustomerListQuery),
    async (c) => {
      const { partnerId } = callerOf(c);
      const page = await customerPage(
        { env: c.env, db: c.get("db"), cloud: c.get("cloud"), partnerId },
        c.req.valid("query"),
      );
      c.header("Cache-Control", "no-store");
      return c.json(CustomerList.parse(page), 200);
    },
  )
  .get(
    "/customers/export.csv",
    requirePermission("customers.read"),
    queryParams(CustomerExportQuery),
    (c) => {
      const { partnerId } = callerOf(c);
      const requestIdValue = c.get("requestId");
      const stream = customerExport(
        { env: c.env, db: c.get("db"), cloud: c.get("cloud"), partnerId },
        c.req.valid("query"),
        c.get("locale"),
        (error) =>
          console.error(
            JSON.stringify({ level: "error", requestId: requestIdValue, error: String(error) }),
          ),
      );
      return c.body(stream, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="customers.csv"',
        "Content-Language": c.get("locale"),
        "Cache-Control": "no-store",
      });
    },
  )
  .get("/customers/:id", requirePermission("customers.read"), customerId, async (c) => {
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
    if (noneMatchHits(c.req.header("If-None-Match"), etag)) return c.body(null, 304);
    return c.json(Customer.parse(found.customer), 200);
  })
  .patch(
    "/customers/:id",
    requirePermission("customers.update"),
    customerId,
    ifMatchRequired,
    limitWrites,
    updateBody,
    async (c) => {
      const { partnerId, userId } = callerOf(c);
      const outcome = await updateCustomer(c.get("db"), {
        now: nowOf(c),
        cloud: c.get("cloud"),
        partnerId,
        actorUserId: userId,
        requestId: c.get("requestId"),
        customerId: c.req.valid("param").id,
        expected: c.req.valid("header").ifMatch,
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
  )
  .post(
    "/customers/:id/admin-password",
    requireFeature("adminPassword"),
    requirePermission("customers.resetPassword"),
    customerId,
    limitWrites,
    jsonBody(z.strictObject({})),
    async (c) => {
      const { partnerId, userId } = callerOf(c);
      const { password, passwordHash } = await issueTemporaryPassword(c.env);
      const outcome = await resetAdminPassword(c.get("db"), {
        now: nowOf(c),
        partnerId,
        actorUserId: userId,
        requestId: c.get("requestId"),
        customerId: c.req.valid("param").id,
        passwordHash,
      });
      if (outcome.kind !== "reset") {
        throw outcome.kind === "not_found"
          ? notFound()
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
    },
  );

const problems = { 400: "problem", 401: "problem", 403: "problem", 404: "problem" } as const;

/** The customer endpoints for the OpenAPI document. */
export const customerOperations: Operation[] = [
  {
    method: "post",
    path: "/customers",
    summary:
      "Create a customer with its admin account, relationship, delegated admin privileges and subscriptions (optional Idempotency-Key)",
    tags: ["Customers"],
    body: CustomerCreateRequest,
    responses: {
      201: {
        description: "Created; a replay (Idempotent-Replayed: true) carries no password",
        schema: CustomerCreated,
      },
      ...problems,
      409: "problem",
      422: "problem",
      429: "problem",
    },
  },
  {
    method: "get",
    path: "/customers",
    summary: "The customers the caller has an active relationship with (keyset pages)",
    tags: ["Customers"],
    query: CustomerListQuery,
    responses: { 200: { description: "A page", schema: CustomerList }, ...problems },
  },
  {
    method: "get",
    path: "/customers/export.csv",
    summary: "The same list as CSV (UTF-8 with BOM, headers in the request's language), streamed",
    tags: ["Customers"],
    query: CustomerExportQuery,
    responses: { 200: { description: "CSV", contentType: "text/csv" }, ...problems },
  },
  {
    method: "get",
    path: "/customers/{id}",
    summary: "A customer, with its subscriptions and relationship; ETag",
    tags: ["Customers"],
    responses: {
      200: { description: "The customer", schema: Customer },
      304: { description: "Not modified" },
      ...problems,
    },
  },
  {
    method: "patch",
    path: "/customers/{id}",
    summary: "Update a customer (If-Match required); address and primaryContact are replaced whole",
    tags: ["Customers"],
    body: CustomerUpdateRequest,
    responses: {
      200: { description: "Updated; new ETag", schema: Customer },
      ...problems,
      412: "problem",
      428: "problem",
      429: "problem",
    },
  },
  {
    method: "post",
    path: "/customers/{id}/admin-password",
    summary: "Reset the customer administrator's password to a new temporary one",
    tags: ["Customers"],
    responses: {
      201: { description: "The new temporary password, shown once", schema: AdminPasswordReset },
      ...problems,
      429: "problem",
    },
  },
];
