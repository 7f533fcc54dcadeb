import { describe, expect, it } from "vitest";
import { CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { env } from "cloudflare:workers";
import { IDEMPOTENCY_IN_FLIGHT_MS } from "../../worker/features/customers/create.ts";
import { verifyPassword } from "../../worker/lib/crypto.ts";
import { temporaryPasswordKey } from "../../worker/lib/temporary-password.ts";
import { call, dbOf, problemOf, signIn } from "./helpers.ts";
import { appAt, callApp } from "./relationships-helpers.ts";
import {
  auditRecordsOf,
  customerBody,
  customersWithPrefix,
  partnerSession,
  uniquePrefix,
  type PartnerSession,
} from "./customers-fixtures.ts";

function create(
  session: PartnerSession,
  body: unknown,
  init: { language?: string; headers?: Record<string, string> } = {},
) {
  return call(`/api/v1/${session.cloud}/customers`, { body, cookie: session.cookie, ...init });
}

describe("POST /customers", () => {
  it("creates the customer, its admin, relationship, DAP, subscriptions and one audit record in one go", async () => {
    const session = await partnerSession("global", { roles: ["sales_agent"] });
    const body = customerBody("global", { domainPrefix: `Mixed${uniquePrefix()}` });
    const response = await create(session, body);
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const created = CustomerCreated.parse(await response.json());
    const { customer, adminAccount } = created;
    expect(response.headers.get("Location")).toBe(`/api/v1/global/customers/${customer.id}`);
    expect(response.headers.get("ETag")).toBe('"v1"');
    const domain = `${body.domainPrefix.toLowerCase()}.onmicrosoft.com`;
    expect(customer).toMatchObject({
      companyName: "Fourth Coffee",
      domain,
      address: { country: "US", state: "WA", postalCode: "98052" },
      primaryContact: { email: "ana@fourthcoffee.example" },
      relationship: { indirectReseller: null, delegatedAdmin: true },
      subscriptions: [
        {
          offerId: "m365-business-basic",
          offerName: "Microsoft 365 Business Basic",
          quantity: 10,
          state: "active",
        },
      ],
    });
    expect(adminAccount.userPrincipalName).toBe(`admin@${domain}`);
    expect(adminAccount.temporaryPassword).toMatch(/^.{22}$/);

    const db = dbOf("global");
    const admin = await db
      .prepare(
        "SELECT kind, customer_id, password_hash, must_change_password FROM users WHERE email = ?1",
      )
      .bind(adminAccount.userPrincipalName)
      .first<{
        kind: string;
        customer_id: string;
        password_hash: string;
        must_change_password: number;
      }>();
    expect(admin).toMatchObject({
      kind: "customer",
      customer_id: customer.id,
      must_change_password: 1,
    });
    // A server-generated secret of ≥ 128 bits: a keyed fast hash, not PBKDF2 (README, Security).
    expect(admin?.password_hash).toMatch(/^hmac-sha256\$/);
    expect(admin?.password_hash).not.toContain(adminAccount.temporaryPassword ?? "-");
    const key = await temporaryPasswordKey(env);
    expect(
      await verifyPassword(adminAccount.temporaryPassword ?? "", admin?.password_hash ?? "", key),
    ).toBe(true);
    expect(
      await verifyPassword(adminAccount.temporaryPassword ?? "", admin?.password_hash ?? ""),
    ).toBe(false);
    const counts = await db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM relationships WHERE customer_id = ?1 AND partner_id = ?2 AND state = 'active') AS relationships,
                (SELECT COUNT(*) FROM delegated_admin_grants WHERE customer_id = ?1 AND partner_id = ?2 AND state = 'active') AS grants,
                (SELECT COUNT(*) FROM subscriptions WHERE customer_id = ?1 AND partner_id = ?2) AS subscriptions,
                (SELECT company_name_key FROM customers WHERE id = ?1) AS name_key`,
      )
      .bind(customer.id, session.partnerId)
      .first();
    expect(counts).toEqual({
      relationships: 1,
      grants: 1,
      subscriptions: 1,
      name_key: "fourth coffee",
    });
    expect(await auditRecordsOf("global", response)).toBe(1);
    const audit = await db
      .prepare(
        "SELECT action, target_id, actor_user_id, partner_id, details FROM audit_records WHERE request_id = ?1",
      )
      .bind(response.headers.get("X-Request-Id"))
      .first<{ details: string }>();
    expect(audit).toMatchObject({
      action: "customer.created",
      target_id: customer.id,
      actor_user_id: session.userId,
      partner_id: session.partnerId,
    });
    expect(audit?.details).not.toContain(adminAccount.temporaryPassword ?? "-");

    // The administrator signs in with the temporary password and must change it first.
    const adminCookie = await signIn(
      "global",
      adminAccount.userPrincipalName,
      adminAccount.temporaryPassword,
    );
    const me = await call("/api/v1/global/session", { cookie: adminCookie });
    expect(await me.json()).toMatchObject({
      kind: "customer",
      mustChangePassword: true,
      customer: { id: customer.id, domain },
    });
  });

  it("uses each cloud's own suffix and catalog", async () => {
    for (const cloud of ["usgov", "germany", "china"] as const) {
      const session = await partnerSession(cloud);
      const body = customerBody(cloud);
      const response = await create(session, body);
      expect(response.status, cloud).toBe(201);
      const { customer } = CustomerCreated.parse(await response.json());
      expect(customer.domain).toMatch(
        new RegExp(`^${body.domainPrefix}\\.onmicrosoft\\.(us|de)$|\\.partner\\.onmschina\\.cn$`),
      );
    }
    // Another cloud's offer is not sold here.
    const session = await partnerSession("germany");
    const response = await create(
      session,
      customerBody("germany", { subscriptions: [{ offerId: "m365-e3", quantity: 1 }] }),
    );
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      {
        path: "subscriptions.0.offerId",
        code: "offer_unknown",
        message: "This offer is not sold in this cloud.",
      },
    ]);
  });

  it("answers a taken domain with 409 domain_taken, case-insensitively, and stores nothing", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    expect((await create(session, body)).status).toBe(201);
    const again = await create(
      session,
      { ...body, domainPrefix: body.domainPrefix.toUpperCase() },
      { language: "fr-FR" },
    );
    expect(again.status).toBe(409);
    const problem = await problemOf(again);
    expect(problem).toMatchObject({ code: "domain_taken", title: "Domaine déjà pris" });
    expect(problem.detail).toContain(body.domainPrefix);
    expect(problem.errors).toEqual([
      {
        path: "domainPrefix",
        code: "domain_taken",
        message: "Ce domaine est déjà pris. Choisissez un autre préfixe.",
      },
    ]);
    expect(await auditRecordsOf("global", again)).toBe(0);
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(1);
  });

  it("lets exactly one of two concurrent creates of one domain win", async () => {
    const [first, second] = [await partnerSession("global"), await partnerSession("global")];
    const prefix = uniquePrefix();
    const responses = await Promise.all([
      create(first, customerBody("global", { domainPrefix: prefix, companyName: "First Coffee" })),
      create(
        second,
        customerBody("global", { domainPrefix: prefix, companyName: "Second Coffee" }),
      ),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = responses.find((r) => r.status === 409);
    expect(loser && (await problemOf(loser)).code).toBe("domain_taken");
    expect(await customersWithPrefix("global", prefix)).toBe(1);
    const rows = await dbOf("global")
      .prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?1")
      .bind(`admin@${prefix}.onmicrosoft.com`)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it("refuses a contact email in the partner's own domain (or a subdomain of it)", async () => {
    const session = await partnerSession("global");
    const partnerDomain = session.email.split("@")[1] ?? "";
    for (const email of [
      `someone@${partnerDomain}`,
      `someone@mail.${partnerDomain.toUpperCase()}`,
    ]) {
      const primaryContact = { firstName: "A", lastName: "B", email };
      const response = await create(session, customerBody("global", { primaryContact }), {
        language: "ru-RU",
      });
      expect(response.status, email).toBe(400);
      expect((await problemOf(response)).errors).toEqual([
        {
          path: "primaryContact.email",
          code: "email_partner_domain",
          message:
            "Укажите адрес электронной почты клиента, а не адрес в домене вашей организации.",
        },
      ]);
      expect(await auditRecordsOf("global", response)).toBe(0);
    }
  });

  it("checks quantities against the offer's bounds from the catalog", async () => {
    const session = await partnerSession("global");
    const response = await create(
      session,
      customerBody("global", {
        subscriptions: [
          { offerId: "m365-business-basic", quantity: 301 },
          { offerId: "azure-plan", quantity: 2 },
          { offerId: "m365-e3", quantity: 10_000 },
        ],
      }),
      { language: "fr-FR" },
    );
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      {
        path: "subscriptions.0.quantity",
        code: "quantity_out_of_range",
        message: "Saisissez une quantité comprise entre 1 et 300.",
      },
      {
        path: "subscriptions.1.quantity",
        code: "quantity_out_of_range",
        message: "Saisissez une quantité comprise entre 1 et 1.",
      },
    ]);
  });

  it("reports database rules together: a taken domain next to an out-of-bounds quantity", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    expect((await create(session, body)).status).toBe(201);
    const response = await create(session, {
      ...body,
      subscriptions: [{ offerId: "azure-plan", quantity: 5 }],
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((e) => e.code)).toEqual([
      "domain_taken",
      "quantity_out_of_range",
    ]);
  });

  it("refuses unknown fields, malformed JSON, a missing body and read-only fields without storing anything", async () => {
    const session = await partnerSession("global");
    const unknown = await create(session, { ...customerBody("global"), tenantId: "x" });
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).errors).toContainEqual({
      path: "tenantId",
      code: "unrecognized_key",
      message: "This field is not accepted here.",
    });
    const withId = await create(session, { ...customerBody("global"), id: "x" });
    expect((await problemOf(withId)).errors?.[0]).toMatchObject({
      path: "id",
      code: "unrecognized_key",
    });
    const empty = await create(session, {});
    expect(empty.status).toBe(400);
    expect((await problemOf(empty)).errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        "companyName",
        "domainPrefix",
        "address",
        "primaryContact",
        "language",
        "culture",
        "subscriptions",
      ]),
    );
    for (const response of [unknown, withId, empty])
      expect(await auditRecordsOf("global", response)).toBe(0);
  });

  it("answers 401 when signed out and 403 for a helpdesk agent", async () => {
    const signedOut = await call("/api/v1/global/customers", { body: customerBody("global") });
    expect(signedOut.status).toBe(401);
    const helpdesk = await partnerSession("global", { roles: ["helpdesk_agent"] });
    const response = await create(helpdesk, customerBody("global"));
    expect(response.status).toBe(403);
    expect((await problemOf(response)).code).toBe("forbidden");
  });
});

describe("POST /customers with Idempotency-Key", () => {
  it("replays the same customer without a password, and never creates a second one", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    const headers = { "Idempotency-Key": `key-${crypto.randomUUID()}` };
    const first = await create(session, body, { headers });
    expect(first.status).toBe(201);
    const created = CustomerCreated.parse(await first.json());
    expect(created.adminAccount.temporaryPassword).toBeDefined();

    // Past the in-flight window (app clock), a retry is a replay.
    const replay = await callApp(
      appAt(IDEMPOTENCY_IN_FLIGHT_MS + 1_000),
      "/api/v1/global/customers",
      {
        body,
        cookie: session.cookie,
        headers,
      },
    );
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.headers.get("Location")).toBe(first.headers.get("Location"));
    const replayed = CustomerCreated.parse(await replay.json());
    expect(replayed.customer).toEqual(created.customer);
    expect(replayed.adminAccount).toEqual({
      userPrincipalName: created.adminAccount.userPrincipalName,
    });
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(1);
    expect(await auditRecordsOf("global", replay)).toBe(0);

    // The same key with another body is refused; the key is the partner's, not global.
    const mismatch = await create(
      session,
      { ...body, companyName: "Other Coffee" },
      { headers, language: "fr-FR" },
    );
    expect(mismatch.status).toBe(422);
    expect(await problemOf(mismatch)).toMatchObject({
      code: "idempotency_mismatch",
      title: "Clé d’idempotence déjà utilisée",
    });
    const other = await partnerSession("global");
    expect((await create(other, customerBody("global"), { headers })).status).toBe(201);
  });

  it("answers two concurrent requests with one key with one customer (the second gets 409)", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const responses = await Promise.all([
      create(session, body, { headers }),
      create(session, body, { headers }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const duplicate = responses.find((r) => r.status === 409);
    expect(duplicate && (await problemOf(duplicate)).code).toBe("idempotency_in_flight");
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(1);
  });

  it("does not spend the key on a failed request, and refuses a malformed key", async () => {
    const session = await partnerSession("global");
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const body = customerBody("global");
    const invalid = await create(
      session,
      { ...body, subscriptions: [{ offerId: "azure-plan", quantity: 9 }] },
      { headers },
    );
    expect(invalid.status).toBe(400);
    const key = await dbOf("global")
      .prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE partner_id = ?1")
      .bind(session.partnerId)
      .first<{ n: number }>();
    expect(key?.n).toBe(0);
    expect((await create(session, body, { headers })).status).toBe(201);

    const malformed = await create(session, customerBody("global"), {
      headers: { "Idempotency-Key": "a".repeat(256) },
    });
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).errors?.[0]).toMatchObject({ path: "Idempotency-Key" });
  });

  it("answers 409 idempotency_conflict when the keyed customer is no longer the partner's", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const first = CustomerCreated.parse(await (await create(session, body, { headers })).json());
    await dbOf("global")
      .prepare("UPDATE relationships SET state = 'removed' WHERE customer_id = ?1")
      .bind(first.customer.id)
      .run();
    const replay = await create(session, body, { headers });
    expect(replay.status).toBe(409);
    expect((await problemOf(replay)).code).toBe("idempotency_conflict");
  });
});

describe("OpenAPI", () => {
  it("documents the customer, offer and domain endpoints from the same schemas", async () => {
    const document = (await (await call("/api/v1/openapi.json")).json<unknown>()) as {
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties: object } }> } }
        >
      >;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/{cloud}/offers",
        "/api/v1/{cloud}/domains/{prefix}",
        "/api/v1/{cloud}/customers",
        "/api/v1/{cloud}/customers/export.csv",
        "/api/v1/{cloud}/customers/{id}",
        "/api/v1/{cloud}/customers/{id}/admin-password",
      ]),
    );
    const create =
      document.paths["/api/v1/{cloud}/customers"]?.["post"]?.requestBody?.content[
        "application/json"
      ]?.schema;
    expect(Object.keys(create?.properties ?? {})).toEqual([
      "companyName",
      "domainPrefix",
      "address",
      "primaryContact",
      "language",
      "culture",
      "organizationRegistrationNumber",
      "subscriptions",
    ]);
    expect(Object.keys(document.paths["/api/v1/{cloud}/customers/{id}"] ?? {})).toEqual([
      "get",
      "patch",
    ]);
  });
});
