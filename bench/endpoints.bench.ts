/**
 * Every endpoint against the runtime's floor: one partner with 10,000 customers, each case under
 * the same autocannon load (connections × seconds × rounds, interleaved), printed as one table
 * of ratios to `GET /api/v1/health` measured in the same run, and written to
 * bench/results/latest.json.
 *
 * Writes run under the `bench` wrangler environment, whose write limiter allows what a bench
 * sends (production keeps its per-partner limit, see wrangler.toml); everything else is the
 * local all-clouds shape.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { executeSql } from "../scripts/local-worker.ts";
import { hashPassword } from "../worker/lib/crypto.ts";
import { acceptancesSql, type Acceptance } from "./acceptances.ts";
import { tenantCustomerId, tenantSql } from "./tenant.ts";
import { runInterleaved, type LoadCase, type LoadOptions, type LoadResult } from "./load.ts";

const KEY = "e";
const CUSTOMERS = 10_000;
const PASSWORD = "Bench!Password2026";
/** Pending invitations the revoke case takes one each from. */
const REVOCABLE = 20_000;
/** The first group of those invitations' (UUID-shaped) ids. */
const REVOKE_ID_GROUP = "7265766f";
/** Customer admins, each with a session and an invitation to accept: one per accept request. */
const ACCEPTORS = 4_000;
/** Made in `prepareEndpoints`, used up by the accept case. */
let acceptances: Acceptance[] = [];

/** The bench partner and its customers, plus invitations to revoke, before the Worker starts. */
export async function prepareEndpoints(state: string): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  executeSql(state, "DB_GLOBAL", tenantSql(KEY, CUSTOMERS, hash));
  const now = "2026-01-01T00:00:00.000Z";
  executeSql(
    state,
    "DB_GLOBAL",
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${REVOCABLE})
INSERT INTO invitations (id, partner_id, indirect_provider_id, locale, token_hash, state, created_by, created_at, expires_at)
SELECT '${REVOKE_ID_GROUP}-0000-4000-8000-' || printf('%012d', n), 'bench-partner-${KEY}', NULL, 'en', 'bench-hash-' || n, 'pending', 'bench-user-${KEY}', '${now}', '2099-01-01T00:00:00.000Z' FROM seq;`,
  );
  const prepared = await acceptancesSql(KEY, ACCEPTORS, hash);
  executeSql(state, "DB_GLOBAL", prepared.sql);
  acceptances = prepared.acceptances;
}

async function signIn(baseURL: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/v1/global/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: `bench@bench-${KEY}.example`, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`bench sign-in failed: ${response.status}`);
  return (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

async function deepCursor(baseURL: string, cookie: string): Promise<string> {
  let cursor = "";
  for (let page = 0; page < 50; page++) {
    const response = await fetch(
      `${baseURL}/api/v1/global/customers?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { headers: { Cookie: cookie } },
    );
    cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor ?? "";
  }
  return cursor;
}

function customerBody(prefix: string): string {
  return JSON.stringify({
    companyName: "Bench Coffee",
    domainPrefix: prefix,
    address: {
      country: "US",
      line1: "1 Main St",
      city: "Seattle",
      state: "WA",
      postalCode: "98101",
    },
    primaryContact: { firstName: "Ana", lastName: "Bowman", email: "ana@coffee.example" },
    language: "en",
    culture: "en-US",
    subscriptions: [{ offerId: "m365-business-basic", quantity: 10 }],
  });
}

