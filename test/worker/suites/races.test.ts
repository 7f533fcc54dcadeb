/**
 * Races (SPEC §7): one winner each, over many trials. 50 concurrent creates of one domain;
 * 50 creates with one `Idempotency-Key` whose batches reach D1 together (every one of them in
 * flight while the others are: a concurrent duplicate is a 409, SPEC §7); 50 accepts of one
 * invitation by ten customer admins; two PATCHes with one ETag.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../../worker/app.ts";
import { createCustomer, customerBody, etagOf, partnerSession } from "../customers-fixtures.ts";
import { call, dbOf, problemOf } from "../helpers.ts";
import {
  accept,
  appAt,
  batchesReleasedTogether,
  callApp,
  invitationState,
  invite,
  signedInCustomer,
} from "../relationships-helpers.ts";
import { report, sized } from "./support.ts";

const CLOUD = "global";
const TRIALS = sized(3, 100);
const PARTIES = 50;

/** `status:count` pairs, for a figure and a failure message. */
function tally(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(",");
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await dbOf(CLOUD)
    .prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("races have one winner", () => {
  it(`50 concurrent creates of one domain, ${TRIALS} trials`, { timeout: 3_600_000 }, async () => {
    const outcomes = new Map<string, number>();
    for (let trial = 0; trial < TRIALS; trial++) {
      const session = await partnerSession(CLOUD);
      const prefix = customerBody(CLOUD).domainPrefix;
      const responses = await Promise.all(
        Array.from({ length: PARTIES }, (_, i) =>
          call(`/api/v1/${CLOUD}/customers`, {
            cookie: session.cookie,
            // Differently cased, different companies: the domain alone collides.
            body: customerBody(CLOUD, {
              domainPrefix: i % 2 ? prefix.toUpperCase() : prefix,
              companyName: `Racer ${i}`,
            }),
          }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      const losers = responses.filter((r) => r.status === 409);
      const codes = await Promise.all(losers.map(async (r) => (await problemOf(r)).code));
      const stored = await count(
        "SELECT COUNT(*) AS n FROM customers WHERE domain_prefix = ?1",
        prefix,
      );
      const audited = await count(
        "SELECT COUNT(*) AS n FROM audit_records WHERE partner_id = ?1 AND action = 'customer.created'",
        session.partnerId,
      );
      const key = `${tally(statuses)} stored=${stored} audited=${audited}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      expect(codes.every((code) => code === "domain_taken")).toBe(true);
    }
    report("races create-domain", {
      trials: TRIALS,
      parties: PARTIES,
      outcomes: [...outcomes.entries()].map(([k, n]) => `[${k}]×${n}`).join(" "),
    });
    expect([...outcomes.keys()]).toEqual([`201×1,409×${PARTIES - 1} stored=1 audited=1`]);
  });

  it(
    `50 concurrent creates with one Idempotency-Key, ${TRIALS} trials`,
    { timeout: 3_600_000 },
    async () => {
      const outcomes = new Map<string, number>();
      const app = createApp();
      for (let trial = 0; trial < TRIALS; trial++) {
        const session = await partnerSession(CLOUD);
        const body = customerBody(CLOUD);
        const headers = { "Idempotency-Key": crypto.randomUUID() };
        // Every request has done its reads (and hashed its password) before any batch runs: all
        // 50 are in flight at once.
        const db = batchesReleasedTogether(dbOf(CLOUD), PARTIES, 30_000);
        const responses = await Promise.all(
          Array.from({ length: PARTIES }, () =>
            callApp(
              app,
              `/api/v1/${CLOUD}/customers`,
              { cookie: session.cookie, body, headers },
              { DB_GLOBAL: db },
            ),
          ),
        );
        const created = responses.filter(
          (r) => r.status === 201 && r.headers.get("Idempotent-Replayed") !== "true",
        );
        const conflicts = responses.filter((r) => r.status === 409);
        const codes = new Set(
          await Promise.all(conflicts.map(async (r) => (await problemOf(r)).code)),
        );
        const stored = await count(
          "SELECT COUNT(*) AS n FROM customers WHERE domain_prefix = ?1",
          body.domainPrefix,
        );
        // A concurrent duplicate is answered 409 with Retry-After (SPEC §7; within 10 s of the
        // first commit, SECURITY.md); a retry after that is a replay of the one customer.
        const retryAfter = conflicts.every((r) => r.headers.get("Retry-After") !== null);
        const retry = await callApp(appAt(11_000), `/api/v1/${CLOUD}/customers`, {
          cookie: session.cookie,
          body,
          headers,
        });
        const key = [
          `created=${created.length}`,
          `statuses=${tally(responses.map((r) => r.status))}`,
          `409codes=${[...codes].join("|")}`,
          `retryAfter=${retryAfter}`,
          `stored=${stored}`,
          `retry=${retry.status}${retry.headers.get("Idempotent-Replayed") === "true" ? "-replayed" : ""}`,
        ].join(" ");
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      report("races idempotency-key", {
        trials: TRIALS,
        parties: PARTIES,
        outcomes: [...outcomes.entries()].map(([k, n]) => `[${k}]×${n}`).join(" "),
      });
      expect([...outcomes.keys()]).toEqual([
        `created=1 statuses=201×1,409×${PARTIES - 1} 409codes=idempotency_in_flight retryAfter=true stored=1 retry=201-replayed`,
      ]);
    },
  );

  it(
    `50 concurrent accepts of one invitation, ${TRIALS} trials`,
    { timeout: 3_600_000 },
    async () => {
      const outcomes = new Map<string, number>();
      for (let trial = 0; trial < TRIALS; trial++) {
        const partner = await partnerSession(CLOUD);
        const customers = await Promise.all(
          Array.from({ length: 10 }, () => signedInCustomer(CLOUD)),
        );
        const invitation = await invite(CLOUD, partner.cookie);
        const responses = await Promise.all(
          Array.from({ length: PARTIES }, (_, i) =>
            accept(CLOUD, customers[i % customers.length]?.cookie ?? "", invitation.token),
          ),
        );
        const state = await invitationState(CLOUD, invitation.id);
        const relationships = await count(
          "SELECT COUNT(*) AS n FROM relationships WHERE partner_id = ?1",
          partner.partnerId,
        );
        const grants = await count(
          "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE partner_id = ?1",
          partner.partnerId,
        );
        const audited = await count(
          "SELECT COUNT(*) AS n FROM audit_records WHERE partner_id = ?1 AND action = 'invitation.accepted'",
          partner.partnerId,
        );
        const winners = customers.filter(
          (c) => c.customerId === state?.accepted_customer_id,
        ).length;
        const key = `${tally(responses.map((r) => r.status))} state=${state?.state} winner=${winners} relationships=${relationships} grants=${grants} audited=${audited}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      report("races accept-invitation", {
        trials: TRIALS,
        parties: PARTIES,
        outcomes: [...outcomes.entries()].map(([k, n]) => `[${k}]×${n}`).join(" "),
      });
      expect([...outcomes.keys()]).toEqual([
        `200×1,409×${PARTIES - 1} state=accepted winner=1 relationships=1 grants=1 audited=1`,
      ]);
    },
  );

  it(`2 concurrent PATCHes with one ETag, ${TRIALS} trials`, { timeout: 3_600_000 }, async () => {
    const outcomes = new Map<string, number>();
    let session = await partnerSession(CLOUD);
    for (let trial = 0; trial < TRIALS; trial++) {
      // Three writes per trial: a partner per 30 trials keeps inside the per-partner write limit.
      if (trial > 0 && trial % 30 === 0) session = await partnerSession(CLOUD);
      const { customer } = await createCustomer(session);
      const etag = await etagOf(session, customer.id);
      const responses = await Promise.all(
        (["fr", "de"] as const).map((language) =>
          call(`/api/v1/${CLOUD}/customers/${customer.id}`, {
            method: "PATCH",
            cookie: session.cookie,
            body: { language },
            headers: { "If-Match": etag },
          }),
        ),
      );
      const row = await dbOf(CLOUD)
        .prepare("SELECT version, language FROM customers WHERE id = ?1")
        .bind(customer.id)
        .first<{ version: number; language: string }>();
      const winner = responses.findIndex((r) => r.status === 200);
      const audited = await count(
        "SELECT COUNT(*) AS n FROM audit_records WHERE target_id = ?1 AND action = 'customer.updated'",
        customer.id,
      );
      const key = `${tally(responses.map((r) => r.status))} version=${row?.version} winnerStored=${row?.language === ["fr", "de"][winner]} audited=${audited}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    report("races patch-etag", {
      trials: TRIALS,
      parties: 2,
      outcomes: [...outcomes.entries()].map(([k, n]) => `[${k}]×${n}`).join(" "),
    });
    expect([...outcomes.keys()]).toEqual(["200×1,412×1 version=2 winnerStored=true audited=1"]);
  });
});
