/**
 * Faults (SPEC §7, Guarantees: every write one atomic batch with its audit record). Every write
 * the API has is run against the real database wrapped by `faultyDatabase`: its batch fails at
 * each statement in turn, or a transient D1 error is thrown before the batch runs or after it
 * committed. Whatever happens, the invariants hold (every customer has its admin user,
 * relationship and audit record; no audit record without its change), a failed batch leaves
 * the database as it was, a transient error is a 503 problem+json with `Retry-After`, and an
 * idempotent retry after a committed-but-unanswered create makes no second customer.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CLOUD_IDS, hasFeature, type CloudId } from "../../../src/domain/clouds.ts";
import type { Feature } from "../../../src/domain/features.ts";
import { createCustomer, customerBody, etagOf, partnerSession } from "../customers-fixtures.ts";
import { dbOf, DEMO_PASSWORD, problemOf } from "../helpers.ts";
import { appAt, callApp, invite, signedInCustomer } from "../relationships-helpers.ts";
import { sendWithFault, type Fault, type FaultedRequest } from "./faulty-database.ts";
import { diffDumps, dumpDatabase, isProblem, report, SIZE } from "./support.ts";

const CLOUDS_UNDER_TEST: CloudId[] = SIZE === "deep" ? [...CLOUD_IDS] : ["global"];

/** Customers made as fixtures (straight into the database), outside the invariants. */
const fixtures = new Set<string>();

interface Flow {
  name: string;
  feature: Feature;
  /** Fresh data of its own, and the write to fault. */
  prepare: (cloud: CloudId) => Promise<FaultedRequest>;
}

async function fixtureCustomer(cloud: CloudId) {
  const customer = await signedInCustomer(cloud);
  fixtures.add(customer.customerId);
  return customer;
}

/** A write by a fresh partner on a fresh customer of its own, at `/customers/{id}{suffix}`. */
function onCustomer(
  name: string,
  feature: Feature,
  suffix: string,
  request: Omit<FaultedRequest, "path" | "cookie"> = {},
): Flow {
  return {
    name,
    feature,
    prepare: async (cloud) => {
      const partner = await partnerSession(cloud);
      const { customer } = await createCustomer(partner);
      const headers =
        request.method === "PATCH" ? { "If-Match": await etagOf(partner, customer.id) } : {};
      return {
        ...request,
        path: `/api/v1/${cloud}/customers/${customer.id}${suffix}`,
        cookie: partner.cookie,
        headers,
      };
    },
  };
}

/** A write by a fresh partner on a fresh invitation of its own (or none). */
function byPartner(
  name: string,
  feature: Feature,
  build: (
    cloud: CloudId,
    cookie: string,
  ) => Omit<FaultedRequest, "cookie"> | Promise<Omit<FaultedRequest, "cookie">>,
): Flow {
  return {
    name,
    feature,
    prepare: async (cloud) => {
      const partner = await partnerSession(cloud);
      return { ...(await build(cloud, partner.cookie)), cookie: partner.cookie };
    },
  };
}

const FLOWS: Flow[] = [
  byPartner("create customer", "customers", (cloud) => ({
    path: `/api/v1/${cloud}/customers`,
    body: customerBody(cloud),
    headers: { "Idempotency-Key": crypto.randomUUID() },
  })),
  onCustomer("update customer", "customers", "", { method: "PATCH", body: { language: "fr" } }),
  onCustomer("reset admin password", "adminPassword", "/admin-password", { method: "POST" }),
  byPartner("create invitation", "resellerInvitations", (cloud) => ({
    path: `/api/v1/${cloud}/invitations`,
    body: { locale: "fr-FR" },
  })),
  byPartner("revoke invitation", "resellerInvitations", async (cloud, cookie) => ({
    method: "DELETE",
    path: `/api/v1/${cloud}/invitations/${(await invite(cloud, cookie)).id}`,
  })),
  {
    name: "accept invitation",
    feature: "resellerInvitations",
    prepare: async (cloud) => {
      const partner = await partnerSession(cloud);
      const invitation = await invite(cloud, partner.cookie);
      const customer = await fixtureCustomer(cloud);
      return {
        path: `/api/v1/${cloud}/invitations/accept`,
        body: { token: invitation.token },
        cookie: customer.cookie,
      };
    },
  },
  onCustomer("remove relationship", "relationshipRemoval", "/relationship", {
    method: "DELETE",
    body: { acknowledgeLegalNotice: true },
  }),
  onCustomer("revoke delegated admin", "relationshipRemoval", "/delegated-admin", {
    method: "DELETE",
  }),
  byPartner("change password", "customers", (cloud) => ({
    path: `/api/v1/${cloud}/session/password`,
    body: { currentPassword: DEMO_PASSWORD, newPassword: "Fault!Tolerant2026" },
  })),
];

