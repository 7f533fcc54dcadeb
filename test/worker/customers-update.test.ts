import { describe, expect, it } from "vitest";
import { AdminPasswordReset, Customer, CustomerList } from "../../src/domain/schemas/customer.ts";
import { call, dbOf, problemOf, signIn } from "./helpers.ts";
import {
  auditRecordsOf,
  createCustomer,
  etagOf,
  partnerSession,
  type PartnerSession,
} from "./customers-fixtures.ts";

function patch(
  session: PartnerSession,
  id: string,
  body: unknown,
  headers: Record<string, string> = {},
  language?: string,
) {
  return call(`/api/v1/${session.cloud}/customers/${id}`, {
    method: "PATCH",
    body,
    cookie: session.cookie,
    headers,
    ...(language ? { language } : {}),
  });
}

describe("PATCH /customers/{id}", () => {
  it("updates with If-Match, answers the new state and ETag, and keeps the search key on every relationship", async () => {
    const session = await partnerSession("global", { roles: ["admin_agent"] });
    const { customer } = await createCustomer(session, { companyName: "Old Name" });
    const otherPartner = await partnerSession("global");
    // Multipartner: another partner has a relationship with the same customer.
    await dbOf("global")
      .prepare(
        `INSERT INTO relationships (id, partner_id, customer_id, state, company_name_key, domain_prefix, created_at)
         VALUES (?1, ?2, ?3, 'active', 'old name', ?4, ?5)`,
      )
      .bind(
        crypto.randomUUID(),
        otherPartner.partnerId,
        customer.id,
        customer.domain.split(".")[0],
        new Date().toISOString(),
      )
      .run();

    const response = await patch(
      session,
      customer.id,
      {
        companyName: "Новое Имя",
        primaryContact: { firstName: "Zoë", lastName: "Kim", email: "ZOE@newname.example" },
        language: "ru",
        organizationRegistrationNumber: "123-45",
      },
      { "If-Match": '"v1"' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toBe('"v2"');
    const updated = Customer.parse(await response.json());
    expect(updated).toMatchObject({
      id: customer.id,
      domain: customer.domain,
      companyName: "Новое Имя",
      primaryContact: { firstName: "Zoë", lastName: "Kim", email: "zoe@newname.example" },
      language: "ru",
      organizationRegistrationNumber: "123-45",
      address: customer.address,
      subscriptions: customer.subscriptions,
    });
    expect(updated.primaryContact.phone).toBeUndefined();
    expect(await auditRecordsOf("global", response)).toBe(1);
    for (const who of [session, otherPartner]) {
      const page = CustomerList.parse(
        await (await call("/api/v1/global/customers?q=НОВОЕ", { cookie: who.cookie })).json(),
      );
      expect(page.items.map((item) => item.id)).toEqual([customer.id]);
    }
    // Clearing the registration number; `*` matches any version.
    const cleared = await patch(
      session,
      customer.id,
      { organizationRegistrationNumber: null },
      { "If-Match": "*" },
    );
    expect(cleared.status).toBe(200);
    expect(Customer.parse(await cleared.json()).organizationRegistrationNumber).toBeUndefined();
    expect(await etagOf(session, customer.id)).toBe('"v3"');
  });

  it("answers 428 without If-Match and 412 for a stale or foreign version, changing nothing", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const missing = await patch(session, customer.id, { language: "fr" }, {}, "fr-FR");
    expect(missing.status).toBe(428);
    expect(await problemOf(missing)).toMatchObject({
      code: "precondition_required",
      title: "Version requise",
    });
    expect(
      (await patch(session, customer.id, { language: "fr" }, { "If-Match": '"v1"' })).status,
    ).toBe(200);
    for (const ifMatch of ['"v1"', 'W/"v2"', '"2"', "garbage"]) {
      const stale = await patch(
        session,
        customer.id,
        { language: "de" },
        { "If-Match": ifMatch },
        "ru-RU",
      );
      expect(stale.status, ifMatch).toBe(412);
      expect(await problemOf(stale)).toMatchObject({
        code: "precondition_failed",
        title: "Данные клиента изменились",
      });
      expect(await auditRecordsOf("global", stale)).toBe(0);
    }
    expect(await etagOf(session, customer.id)).toBe('"v2"');
  });

  it("lets exactly one of two concurrent updates from the same version win", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const responses = await Promise.all([
      patch(session, customer.id, { companyName: "Winner A" }, { "If-Match": '"v1"' }),
      patch(session, customer.id, { companyName: "Winner B" }, { "If-Match": '"v1"' }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(await etagOf(session, customer.id)).toBe('"v2"');
  });

  it("refuses read-only and unknown fields, an empty change and a new country", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const ifMatch = { "If-Match": '"v1"' };
    const readOnly = await patch(
      session,
      customer.id,
      { domain: "x.onmicrosoft.com", id: "y", companyName: "Fine" },
      ifMatch,
      "fr-FR",
    );
    expect(readOnly.status).toBe(400);
    expect(await problemOf(readOnly)).toMatchObject({
      code: "read_only_field",
      title: "Champ en lecture seule",
      errors: [
        { path: "id", code: "read_only", message: "Ce champ ne peut pas être modifié." },
        { path: "domain", code: "read_only", message: "Ce champ ne peut pas être modifié." },
      ],
    });
    for (const body of [{ domainPrefix: "other" }, { subscriptions: [] }]) {
      expect((await problemOf(await patch(session, customer.id, body, ifMatch))).code).toBe(
        "read_only_field",
      );
    }
    const unknown = await patch(session, customer.id, { nickname: "x" }, ifMatch);
    expect((await problemOf(unknown)).errors).toEqual([
      { path: "nickname", code: "unrecognized_key", message: "This field is not accepted here." },
    ]);
    const empty = await patch(session, customer.id, {}, ifMatch);
    expect((await problemOf(empty)).errors?.[0]).toMatchObject({
      code: "empty",
      message: "Send at least one field to change.",
    });

    const moved = await patch(
      session,
      customer.id,
      {
        address: {
          country: "CA",
          line1: "1 Rue",
          city: "Montréal",
          state: "QC",
          postalCode: "H2X 1Y4",
        },
        culture: "fr-CA",
      },
      ifMatch,
    );
    expect(moved.status).toBe(400);
    expect(await problemOf(moved)).toMatchObject({
      code: "read_only_field",
      errors: [{ path: "address.country", code: "read_only" }],
    });
    for (const response of [readOnly, unknown, empty, moved])
      expect(await auditRecordsOf("global", response)).toBe(0);
    expect(await etagOf(session, customer.id)).toBe('"v1"');
  });

  it("checks a change against the stored country's rules and the partner's domain", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session, {
      address: { country: "RU", line1: "ул. Тверская, 7", city: "Москва", postalCode: "125009" },
      culture: "ru-RU",
      primaryContact: {
        firstName: "Иван",
        lastName: "Петров",
        email: "ivan@roga.example",
        phone: "+7 495 123-45-67",
      },
      organizationRegistrationNumber: "7701234567",
    });
    const ifMatch = { "If-Match": '"v1"' };
    const partnerDomain = session.email.split("@")[1] ?? "";
    const cases: [Record<string, unknown>, [string, string][]][] = [
      [{ culture: "en-US" }, [["culture", "culture_country"]]],
      [
        { organizationRegistrationNumber: null },
        [["organizationRegistrationNumber", "registration_number_required"]],
      ],
      [
        { primaryContact: { firstName: "A", lastName: "B", email: "a@roga.example" } },
        [["primaryContact.phone", "phone_required"]],
      ],
      [
        {
          primaryContact: {
            firstName: "A",
            lastName: "B",
            email: `a@${partnerDomain}`,
            phone: "+7 495 000 00 00",
          },
        },
        [["primaryContact.email", "email_partner_domain"]],
      ],
      [
        {
          address: {
            country: "RU",
            line1: "Невский пр., 1",
            city: "Санкт-Петербург",
            postalCode: "19100",
          },
        },
        [["address.postalCode", "postal_code_invalid"]],
      ],
    ];
    for (const [body, expected] of cases) {
      const response = await patch(session, customer.id, body, ifMatch, "ru-RU");
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = await problemOf(response);
      expect(problem.errors?.map((e) => [e.path, e.code])).toEqual(expected);
      expect(problem.errors?.every((e) => /[а-яё]/i.test(e.message))).toBe(true);
    }
    const fine = await patch(
      session,
      customer.id,
      {
        address: {
          country: "RU",
          line1: "Невский пр., 1",
          city: "Санкт-Петербург",
          postalCode: "191025",
        },
      },
      ifMatch,
    );
    expect(fine.status).toBe(200);
  });

  it("answers 404 for another partner's or another cloud's customer and a malformed id", async () => {
    const owner = await partnerSession("global");
    const { customer } = await createCustomer(owner);
    const stranger = await partnerSession("global");
    const elsewhere = await partnerSession("china");
    expect(
      (await patch(stranger, customer.id, { language: "fr" }, { "If-Match": '"v1"' })).status,
    ).toBe(404);
    expect(
      (await patch(elsewhere, customer.id, { language: "fr" }, { "If-Match": '"v1"' })).status,
    ).toBe(404);
    expect((await patch(owner, "nope", { language: "fr" }, { "If-Match": '"v1"' })).status).toBe(
      404,
    );
    expect(await etagOf(owner, customer.id)).toBe('"v1"');
  });
});

