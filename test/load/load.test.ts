/**
 * Load without loss. A mixed workload (creates with Idempotency-Key, retries of acknowledged
 * creates, PATCHes, invitations, list/detail/offer reads) from autocannon against the Worker
 * under `wrangler dev` on 127.0.0.1, for 60 s deep (15 s in CI). Afterwards the database is read
 * back: every acknowledged write is present exactly once with its audit record, every retry
 * answered the one customer, no update was lost or applied twice.
 *
 * The per-partner write limit (120 a minute) stays real: the writes are spread over partners
 * inserted with SQL into the test server's own fresh databases, so a partner stays under it.
 */
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, startLocalWorker, executeSql, type LocalWorker } from "../../scripts/local-worker.ts";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";

const DEEP = process.env["SUITE_SIZE"] === "deep";
const DURATION_S = DEEP ? 60 : 15;
// Under the sign-in limit of one client address (60 a minute), and enough that at the rates this
// server reaches here no partner nears its 120 writes a minute.
const PARTNERS = DEEP ? 55 : 40;
const CONNECTIONS = 12;

interface Partner {
  id: string;
  email: string;
  cookie: string;
  /** Customers this partner's creates were acknowledged with. */
  customers: string[];
}

interface AckedCreate {
  partner: Partner;
  key: string;
  body: string;
  id: string;
}

type Operation =
  | { kind: "create"; partner: Partner; key: string; body: string }
  | { kind: "retry"; create: AckedCreate }
  | { kind: "patch"; partner: Partner; customer: string }
  | { kind: "invite"; partner: Partner }
  | { kind: "read"; partner: Partner };

/** What the server acknowledged, and what it may have done without saying so. */
const ledger = {
  creates: [] as AckedCreate[],
  patches: new Map<string, number>(),
  invitations: [] as string[],
  /** Customers with a PATCH whose answer never came (timeout, reset): applied or not. */
  uncertainPatches: new Set<string>(),
  /** Creates and invitations whose answer never came. */
  uncertainWrites: 0,
  replays: 0,
  replayMismatches: [] as string[],
  statuses: new Map<number, number>(),
};