/** Rows that break an invariant, one line each. */
async function violations(cloud: CloudId): Promise<string[]> {
  const db = dbOf(cloud);
  const checks: [string, string][] = [
    [
      "customer without its admin user",
      "SELECT c.id AS id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.customer_id = c.id AND u.kind = 'customer')",
    ],
    [
      "customer without a relationship",
      "SELECT c.id AS id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM relationships r WHERE r.customer_id = c.id)",
    ],
    [
      "customer without its creation record",
      "SELECT c.id AS id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.target_id = c.id AND a.action = 'customer.created')",
    ],
    [
      "customer record without its customer",
      "SELECT a.id AS id FROM audit_records a WHERE a.target_type = 'customer' AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = a.target_id)",
    ],
    [
      "updates recorded ≠ versions",
      "SELECT c.id AS id FROM customers c WHERE (SELECT COUNT(*) FROM audit_records a WHERE a.target_id = c.id AND a.action = 'customer.updated') <> c.version - 1",
    ],
    [
      "invitation record without its invitation",
      "SELECT a.id AS id FROM audit_records a WHERE a.target_type = 'invitation' AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.id = a.target_id)",
    ],
    [
      "invitation without its creation record",
      "SELECT i.id AS id FROM invitations i WHERE NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.target_id = i.id AND a.action = 'invitation.created')",
    ],
    [
      "acceptance record, invitation not accepted",
      "SELECT a.id AS id FROM audit_records a JOIN invitations i ON i.id = json_extract(a.details, '$.invitationId') WHERE a.action = 'invitation.accepted' AND i.state <> 'accepted'",
    ],
    [
      "accepted invitation without its record",
      "SELECT i.id AS id FROM invitations i WHERE i.state = 'accepted' AND NOT EXISTS (SELECT 1 FROM audit_records a WHERE json_extract(a.details, '$.invitationId') = i.id AND a.action = 'invitation.accepted')",
    ],
    [
      "accepted invitation without a relationship",
      "SELECT i.id AS id FROM invitations i WHERE i.state = 'accepted' AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.customer_id = i.accepted_customer_id AND r.partner_id = i.partner_id)",
    ],
    [
      "revocation record, invitation not revoked",
      "SELECT a.id AS id FROM audit_records a JOIN invitations i ON i.id = a.target_id WHERE a.action = 'invitation.revoked' AND i.state <> 'revoked'",
    ],
    [
      "revoked invitation without its record",
      "SELECT i.id AS id FROM invitations i WHERE i.state = 'revoked' AND NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.target_id = i.id AND a.action = 'invitation.revoked')",
    ],
    [
      "removal record, relationship not removed",
      "SELECT a.id AS id FROM audit_records a WHERE a.action = 'relationship.removed' AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.customer_id = a.target_id AND r.partner_id = a.partner_id AND r.state = 'removed')",
    ],
    [
      "removed relationship without its record",
      "SELECT r.id AS id FROM relationships r WHERE r.state = 'removed' AND NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.target_id = r.customer_id AND a.partner_id = r.partner_id AND a.action = 'relationship.removed')",
    ],
    [
      "DAP revocation record, DAP not revoked",
      "SELECT a.id AS id FROM audit_records a WHERE a.action = 'delegated_admin.revoked' AND NOT EXISTS (SELECT 1 FROM delegated_admin_grants g WHERE g.customer_id = a.target_id AND g.partner_id = a.partner_id AND g.state = 'revoked')",
    ],
    [
      "revoked DAP without its record",
      "SELECT g.id AS id FROM delegated_admin_grants g WHERE g.state = 'revoked' AND NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.target_id = g.customer_id AND a.partner_id = g.partner_id AND a.action = 'delegated_admin.revoked')",
    ],
    [
      "user record without its user",
      "SELECT a.id AS id FROM audit_records a WHERE a.target_type = 'user' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.target_id)",
    ],
  ];
  const results = await db.batch<{ id: string }>(checks.map(([, sql]) => db.prepare(sql)));
  return checks.flatMap(([name], index) =>
    (results[index]?.results ?? [])
      .filter((row) => !fixtures.has(row.id))
      .map((row) => `${cloud}: ${name}: ${row.id}`),
  );
}