/** The cases, each a request template; writes draw fresh targets per request. */
function cases(baseURL: string, cookie: string, cursor: string): LoadCase[] {
  const api = "/api/v1/global";
  const auth = { Cookie: cookie };
  const write = { ...auth, Origin: baseURL, "Content-Type": "application/json" };
  const get = (name: string, path: string, kind: LoadCase["kind"] = "read"): LoadCase => ({
    name,
    kind,
    headers: kind === "read" ? auth : {},
    requests: [{ method: "GET", path }],
  });
  let created = 0;
  const run = Date.now().toString(36);
  let revoked = 0;
  let accepted = 0;
  // Each connection edits its own customer, following the ETag the last answer carried.
  let editors = 0;
  return [
    get("floor: GET /api/v1/health", "/api/v1/health", "floor"),
    // What one D1 round trip costs in this runtime, whoever asks: every read makes one.
    get("D1 round trip: GET /global/health", `${api}/health`, "reference"),
    get("static docs page", "/global/en/docs/add-a-new-customer/", "static"),
    get("GET /session", `${api}/session`),
    get("GET /offers", `${api}/offers`),
    get("GET /domains/{prefix}", `${api}/domains/freshprefix`),
    get("customers: first page (50 of 10k)", `${api}/customers?limit=50`),
    get(
      "customers: page 51 via cursor",
      `${api}/customers?limit=50&cursor=${encodeURIComponent(cursor)}`,
    ),
    get("customers: name prefix", `${api}/customers?q=company%200005&limit=50`),
    get("customers: domain prefix", `${api}/customers?q=${KEY}c5&limit=50`),
    get("GET /customers/{id}", `${api}/customers/${tenantCustomerId(KEY, 5000)}`),
    get("GET /invitations", `${api}/invitations`),
    get("GET /audit", `${api}/audit`),
    {
      ...get("customers export.csv (10k rows)", `${api}/customers/export.csv`),
      kind: "export",
      amount: { requests: 2, timeoutSeconds: 30 },
    },
    {
      name: "POST /customers",
      kind: "write",
      headers: write,
      requests: [
        {
          method: "POST",
          path: `${api}/customers`,
          setupRequest: (req) => ({ ...req, body: customerBody(`b${run}x${created++}`) }),
        },
      ],
    },
    {
      name: "PATCH /customers/{id} (If-Match)",
      kind: "write",
      headers: write,
      requests: [
        {
          method: "PATCH",
          setupRequest: (req, context: { id?: string; etag?: string }) => {
            context.id ??= tenantCustomerId(KEY, ++editors);
            context.etag ??= '"v1"';
            return {
              ...req,
              path: `${api}/customers/${context.id}`,
              headers: { ...req.headers, "If-Match": context.etag },
              body: JSON.stringify({ companyName: `Edited ${Date.now()}` }),
            };
          },
          onResponse: (_status, _body, context: { etag?: string }, headers) => {
            const etag = headers?.["etag"];
            if (typeof etag === "string") context.etag = etag;
          },
        },
      ],
    },
    {
      name: "POST /invitations",
      kind: "write",
      headers: write,
      requests: [{ method: "POST", path: `${api}/invitations`, body: '{"locale":"en"}' }],
    },
    {
      name: "DELETE /invitations/{id} (revoke)",
      kind: "write",
      headers: write,
      requests: [
        {
          method: "DELETE",
          setupRequest: (req) => ({
            ...req,
            path: `${api}/invitations/${REVOKE_ID_GROUP}-0000-4000-8000-${String(++revoked).padStart(12, "0")}`,
          }),
        },
      ],
    },
    {
      // Each request: another customer admin's session accepting its own fresh invitation.
      name: "POST /invitations/accept",
      kind: "write",
      headers: { Origin: baseURL, "Content-Type": "application/json" },
      requests: [
        {
          method: "POST",
          path: `${api}/invitations/accept`,
          setupRequest: (req) => {
            const next = acceptances[accepted++];
            if (!next) throw new Error(`more than ${ACCEPTORS} accept requests: raise ACCEPTORS`);
            return {
              ...req,
              headers: { ...req.headers, Cookie: next.cookie },
              body: JSON.stringify({ token: next.token }),
            };
          },
        },
      ],
    },
  ];
}