describe("POST /customers/{id}/admin-password", () => {
  it("sets a new temporary password that must be changed at sign-in", async () => {
    const session = await partnerSession("usgov", { roles: ["admin_agent"] });
    const { customer, adminAccount } = await createCustomer(session);
    // The admin changed the first password; the reset brings the must-change flag back.
    await dbOf("usgov")
      .prepare("UPDATE users SET must_change_password = 0 WHERE email = ?1")
      .bind(adminAccount.userPrincipalName)
      .run();
    const response = await call(`/api/v1/usgov/customers/${customer.id}/admin-password`, {
      method: "POST",
      cookie: session.cookie,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const reset = AdminPasswordReset.parse(await response.json());
    expect(reset.userPrincipalName).toBe(adminAccount.userPrincipalName);
    expect(reset.temporaryPassword).not.toBe(adminAccount.temporaryPassword);
    expect(await auditRecordsOf("usgov", response)).toBe(1);
    const cookie = await signIn("usgov", reset.userPrincipalName, reset.temporaryPassword);
    expect(await (await call("/api/v1/usgov/session", { cookie })).json()).toMatchObject({
      mustChangePassword: true,
    });
    await expect(
      signIn("usgov", reset.userPrincipalName, adminAccount.temporaryPassword),
    ).rejects.toThrow(/401/);
  });

  it("needs delegated admin privileges (403), the customer (404), an empty body (400)", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const path = `/api/v1/global/customers/${customer.id}/admin-password`;
    const withBody = await call(path, { body: { password: "mine" }, cookie: session.cookie });
    expect(withBody.status).toBe(400);
    await dbOf("global")
      .prepare("UPDATE delegated_admin_grants SET state = 'revoked' WHERE customer_id = ?1")
      .bind(customer.id)
      .run();
    const revoked = await call(path, { method: "POST", cookie: session.cookie, language: "fr-FR" });
    expect(revoked.status).toBe(403);
    expect(await problemOf(revoked)).toMatchObject({
      code: "delegated_admin_required",
      title: "Privilèges d’administrateur délégué requis",
    });
    expect(await auditRecordsOf("global", revoked)).toBe(0);
    const stranger = await partnerSession("global");
    expect((await call(path, { method: "POST", cookie: stranger.cookie })).status).toBe(404);
    const elsewhere = await partnerSession("germany");
    expect(
      (
        await call(`/api/v1/germany/customers/${customer.id}/admin-password`, {
          method: "POST",
          cookie: elsewhere.cookie,
        })
      ).status,
    ).toBe(404);
  });
});

describe("write rate limit", () => {
  it("answers 429 once a partner is over its writes per minute, without touching other partners", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) {
      const response = await patch(session, customer.id, {}, { "If-Match": '"v1"' });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 100).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await call(`/api/v1/global/customers/${customer.id}/admin-password`, {
      method: "POST",
      cookie: session.cookie,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    const other = await partnerSession("global");
    expect(
      (await call("/api/v1/global/customers", { body: {}, cookie: other.cookie })).status,
    ).toBe(400);
  });
});