describe("faults in D1 batches", () => {
  // Each injected fault is logged by the app's error handler; keep them out of the output.
  const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
  afterAll(() => logged.mockRestore());

  beforeAll(async () => {
    // The demo data was not made through the API; the invariants are about what the API writes.
    for (const cloud of CLOUD_IDS) {
      for (const table of ["customers", "invitations", "relationships", "delegated_admin_grants"]) {
        const { results } = await dbOf(cloud)
          .prepare(`SELECT id FROM ${table}`)
          .all<{ id: string }>();
        for (const row of results) fixtures.add(row.id);
      }
    }
  });

  it(
    "keeps every invariant whatever statement fails, and answers transient errors 503",
    { timeout: 3_600_000 },
    async () => {
      const figures = {
        cases: 0,
        flows: 0,
        statementFaults: 0,
        transientFaults: 0,
        halfWritten: 0,
        wrongAnswers: 0,
        duplicates: 0,
        violations: 0,
      };
      const failures: string[] = [];
      for (const cloud of CLOUDS_UNDER_TEST) {
        for (const flow of FLOWS.filter((f) => hasFeature(cloud, f.feature))) {
          const label = `${cloud} ${flow.name}`;
          figures.flows += 1;
          // The write without a fault: it succeeds, and tells how long its batch is (the last
          // one, should the request batch a read before it).
          const clean = await sendWithFault(cloud, await flow.prepare(cloud), { kind: "none" });
          expect(
            clean.response.status,
            `${label}: ${await clean.response.clone().text()}`,
          ).toBeLessThan(300);
          const batch = clean.batches.length - 1;
          const size = clean.batches[batch] ?? 0;
          expect(size, `${label} writes one batch`).toBeGreaterThan(0);
          const positions = Array.from({ length: size }, (_, index) => index);
          const faults: Fault[] = [
            ...(SIZE === "deep" ? positions : [0, size - 1]).map((at): Fault => ({
              kind: "fail-statement",
              at,
              batch,
            })),
            { kind: "transient-before", batch },
            { kind: "transient-after", batch },
          ];
          for (const fault of faults) {
            const request = await flow.prepare(cloud);
            const before = await dumpDatabase(cloud);
            const { response } = await sendWithFault(cloud, request, fault);
            const after = await dumpDatabase(cloud);
            const name = `${label} [${fault.kind}${fault.kind === "fail-statement" ? ` ${fault.at}/${size}` : ""}] → ${response.status}`;
            figures.cases += 1;
            const expected = fault.kind === "fail-statement" ? 500 : 503;
            const problem = await isProblem(response);
            const retryAfter = response.headers.get("Retry-After");
            if (response.status !== expected || !problem || (expected === 503 && !retryAfter)) {
              figures.wrongAnswers += 1;
              failures.push(`answer: ${name} problem=${problem} Retry-After=${retryAfter}`);
            }
            if (fault.kind === "fail-statement") figures.statementFaults += 1;
            else figures.transientFaults += 1;
            const changes = diffDumps(before, after);
            if (fault.kind !== "transient-after" && changes.length > 0) {
              figures.halfWritten += 1;
              failures.push(`written: ${name} ${changes.join("; ").slice(0, 200)}`);
            }
            if (fault.kind === "transient-after" && changes.length === 0) {
              failures.push(`not committed: ${name}`);
            }
            if (fault.kind === "transient-after" && request.headers?.["Idempotency-Key"]) {
              // The client never heard of its customer: it retries with the same key.
              // It retries after the Retry-After window of a concurrent duplicate (SECURITY.md).
              const retry = { response: await callApp(appAt(11_000), request.path, request) };
              const body = request.body as { domainPrefix: string };
              const row = await dbOf(cloud)
                .prepare("SELECT COUNT(*) AS n FROM customers WHERE domain_prefix = ?1")
                .bind(body.domainPrefix.toLowerCase())
                .first<{ n: number }>();
              if (
                retry.response.status !== 201 ||
                retry.response.headers.get("Idempotent-Replayed") !== "true" ||
                row?.n !== 1
              ) {
                figures.duplicates += 1;
                failures.push(`retry: ${name} → ${retry.response.status} customers=${row?.n}`);
              }
            }
          }
        }
        const broken = await violations(cloud);
        figures.violations += broken.length;
        failures.push(...broken);
      }
      report("faults", { ...figures, errorsLogged: logged.mock.calls.length });
      expect(failures).toEqual([]);
    },
  );

  it("answers a transient error on a read with 503 and Retry-After", async () => {
    const partner = await partnerSession("global");
    const { customer } = await createCustomer(partner);
    for (const path of [
      `/api/v1/global/customers/${customer.id}`,
      "/api/v1/global/customers",
      "/api/v1/global/offers",
    ]) {
      const { response } = await sendWithFault(
        "global",
        { path, cookie: partner.cookie },
        { kind: "transient-always" },
      );
      expect(response.status, path).toBe(503);
      expect(response.headers.get("Retry-After")).toBe("1");
      expect((await problemOf(response)).code).toBe("unavailable");
    }
  });
});