/** The targets of the performance bar, as ratios of the same run. */
function verdict(r: LoadResult, floor: LoadResult): string[] {
  const failures: string[] = [];
  const { ratio } = r;
  if (r.kind === "read" && ratio < 0.6) failures.push("rps < 0.6×");
  if (r.kind === "write" && ratio < 0.3) failures.push("rps < 0.3×");
  if (r.kind !== "export" && r.kind !== "reference" && r.p99 > 3 * floor.p99) {
    failures.push("p99 > 3×");
  }
  if (r.non2xx > 0 || r.errors > 0) failures.push("non-2xx");
  // Judged on completing: an export that never finished within the case's time did not pass.
  if (r.kind === "export" && r.requests === 0) failures.push("none completed");
  return failures;
}

function printTable(results: LoadResult[]): void {
  const floor = results.find((r) => r.kind === "floor");
  if (!floor) throw new Error("no floor measured");
  const header = [
    "endpoint",
    "rps",
    "×floor",
    "×all",
    "p50 ms",
    "p99 ms",
    "p99×",
    "non-2xx",
    "target",
  ];
  console.log(
    `${header[0]?.padEnd(38)}${header
      .slice(1)
      .map((h) => h.padStart(9))
      .join("")}`,
  );
  for (const r of results) {
    const failures = r.kind === "floor" ? [] : verdict(r, floor);
    const target = failures.length
      ? `FAIL ${failures.join(", ")}`
      : r.kind === "reference"
        ? "reference"
        : "pass";
    console.log(
      `${r.name.padEnd(38)}${[
        r.rps.toFixed(0),
        r.ratio.toFixed(2),
        (r.rps / floor.rps).toFixed(2),
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        (r.p99 / floor.p99).toFixed(2),
        String(r.non2xx + r.errors),
      ]
        .map((v) => v.padStart(9))
        .join("")}  ${target}`,
    );
  }
}

/**
 * The floor's runs one by one: how steady the machine was. A case's ×floor divides by the runs
 * on either side of its group, ×all by their sum: a spread here is the noise ×floor keeps out.
 */
function printFloorSamples(results: LoadResult[]): void {
  const floor = results.find((r) => r.kind === "floor");
  if (!floor) return;
  const rates = floor.samples.map((s) => s.rps.toFixed(0)).join(" ");
  const p99s = floor.samples.map((s) => s.p99.toFixed(0)).join(" ");
  console.log(`floor, ${floor.samples.length} runs: rps ${rates}; p99 ms ${p99s}`);
}

/** Runs the table; `options` come from the environment so a quick run is possible. */
export async function endpointsBench(baseURL: string): Promise<void> {
  const options: LoadOptions = {
    connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
    duration: Number(process.env.BENCH_SECONDS ?? 2),
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    floorEvery: 6,
    warmup: Number(process.env.BENCH_WARMUP_SECONDS ?? 1),
  };
  const cookie = await signIn(baseURL);
  const cursor = await deepCursor(baseURL, cookie);
  console.log(
    `${options.connections} connections, ${options.duration} s per case per round after ${options.warmup} s unmeasured, ${options.rounds} rounds interleaved, the floor again before every ${options.floorEvery} cases and at each round's end`,
  );
  // BENCH_CASES=floor,customers (comma-separated name starts) runs only those cases.
  const only = (process.env.BENCH_CASES ?? "").split(",").filter(Boolean);
  const chosen = cases(baseURL, cookie, cursor).filter(
    (c) =>
      c.kind === "floor" || only.length === 0 || only.some((start) => c.name.startsWith(start)),
  );
  const results = await runInterleaved(baseURL, chosen, options);
  printTable(results);
  console.log(
    "×floor: against the floor runs just before and after the case's group (the targets); ×all: against every floor run pooled",
  );
  printFloorSamples(results);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/latest.json",
    `${JSON.stringify({ at: new Date().toISOString(), options, results }, null, 2)}\n`,
  );
}