function customerBody(): string {
  const prefix = `l${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  return JSON.stringify({
    companyName: `Load ${prefix.slice(1, 9)}`,
    domainPrefix: prefix,
    address: {
      country: "US",
      line1: "1 Microsoft Way",
      city: "Redmond",
      state: "WA",
      postalCode: "98052",
    },
    primaryContact: {
      firstName: "Lee",
      lastName: "Load",
      email: "lee@load-customer.example",
      phone: "+1 425 555 0100",
    },
    language: "en",
    culture: "en-US",
    subscriptions: [{ offerId: "m365-business-basic", quantity: 5 }],
  });
}

function pick<T>(items: T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

function nextOperation(partners: Partner[]): Operation {
  const partner = pick(partners) as Partner;
  const roll = Math.random();
  const acked = pick(ledger.creates);
  if (roll < 0.35)
    return { kind: "create", partner, key: crypto.randomUUID(), body: customerBody() };
  if (roll < 0.42 && acked) return { kind: "retry", create: acked };
  const customer = pick(partner.customers);
  if (roll < 0.57 && customer) return { kind: "patch", partner, customer };
  if (roll < 0.67) return { kind: "invite", partner };
  return { kind: "read", partner };
}

const API = "/api/v1/global";

function requestOf(operation: Operation): {
  method: "GET" | "POST" | "PATCH";
  path: string;
  headers: Record<string, string>;
  body?: string;
} {
  const base = { "Sec-Fetch-Site": "same-origin" };
  switch (operation.kind) {
    case "create":
      return {
        method: "POST",
        path: `${API}/customers`,
        headers: {
          ...base,
          Cookie: operation.partner.cookie,
          "Content-Type": "application/json",
          "Idempotency-Key": operation.key,
        },
        body: operation.body,
      };
    case "retry": {
      const { partner, key, body } = operation.create;
      return {
        method: "POST",
        path: `${API}/customers`,
        headers: {
          ...base,
          Cookie: partner.cookie,
          "Content-Type": "application/json",
          "Idempotency-Key": key,
        },
        body,
      };
    }
    case "patch":
      return {
        method: "PATCH",
        path: `${API}/customers/${operation.customer}`,
        headers: {
          ...base,
          Cookie: operation.partner.cookie,
          "Content-Type": "application/json",
          "If-Match": "*",
        },
        body: JSON.stringify({ language: pick(["en", "fr", "de", "ru"]) }),
      };
    case "invite":
      return {
        method: "POST",
        path: `${API}/invitations`,
        headers: { ...base, Cookie: operation.partner.cookie, "Content-Type": "application/json" },
        body: JSON.stringify({ locale: pick(["en", "fr-FR", "ru-RU"]) }),
      };
    case "read": {
      const customer = pick(operation.partner.customers);
      const path = pick([
        `${API}/customers?limit=20`,
        `${API}/offers`,
        customer ? `${API}/customers/${customer}` : `${API}/customers?q=load&limit=5`,
      ]) as string;
      return { method: "GET", path, headers: { ...base, Cookie: operation.partner.cookie } };
    }
  }
}

/** Records what an answer acknowledged. */
function acknowledge(
  operation: Operation,
  status: number,
  body: string,
  headers: Record<string, unknown>,
) {
  ledger.statuses.set(status, (ledger.statuses.get(status) ?? 0) + 1);
  switch (operation.kind) {
    case "create":
      if (status === 201) {
        const id = (JSON.parse(body) as { customer: { id: string } }).customer.id;
        ledger.creates.push({
          partner: operation.partner,
          key: operation.key,
          body: operation.body,
          id,
        });
        operation.partner.customers.push(id);
      } else if (status >= 500) ledger.uncertainWrites += 1;
      return;
    case "retry":
      if (status === 201) {
        ledger.replays += 1;
        const id = (JSON.parse(body) as { customer: { id: string } }).customer.id;
        const replayed = Object.entries(headers).find(
          ([name]) => name.toLowerCase() === "idempotent-replayed",
        );
        if (id !== operation.create.id || replayed?.[1] !== "true") {
          ledger.replayMismatches.push(`${operation.create.id} → ${id}`);
        }
      }
      return;
    case "patch":
      if (status === 200)
        ledger.patches.set(operation.customer, (ledger.patches.get(operation.customer) ?? 0) + 1);
      else if (status >= 500) ledger.uncertainPatches.add(operation.customer);
      return;
    case "invite":
      if (status === 201) ledger.invitations.push((JSON.parse(body) as { id: string }).id);
      else if (status >= 500) ledger.uncertainWrites += 1;
      return;
    case "read":
      return;
  }
}

/** Rows of a query against the server's own local database. */
function query<T>(worker: LocalWorker, sql: string): T[] {
  const output = run("wrangler", [
    "d1",
    "execute",
    "DB_GLOBAL",
    "--local",
    "--persist-to",
    worker.state,
    "--json",
    "--command",
    sql,
  ]);
  const parsed = JSON.parse(output.slice(output.indexOf("["))) as { results: T[] }[];
  return parsed.flatMap((statement) => statement.results);
}

describe("load without loss", () => {
  let worker: LocalWorker;
  const partners: Partner[] = [];

  beforeAll(async () => {
    const started = Date.now();
    const hash = await hashPassword(DEMO_PASSWORD);
    const now = new Date().toISOString();
    const created = Array.from({ length: PARTNERS }, (_, index) => ({
      id: crypto.randomUUID(),
      user: crypto.randomUUID(),
      email: `load${index}@load-${index}.example`,
      domain: `load-${index}.example`,
    }));
    worker = await startLocalWorker((state) => {
      executeSql(
        state,
        "DB_GLOBAL",
        created
          .map(
            (p) =>
              `INSERT INTO partners (id, name, type, email_domain, status, created_at, updated_at) VALUES ('${p.id}', 'Load ${p.domain}', 'direct_reseller', '${p.domain}', 'active', '${now}', '${now}');
               INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at) VALUES ('${p.user}', '${p.email}', 'Load user', 'partner', '${p.id}', '["global_admin"]', '${hash}', 0, 'active', '${now}', '${now}');`,
          )
          .join("\n"),
      );
    });
    const signIn = async (p: (typeof created)[number]) => {
      const response = await fetch(`${worker.baseURL}${API}/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin" },
        body: JSON.stringify({ username: p.email, password: DEMO_PASSWORD }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
      partners.push({ id: p.id, email: p.email, cookie, customers: [] });
    };
    for (let index = 0; index < created.length; index += 4) {
      await Promise.all(created.slice(index, index + 4).map(signIn));
    }
    console.log(
      `[suite load] server up and ${PARTNERS} partners signed in after ${Date.now() - started} ms`,
    );
  });

  afterAll(() => worker?.stop());

  it(`keeps every acknowledged write exactly once under ${DURATION_S} s of mixed load`, async () => {
    const inflight = new Map<object, Operation>();
    const result = await autocannon({
      url: worker.baseURL,
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: 20,
      requests: [
        {
          setupRequest: (request, context) => {
            // A request whose answer never came (timeout): its write may or may not have happened.
            const lost = inflight.get(context);
            if (lost?.kind === "patch") ledger.uncertainPatches.add(lost.customer);
            else if (lost && lost.kind !== "read" && lost.kind !== "retry")
              ledger.uncertainWrites += 1;
            const operation = nextOperation(partners);
            inflight.set(context, operation);
            return { ...request, ...requestOf(operation) };
          },
          onResponse: (status, body, context, headers) => {
            const operation = inflight.get(context);
            inflight.delete(context);
            if (operation) acknowledge(operation, status, body, headers as Record<string, unknown>);
          },
        },
      ],
    });
    // Requests still open when the run ended may have been applied.
    for (const operation of inflight.values()) {
      if (operation.kind === "patch") ledger.uncertainPatches.add(operation.customer);
      else if (operation.kind !== "read" && operation.kind !== "retry") ledger.uncertainWrites += 1;
    }

    const partnerIds = partners.map((p) => `'${p.id}'`).join(",");
    const customers = query<{ id: string; version: number; created: number; updated: number }>(
      worker,
      `SELECT c.id, c.version,
         (SELECT COUNT(*) FROM audit_records a WHERE a.target_id = c.id AND a.action = 'customer.created') AS created,
         (SELECT COUNT(*) FROM audit_records a WHERE a.target_id = c.id AND a.action = 'customer.updated') AS updated
       FROM customers c WHERE c.id IN (SELECT customer_id FROM relationships WHERE partner_id IN (${partnerIds}))`,
    );
    const invitations = query<{ id: string; created: number }>(
      worker,
      `SELECT i.id, (SELECT COUNT(*) FROM audit_records a WHERE a.target_id = i.id AND a.action = 'invitation.created') AS created
       FROM invitations i WHERE i.partner_id IN (${partnerIds})`,
    );

    const stored = new Map(customers.map((c) => [c.id, c]));
    const storedInvitations = new Map(invitations.map((i) => [i.id, i]));
    const acked = new Set(ledger.creates.map((c) => c.id));
    const lost = [
      ...[...acked].filter((id) => !stored.has(id)).map((id) => `customer ${id}`),
      ...ledger.invitations
        .filter((id) => !storedInvitations.has(id))
        .map((id) => `invitation ${id}`),
    ];
    const duplicated = [
      ...ledger.replayMismatches.map((m) => `replay ${m}`),
      ...customers
        .filter((c) => c.created !== 1)
        .map((c) => `customer ${c.id}: ${c.created} creation records`),
      ...invitations
        .filter((i) => i.created !== 1)
        .map((i) => `invitation ${i.id}: ${i.created} creation records`),
    ];
    // Rows nobody was told about, beyond the writes whose answer never came.
    const unacknowledged =
      customers.filter((c) => !acked.has(c.id)).length +
      invitations.filter((i) => !ledger.invitations.includes(i.id)).length;
    if (unacknowledged > ledger.uncertainWrites) {
      duplicated.push(
        `${unacknowledged} unacknowledged rows, ${ledger.uncertainWrites} unanswered writes`,
      );
    }
    for (const customer of customers) {
      const patched = ledger.patches.get(customer.id) ?? 0;
      const applied = customer.version - 1;
      if (customer.updated !== applied)
        duplicated.push(
          `customer ${customer.id}: ${customer.updated} update records, version ${customer.version}`,
        );
      if (applied < patched)
        lost.push(`customer ${customer.id}: ${patched} updates acknowledged, ${applied} applied`);
      if (applied > patched && !ledger.uncertainPatches.has(customer.id)) {
        duplicated.push(
          `customer ${customer.id}: ${patched} updates acknowledged, ${applied} applied`,
        );
      }
    }

    const count = (predicate: (status: number) => boolean) =>
      [...ledger.statuses.entries()]
        .filter(([status]) => predicate(status))
        .reduce((sum, [, n]) => sum + n, 0);
    const figures = {
      durationS: DURATION_S,
      connections: CONNECTIONS,
      partners: PARTNERS,
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      "2xx": count((s) => s < 300),
      "4xx": count((s) => s >= 400 && s < 500),
      rateLimited: count((s) => s === 429),
      "5xx": count((s) => s >= 500),
      errors: result.errors,
      timeouts: result.timeouts,
      ackedCreates: ledger.creates.length,
      ackedReplays: ledger.replays,
      ackedPatches: [...ledger.patches.values()].reduce((a, b) => a + b, 0),
      ackedInvitations: ledger.invitations.length,
      lost: lost.length,
      duplicated: duplicated.length,
    };
    console.log(
      `[suite load] size=${DEEP ? "deep" : "ci"} ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
    expect({ lost, duplicated, fivexx: figures["5xx"] }).toEqual({
      lost: [],
      duplicated: [],
      fivexx: 0,
    });
    expect(figures.ackedCreates).toBeGreaterThan(0);
    expect(figures.ackedPatches).toBeGreaterThan(0);
    expect(figures.ackedInvitations).toBeGreaterThan(0);
    expect(figures.ackedReplays).toBeGreaterThan(0);
  });
});
