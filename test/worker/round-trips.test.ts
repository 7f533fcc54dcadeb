/**
 * SPEC §9: every API read is one D1 round trip, every write one batch — counted on the real
 * binding — and the list queries are index ranges whatever the filters (EXPLAIN QUERY PLAN).
 * A signed-in request's round trip is a batch that starts with its session check
 * (lib/session-bound-db.ts), so a read counts as one `batch`, never a second call.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import { customerDetail, listRows, type ListPage } from "../../worker/features/customers/repo.ts";
import { prepare } from "../../worker/lib/sql.ts";
import { createApiKey, keyHeaders } from "./api-keys-fixtures.ts";
import { answer, createGroup, requestAdmin } from "./admin-relationships-helpers.ts";
import { call, createPartnerUser, dbOf, fetchApp, ORIGIN } from "./helpers.ts";
import { related, revokeDelegatedAdmin } from "./relationships-helpers.ts";
import { onboardingBody, operatorSession } from "./operator-helpers.ts";
import {
  createCustomer,
  customerBody,
  partnerSession,
  seedCustomers,
  type PartnerSession,
} from "./customers-fixtures.ts";

const ROUND_TRIPS = new Set(["first", "all", "run", "raw"]);

/** Wraps a D1 binding so that every round trip (a statement run, a batch, an exec) is counted. */
function counting(db: D1Database) {
  const calls: string[] = [];
  const originals = new WeakMap<object, D1PreparedStatement>();
  const statement = (real: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(real, {
      get(target, property) {
        if (property === "bind") return (...values: unknown[]) => statement(target.bind(...values));
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (ROUND_TRIPS.has(String(property))) {
          return (...args: unknown[]) => {
            calls.push(String(property));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    originals.set(proxy, real);
    return proxy;
  };
  const database = new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => statement(target.prepare(sql));
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          calls.push("batch");
          return target.batch(statements.map((s) => originals.get(s) ?? s));
        };
      }
      if (property === "exec") {
        return (sql: string) => {
          calls.push("exec");
          return target.exec(sql);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { database, calls };
}

/** Sends a request to a fresh app whose global database counts round trips. */
async function counted(
  session: Pick<PartnerSession, "cookie">,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const { database, calls } = counting(dbOf("global"));
  const headers: Record<string, string> = {
    "Sec-Fetch-Site": "same-origin",
    ...(session.cookie ? { Cookie: session.cookie } : {}),
    ...init.headers,
  };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetchApp(
    createApp(),
    new Request(`${ORIGIN}/api/v1/global${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
    { ...env, DB_GLOBAL: database },
  );
  await response.arrayBuffer();
  return { status: response.status, calls };
}

describe("D1 round trips per request", () => {
  it("reads make one round trip and writes one batch, whatever the outcome", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const other = await createCustomer(await partnerSession("global"));
    await seedCustomers("global", session.partnerId, 3, { name: "Counted" });
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const fresh = customerBody("global");
    const domain = session.email.slice(session.email.indexOf("@") + 1);
    const added = await counted(session, "/users", {
      body: { displayName: "Counted", email: `counted@${domain}`, roles: ["sales_agent"] },
    });
    expect(added.status).toBe(201);
    const colleagueId = (
      await dbOf("global")
        .prepare("SELECT id FROM users WHERE email = ?1")
        .bind(`counted@${domain}`)
        .first<{ id: string }>()
    )?.id;
    const groupId = crypto.randomUUID();
    await dbOf("global")
      .prepare(
        "INSERT INTO partner_groups (id, partner_id, name, name_key, created_at, updated_at) VALUES (?1, ?2, 'Counted', 'counted', 'now', 'now')",
      )
      .bind(groupId, session.partnerId)
      .run();
    const cases: [
      string,
      string,
      { method?: string; body?: unknown; headers?: Record<string, string> },
      number,
      string[],
    ][] = [
      ["offers", "/offers", {}, 200, ["batch"]],
      ["domain availability", "/domains/someprefix", {}, 200, ["batch"]],
      ["list", "/customers?limit=2", {}, 200, ["batch"]],
      ["search with filters", "/customers?q=co&relationship=direct&limit=1", {}, 200, ["batch"]],
      ["export", "/customers/export.csv?q=counted", {}, 200, ["batch"]],
      ["detail", `/customers/${customer.id}`, {}, 200, ["batch"]],
      ["another partner's detail", `/customers/${other.customer.id}`, {}, 404, ["batch"]],
      ["who am I", "/session", {}, 200, ["batch"]],
      ["users", "/users?q=co&role=sales_agent&limit=2", {}, 200, ["batch"]],
      [
        "add a user",
        "/users",
        { body: { displayName: "Also", email: `also@${domain}`, roles: ["helpdesk_agent"] } },
        201,
        ["batch"],
      ],
      [
        "change roles",
        `/users/${colleagueId}/roles`,
        { method: "PUT", body: { roles: ["admin_agent"] } },
        200,
        ["batch"],
      ],
      [
        "disable the last global admin",
        `/users/${session.userId}/status`,
        { method: "PUT", body: { status: "disabled" } },
        409,
        ["batch"],
      ],
      ["groups", "/groups", {}, 200, ["batch"]],
      ["group members", `/groups/${groupId}/members`, {}, 200, ["batch"]],
      [
        "add a member",
        `/groups/${groupId}/members`,
        { body: { userId: colleagueId } },
        204,
        ["batch"],
      ],
      ["create", "/customers", { body: fresh, headers: key }, 201, ["batch"]],
      ["create, duplicate in flight", "/customers", { body: fresh, headers: key }, 409, ["batch"]],
      [
        "create, domain taken",
        "/customers",
        { body: { ...customerBody("global"), domainPrefix: fresh.domainPrefix } },
        409,
        ["batch"],
      ],
      [
        "create, out of bounds",
        "/customers",
        {
          body: customerBody("global", { subscriptions: [{ offerId: "azure-plan", quantity: 3 }] }),
        },
        400,
        ["batch"],
      ],
      ["create, invalid body", "/customers", { body: { companyName: "x" } }, 400, []],
      [
        "update",
        `/customers/${customer.id}`,
        { method: "PATCH", body: { language: "fr" }, headers: { "If-Match": '"v1"' } },
        200,
        ["batch"],
      ],
      [
        "update, stale",
        `/customers/${customer.id}`,
        { method: "PATCH", body: { language: "de" }, headers: { "If-Match": '"v1"' } },
        412,
        ["batch"],
      ],
      [
        "update, not theirs",
        `/customers/${other.customer.id}`,
        { method: "PATCH", body: { language: "de" }, headers: { "If-Match": "*" } },
        404,
        ["batch"],
      ],
      [
        "reset admin password",
        `/customers/${customer.id}/admin-password`,
        { method: "POST" },
        201,
        ["batch"],
      ],
    ];
    for (const [name, path, init, status, calls] of cases) {
      const result = await counted(session, path, init);
      expect(result, name).toEqual({ status, calls });
    }
  });

  it("reads and writes made with an API key make one round trip too, the key check in it", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const { secret, apiKey } = await createApiKey(session, {
      permissions: ["customers.read", "customers.create", "audit.read"],
    });
    const key = { cookie: "", headers: keyHeaders(secret) };
    const cases: [string, string, { body?: unknown }, number][] = [
      ["list", "/customers?limit=2", {}, 200],
      ["detail", `/customers/${customer.id}`, {}, 200],
      ["audit", "/audit", {}, 200],
      ["offers", "/offers", {}, 200],
      ["create", "/customers", { body: customerBody("global") }, 201],
      ["create, invalid body", "/customers", { body: { companyName: "x" } }, 400],
    ];
    for (const [name, path, init, status] of cases) {
      const result = await counted(key, path, { ...init, headers: key.headers });
      expect(result, name).toEqual({ status, calls: status === 400 ? [] : ["batch"] });
    }
    // The one batch did the key's bookkeeping as well: last used moved, every use audited.
    const row = await dbOf("global")
      .prepare("SELECT last_used_at FROM api_keys WHERE id = ?1")
      .bind(apiKey.id)
      .first<{ last_used_at: string | null }>();
    expect(row?.last_used_at).toEqual(expect.any(String));
    const uses = await dbOf("global")
      .prepare(
        "SELECT COUNT(*) AS n FROM audit_records WHERE actor_user_id = ?1 AND action = 'api_key.used'",
      )
      .bind(apiKey.id)
      .first<{ n: number }>();
    expect(uses?.n).toBe(5);
  });

  it("checks an admin role inside the reset's own batch, allowed or refused", async () => {
    const { partner, customer } = await related("global");
    expect((await revokeDelegatedAdmin("global", partner.cookie, customer.customerId)).status).toBe(
      204,
    );
    const created = await requestAdmin("global", partner.cookie, {
      customerId: customer.customerId,
    });
    expect((await answer("global", customer.cookie, "approve", created.token)).status).toBe(200);
    const group = await createGroup("global", partner.partnerId, [partner.userId]);
    const reset = `/customers/${customer.customerId}/admin-password`;
    expect(await counted(partner, reset, { method: "POST" })).toEqual({
      status: 403,
      calls: ["batch"],
    });
    const assigned = await call(
      `/api/v1/global/admin-relationships/${created.id}/assignments/${group.id}`,
      { method: "PUT", cookie: partner.cookie, body: { roles: ["user_administrator"] } },
    );
    expect(assigned.status).toBe(200);
    expect(await counted(partner, reset, { method: "POST" })).toEqual({
      status: 201,
      calls: ["batch"],
    });
    for (const path of [
      "/admin-relationships?state=active&role=user_administrator",
      `/admin-relationships/${created.id}`,
      "/admin-relationships/summary",
    ]) {
      expect(await counted(partner, path), path).toEqual({ status: 200, calls: ["batch"] });
    }
  });

  it("streams a large export one round trip per 500 rows", async () => {
    // The first page is read before the response starts (a refusal is then a proper problem).
    const session = await partnerSession("global");
    await seedCustomers("global", session.partnerId, 1100);
    expect(await counted(session, "/customers/export.csv")).toEqual({
      status: 200,
      calls: ["batch", "batch", "batch"],
    });
  });

  it("reads an export's pages only as the client reads them (memory flat in the rows)", async () => {
    const session = await partnerSession("global");
    await seedCustomers("global", session.partnerId, 2600);
    const { database, calls } = counting(dbOf("global"));
    const response = await fetchApp(
      createApp(),
      new Request(`${ORIGIN}/api/v1/global/customers/export.csv`, {
        headers: { "Sec-Fetch-Site": "same-origin", Cookie: session.cookie },
      }),
      { ...env, DB_GLOBAL: database },
    );
    expect(response.status).toBe(200);
    // Answered after the first page, before any other was read.
    expect(calls).toHaveLength(1);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    let reads = 0;
    // Each page is read when the client asks for more than it has: never more than one ahead.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
      reads++;
      const rows = text.split("\r\n").length - 2;
      expect(calls.length).toBeLessThanOrEqual(Math.floor(rows / 500) + 2);
    }
    expect(reads).toBeGreaterThan(1);
    expect(calls).toHaveLength(6);
    expect(text.split("\r\n").length - 2).toBe(2600);
  });
});

/** The SQL and parameters a repository function prepares. */
function captured(build: (db: D1Database) => D1PreparedStatement) {
  const seen = { sql: "", params: [] as unknown[] };
  const fake = {
    prepare: (sql: string) => {
      seen.sql = sql;
      return { bind: (...params: unknown[]) => ((seen.params = params), {}) };
    },
  };
  build(fake as unknown as D1Database);
  return seen;
}

async function planOf(build: (db: D1Database) => D1PreparedStatement): Promise<string[]> {
  const { sql, params } = captured(build);
  const { results } = await dbOf("global")
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

describe("query plans", () => {
  const page = (filters: ListPage["filters"], after?: ListPage["after"]): ListPage => ({
    cloud: "global",
    partnerId: "p",
    filters,
    after,
    limit: 51,
  });

  it.each([
    ["first page", page({}), ["relationships_list_by_name (partner_id=? AND state=?)"]],
    [
      "next page",
      page({}, ["name", "k", "i"]),
      [
        "relationships_list_by_name (partner_id=? AND state=? AND (company_name_key,customer_id)>(?,?))",
      ],
    ],
    [
      "search",
      page({ q: "con" }, ["name", "k", "i"]),
      [
        "relationships_list_by_name (partner_id=? AND state=? AND (company_name_key,customer_id)>(?,?) AND company_name_key<?)",
        "relationships_list_by_domain (partner_id=? AND state=? AND domain_prefix>? AND domain_prefix<?)",
      ],
    ],
    [
      "search past its name matches",
      page({ q: "con" }, ["domain", "k", "i"]),
      [
        "relationships_list_by_domain (partner_id=? AND state=? AND (domain_prefix,customer_id)>(?,?) AND domain_prefix<?)",
      ],
    ],
    [
      "Cyrillic search",
      page({ q: "ро" }),
      [
        "relationships_list_by_name (partner_id=? AND state=? AND company_name_key>? AND company_name_key<?)",
      ],
    ],
    [
      "by reseller",
      page({ indirectReseller: "r" }, ["name", "k", "i"]),
      [
        "relationships_list_by_reseller (partner_id=? AND state=? AND indirect_reseller_id=? AND (company_name_key,customer_id)>(?,?))",
      ],
    ],
    [
      "direct only",
      page({ relationship: "direct" }),
      ["relationships_list_by_reseller (partner_id=? AND state=? AND indirect_reseller_id=?)"],
    ],
  ])("the list's %s is an index range, never a scan", async (_name, args, ranges) => {
    const plan = await planOf((db) => prepare(db, listRows(args)));
    const searches = plan.filter(
      (line) => line.startsWith("SEARCH r USING") && line.includes("relationships_list_"),
    );
    expect(searches.map((line) => line.replace(/^SEARCH r USING (COVERING )?INDEX /, ""))).toEqual(
      ranges,
    );
    expect(plan.filter((line) => /^SCAN (r|c|relationships|customers)\b/.test(line))).toEqual([]);
    // Only the first page of a plain list needs no sort at all: the index is in list order.
    if (!args.filters.q) expect(plan.some((line) => line.includes("TEMP B-TREE"))).toBe(false);
  });

  it("finds a customer's detail through the active-relationship index", async () => {
    const plan = await planOf((db) => customerDetail(db, "global", "p", "c"));
    expect(plan[0]).toBe(
      "SEARCH r USING INDEX relationships_one_active (partner_id=? AND customer_id=?)",
    );
    expect(plan.filter((line) => line.startsWith("SCAN"))).toEqual([]);
  });
});

describe("D1 round trips of the operator console", () => {
  it(
    "reads make one round trip and writes one batch, whatever the outcome",
    { timeout: 60_000 },
    async () => {
      const operator = await operatorSession("global");
      const partner = await createPartnerUser("global", { type: "indirect_reseller" });
      const provider = await createPartnerUser("global", { type: "indirect_provider" });
      const link = { resellerId: partner.partnerId, providerId: provider.partnerId };
      const cases: [string, string, { method?: string; body?: unknown }, number][] = [
        ["partners", "/operator/partners?q=partner&limit=2", {}, 200],
        ["partner", `/operator/partners/${partner.partnerId}`, {}, 200],
        ["unknown partner", `/operator/partners/${crypto.randomUUID()}`, {}, 404],
        ["links", `/operator/partners/${partner.partnerId}/links`, {}, 200],
        ["trail", `/operator/audit?actorId=${operator.userId}`, {}, 200],
        ["trail export", `/operator/audit/export.csv?actorId=${operator.userId}`, {}, 200],
        ["onboard", "/operator/partners", { body: onboardingBody() }, 201],
        ["link", "/operator/partner-links", { body: link }, 201],
        ["link again", "/operator/partner-links", { body: link }, 409],
        [
          "rename",
          `/operator/partners/${partner.partnerId}/name`,
          { method: "PUT", body: { name: "Renamed Reseller" } },
          200,
        ],
        ["suspend", `/operator/partners/${partner.partnerId}/suspend`, { method: "POST" }, 200],
        [
          "suspend again",
          `/operator/partners/${partner.partnerId}/suspend`,
          { method: "POST" },
          409,
        ],
      ];
      for (const [label, path, init, status] of cases) {
        const outcome = await counted(operator, path, init);
        expect({ label, ...outcome }).toEqual({ label, status, calls: ["batch"] });
      }
    },
  );
});
