import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Customer, CustomerList } from "../../src/domain/schemas/customer.ts";
import { createApp } from "../../worker/app.ts";
import { call, createPartnerUser, dbOf, fetchApp, ORIGIN, problemOf } from "./helpers.ts";
import { revokeDelegatedAdmin } from "./relationships-helpers.ts";
import {
  createCustomer,
  partnerSession,
  seedCustomers,
  type PartnerSession,
} from "./customers-fixtures.ts";

async function list(session: PartnerSession, query = "") {
  const response = await call(`/api/v1/${session.cloud}/customers${query}`, {
    cookie: session.cookie,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return CustomerList.parse(await response.json());
}

/** Every page of a list, following `nextCursor`. */
async function allPages(session: PartnerSession, query: string) {
  const names: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = await list(session, `${query}${suffix}`);
    names.push(...page.items.map((item) => item.companyName));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { names, pages };
}

describe("GET /customers/{id}", () => {
  it("returns the customer with subscriptions, relationship and an ETag; 304 for a matching If-None-Match", async () => {
    const session = await partnerSession("germany", { roles: ["helpdesk_agent"] });
    const creator = await partnerSession("germany");
    const { customer } = await createCustomer(creator);
    // The helpdesk agent's partner has no relationship with it yet.
    expect(
      (await call(`/api/v1/germany/customers/${customer.id}`, { cookie: session.cookie })).status,
    ).toBe(404);

    const response = await call(`/api/v1/germany/customers/${customer.id}`, {
      cookie: creator.cookie,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toBe('"v1"');
    expect(Customer.parse(await response.json())).toEqual(customer);
    const again = await call(`/api/v1/germany/customers/${customer.id}`, {
      cookie: creator.cookie,
      headers: { "If-None-Match": '"v1"' },
    });
    expect(again.status).toBe(304);
  });

  it("answers every member it has and no member it lacks: optional text absent, never null or empty", async () => {
    const session = await partnerSession("global");
    const full = await createCustomer(session, {
      companyName: 'Contoso "Ltd" \\ ☕',
      address: {
        country: "US",
        line1: "1 Microsoft Way",
        line2: "Building 92",
        city: "Redmond",
        state: "wa",
        postalCode: "98052",
      },
      organizationRegistrationNumber: "98-7654321",
    });
    const bare = await createCustomer(session, {
      address: { country: "AE", line1: "Sheikh Zayed Road 1", city: "Dubai" },
      primaryContact: { firstName: "Ana", lastName: "Bowman", email: "ana@fourthcoffee.example" },
      culture: "en-AE",
    });
    const read = async (id: string) => {
      const response = await call(`/api/v1/global/customers/${id}`, { cookie: session.cookie });
      expect(response.status).toBe(200);
      return response.json<Record<string, unknown>>();
    };
    const fullRead = await read(full.customer.id);
    expect(fullRead).toStrictEqual(full.customer);
    expect(fullRead).toMatchObject({
      companyName: 'Contoso "Ltd" \\ ☕',
      address: { line2: "Building 92", state: "WA", postalCode: "98052" },
      primaryContact: { phone: "+1 425 555 0100" },
      organizationRegistrationNumber: "98-7654321",
      relationship: { indirectReseller: null, delegatedAdmin: true },
    });
    const bareRead = await read(bare.customer.id);
    expect(bareRead).toStrictEqual(bare.customer);
    expect(Object.keys(bareRead).sort()).toEqual(
      [
        "id",
        "companyName",
        "domain",
        "address",
        "primaryContact",
        "language",
        "culture",
        "relationship",
        "subscriptions",
        "createdAt",
        "updatedAt",
      ].sort(),
    );
    expect(bareRead["address"]).toStrictEqual({
      country: "AE",
      line1: "Sheikh Zayed Road 1",
      city: "Dubai",
    });
    expect(Object.keys(bareRead["primaryContact"] as object).sort()).toEqual([
      "email",
      "firstName",
      "lastName",
    ]);
  });

  it("answers 404, exactly like a missing customer, for another partner's, another cloud's, a removed or a malformed id", async () => {
    const owner = await partnerSession("global");
    const { customer } = await createCustomer(owner);
    const stranger = await partnerSession("global");
    const elsewhere = await partnerSession("usgov");
    const missing = await problemOf(
      await call(`/api/v1/global/customers/${crypto.randomUUID()}`, { cookie: owner.cookie }),
    );
    const shape = (p: { code: string; title: string; detail: string; status: number }) => [
      p.status,
      p.code,
      p.title,
      p.detail,
    ];

    for (const [session, path] of [
      [stranger, `/api/v1/global/customers/${customer.id}`],
      [elsewhere, `/api/v1/usgov/customers/${customer.id}`],
      [owner, "/api/v1/global/customers/not-a-guid"],
      [owner, `/api/v1/global/customers/${customer.id}x`],
    ] as const) {
      const response = await call(path, { cookie: session.cookie });
      expect(response.status, path).toBe(404);
      expect(shape(await problemOf(response))).toEqual(shape(missing));
    }
    await dbOf("global")
      .prepare("UPDATE relationships SET state = 'removed' WHERE customer_id = ?1")
      .bind(customer.id)
      .run();
    expect(
      (await call(`/api/v1/global/customers/${customer.id}`, { cookie: owner.cookie })).status,
    ).toBe(404);
    expect((await list(owner)).items).toEqual([]);
  });
});

describe("GET /customers", () => {
  it("lists only the caller's active customers, by name, with the relationship", async () => {
    const session = await partnerSession("global");
    const other = await partnerSession("global");
    await createCustomer(other, { companyName: "Not Mine" });
    const b = await createCustomer(session, { companyName: "Blue Yonder" });
    const a = await createCustomer(session, { companyName: "alpine ski house" });
    const page = await list(session);
    expect(page).toEqual({
      items: [
        {
          id: a.customer.id,
          companyName: "alpine ski house",
          domain: a.customer.domain,
          country: "US",
          relationship: a.customer.relationship,
        },
        {
          id: b.customer.id,
          companyName: "Blue Yonder",
          domain: b.customer.domain,
          country: "US",
          relationship: b.customer.relationship,
        },
      ],
      nextCursor: null,
    });
  });

  it("lists each customer exactly as its detail reads, whatever its name holds", async () => {
    const session = await partnerSession("global");
    const names = [
      'O\'Brien "Quoted" \\ Backslash / Slash',
      "Café Ünïcode — 😀 Ltd",
      "Ромашка ООО",
      "<b>&amp;</b> Tags",
    ];
    const created = [];
    for (const companyName of names) created.push(await createCustomer(session, { companyName }));
    const revoked = created[1]?.customer.id ?? "";
    expect((await revokeDelegatedAdmin("global", session.cookie, revoked)).status).toBe(204);
    // Stored by other means than the API (which refuses control characters): the separators
    // the page is assembled with, a newline and a tab.
    const stored = "Sep\u001earated\u001fName\n\tLtd";
    await seedCustomers("global", session.partnerId, 1, { name: stored });
    names.push(`${stored} 00001`);
    const page = await list(session);
    expect(page.items).toHaveLength(names.length);
    for (const item of page.items) {
      const response = await call(`/api/v1/global/customers/${item.id}`, {
        cookie: session.cookie,
      });
      const detail = Customer.parse(await response.json());
      expect(item).toEqual({
        id: detail.id,
        companyName: detail.companyName,
        domain: detail.domain,
        country: detail.address.country,
        relationship: detail.relationship,
      });
      const byApi = created.some((made) => made.customer.id === item.id);
      if (byApi) expect(item.relationship.delegatedAdmin).toBe(item.id !== revoked);
    }
    expect(page.items.map((item) => item.companyName).sort()).toEqual([...names].sort());
  });

  it("searches names and domain prefixes, starts-with, case-insensitive, in Cyrillic too", async () => {
    const session = await partnerSession("global");
    await createCustomer(session, {
      companyName: "Рога и копыта",
      domainPrefix: "rogaikopyta" + session.partnerId.slice(0, 6),
    });
    await createCustomer(session, {
      companyName: "Ромашка",
      domainPrefix: "romashka" + session.partnerId.slice(0, 6),
    });
    await createCustomer(session, {
      companyName: "Ёлка",
      domainPrefix: "yolka" + session.partnerId.slice(0, 6),
    });
    await createCustomer(session, {
      companyName: "Contoso Pharma",
      domainPrefix: "zzpharma" + session.partnerId.slice(0, 6),
    });
    const names = async (q: string) =>
      (await list(session, `?q=${encodeURIComponent(q)}`)).items.map((item) => item.companyName);
    expect(await names("ро")).toEqual(["Рога и копыта", "Ромашка"]);
    expect(await names("РОГА И")).toEqual(["Рога и копыта"]);
    expect(await names("ёл")).toEqual(["Ёлка"]);
    expect(await names("CONTOSO")).toEqual(["Contoso Pharma"]);
    expect(await names("ZZPharma")).toEqual(["Contoso Pharma"]);
    expect(await names("rom")).toEqual(["Ромашка"]);
    expect(await names("pharma")).toEqual([]);
    expect(await names("  ")).toHaveLength(4);
  });

  it("pages with a signed cursor through every customer exactly once, in order", async () => {
    const session = await partnerSession("global");
    await seedCustomers("global", session.partnerId, 450, { name: "Paged" });
    const { names, pages } = await allPages(session, "?limit=200");
    expect(pages).toBe(3);
    expect(names).toHaveLength(450);
    expect(new Set(names).size).toBe(450);
    expect(names).toEqual([...names].sort());
    const searched = await allPages(session, "?q=PAGED%20001&limit=40");
    expect(searched).toMatchObject({ pages: 3 });
    expect(searched.names).toEqual(
      Array.from({ length: 100 }, (_, i) => `Paged ${String(100 + i).padStart(5, "0")}`),
    );
    expect((await list(session)).items).toHaveLength(50);
  });

  it("offers a next page only when one follows: none after a page that ends the list exactly", async () => {
    const session = await partnerSession("global");
    await seedCustomers("global", session.partnerId, 6, { name: "Edge" });
    const whole = await list(session, "?limit=6");
    expect(whole.items).toHaveLength(6);
    expect(whole.nextCursor).toBeNull();
    const first = await list(session, "?limit=5");
    expect(first.items.map((item) => item.companyName)).toEqual(
      whole.items.slice(0, 5).map((item) => item.companyName),
    );
    expect(first.nextCursor).toEqual(expect.any(String));
    const after = encodeURIComponent(first.nextCursor ?? "");
    const last = await list(session, `?limit=5&cursor=${after}`);
    expect(last).toEqual({ items: [whole.items[5]], nextCursor: null });
    const exact = await list(session, `?limit=1&cursor=${after}`);
    expect(exact).toEqual({ items: [whole.items[5]], nextCursor: null });
    expect(await list(session, "?limit=200&q=nobody")).toEqual({ items: [], nextCursor: null });
  });

  it("filters an indirect provider's customers by relationship and by indirect reseller", async () => {
    const provider = await partnerSession("global", { type: "indirect_provider" });
    const resellerA = await createPartnerUser("global", { type: "indirect_reseller" });
    const resellerB = await createPartnerUser("global", { type: "indirect_reseller" });
    await seedCustomers("global", provider.partnerId, 3, {
      name: "Via A",
      indirectResellerId: resellerA.partnerId,
    });
    await seedCustomers("global", provider.partnerId, 2, {
      name: "Via B",
      indirectResellerId: resellerB.partnerId,
    });
    await createCustomer(provider, { companyName: "Direct One" });
    const names = async (query: string) => (await allPages(provider, query)).names;
    expect(await names(`?indirectReseller=${resellerA.partnerId}`)).toEqual([
      "Via A 00001",
      "Via A 00002",
      "Via A 00003",
    ]);
    expect(await names(`?indirectReseller=${resellerB.partnerId}&limit=1`)).toEqual([
      "Via B 00001",
      "Via B 00002",
    ]);
    expect(await names("?relationship=direct")).toEqual(["Direct One"]);
    expect(await names("?relationship=indirect&limit=2")).toHaveLength(5);
    const page = await list(provider, `?indirectReseller=${resellerA.partnerId}&limit=1`);
    expect(page.items[0]?.relationship.indirectReseller).toEqual({
      id: resellerA.partnerId,
      name: expect.stringMatching(/^Partner /) as string,
    });
  });

  it("refuses a tampered, foreign or re-filtered cursor with 400 invalid_cursor", async () => {
    const session = await partnerSession("global");
    await seedCustomers("global", session.partnerId, 3, { name: "Cursor" });
    const { nextCursor } = await list(session, "?limit=1");
    if (!nextCursor) throw new Error("expected a next page");
    const [body = "", mac = ""] = nextCursor.split(".");
    const forged = `${body.slice(0, -2)}${body.at(-2) === "A" ? "B" : "A"}${body.at(-1)}.${mac}`;
    const other = await partnerSession("global");
    const elsewhere = await partnerSession("germany");
    for (const [who, query] of [
      [session, `?limit=1&cursor=${forged}`],
      [session, `?limit=1&cursor=${body}.${mac.slice(1)}`],
      [session, "?limit=1&cursor=garbage"],
      [session, `?limit=1&q=cursor&cursor=${nextCursor}`],
      [other, `?limit=1&cursor=${nextCursor}`],
      [elsewhere, `?limit=1&cursor=${nextCursor}`],
    ] as const) {
      const response = await call(`/api/v1/${who.cloud}/customers${query}`, {
        cookie: who.cookie,
        language: "ru-RU",
      });
      expect(response.status, query).toBe(400);
      expect(await problemOf(response)).toMatchObject({
        code: "invalid_cursor",
        title: "Недействительная ссылка на страницу",
      });
    }
    // The page size may change between pages.
    expect((await list(session, `?limit=5&cursor=${nextCursor}`)).items).toHaveLength(2);
  });

  it("validates the query: limit 1–200, known filters only", async () => {
    const session = await partnerSession("global");
    for (const query of [
      "?limit=0",
      "?limit=201",
      "?limit=ten",
      "?limit=0x10",
      "?limit=1e2",
      "?limit=%2016",
      "?limit=",
      "?limit=5.0",
      "?relationship=all",
      "?indirectReseller=x",
      "?sort=name",
      `?q=${"x".repeat(101)}`,
    ]) {
      const response = await call(`/api/v1/global/customers${query}`, { cookie: session.cookie });
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).code).toBe("validation_failed");
    }
    expect((await list(session, "?limit=200")).items).toEqual([]);
  });
});

describe("GET /customers/export.csv", () => {
  it("streams every matching customer as UTF-8 CSV with a BOM and headers in the reader's language", async () => {
    const session = await partnerSession("global");
    await seedCustomers("global", session.partnerId, 1203, { name: "Export" });
    await createCustomer(session, {
      companyName: '=HYPERLINK("http://evil")',
      domainPrefix: `zz${session.partnerId.slice(0, 8)}`,
    });
    await createCustomer(session, { companyName: 'Рога, "копыта"' });
    const response = await call("/api/v1/global/customers/export.csv", {
      cookie: session.cookie,
      language: "fr-FR",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="customers.csv"',
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    // French: semicolons, every text field quoted (SPEC §7, spreadsheet-safe).
    expect(lines[0]).toBe(
      '"ID du client";"Nom de la société";"Domaine";"Pays ou région";"Ville";"Prénom du contact";"Nom du contact";"E-mail du contact";"Langue";"Culture";"Revendeur indirect";"Relation depuis le";"Date de création"',
    );
    expect(lines).toHaveLength(1 + 1205 + 1);
    expect(lines[1]).toMatch(/^"[^"]+";"'=HYPERLINK\(""http:\/\/evil""\)";"zz/);
    expect(lines[2]).toMatch(/^"[^"]+";"Export 00001";/);
    expect(lines.at(-2)).toMatch(/^"[^"]+";"Рога, ""копыта""";/);

    const russian = await call("/api/v1/global/customers/export.csv?q=export%2000001", {
      cookie: session.cookie,
      language: "ru",
    });
    const russianLines = (await russian.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(russianLines[0]?.startsWith('"ID клиента";"Название компании";"Домен";')).toBe(true);
    expect(russianLines.slice(1, -1).map((line) => line.split(";")[1])).toEqual(['"Export 00001"']);
  });

  it.each([
    ["matches nothing", "?q=nothing%20matches", 0],
    ["fills its pages exactly", "?q=exact", 500],
  ])(
    "ends an export that %s, read as a stream by a JavaScript reader",
    { timeout: 30_000 },
    async (_label, query, rows) => {
      const session = await partnerSession("global");
      if (rows > 0) await seedCustomers("global", session.partnerId, rows, { name: "Exact" });
      // The app's own response, read chunk by chunk as JavaScript reads a stream (a reader
      // waits for a chunk or the end, per the Streams standard); every read bounded.
      const response = await fetchApp(
        createApp(),
        new Request(`${ORIGIN}/api/v1/global/customers/export.csv${query}`, {
          headers: { Cookie: session.cookie },
        }),
        env,
      );
      expect(response.status).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      for (;;) {
        const read = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) =>
            setTimeout(
              () => reject(new Error(`the export stopped after ${text.length} characters`)),
              5_000,
            ),
          ),
        ]);
        if (read.done) break;
        text += decoder.decode(read.value, { stream: true });
      }
      const lines = text.replace(/^\uFEFF/, "").split("\r\n");
      expect(lines[0]).toMatch(/^"?Customer ID"?,/);
      expect(lines).toHaveLength(1 + rows + 1);
      expect(lines.at(-1)).toBe("");
    },
  );

  it("validates filters and permissions like the list", async () => {
    const session = await partnerSession("global");
    const bad = await call("/api/v1/global/customers/export.csv?limit=5", {
      cookie: session.cookie,
    });
    expect(bad.status).toBe(400);
    expect((await call("/api/v1/global/customers/export.csv")).status).toBe(401);
  });
});
