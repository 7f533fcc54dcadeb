/**
 * SPEC §7: `Idempotency-Key` — a request that arrives while the first request with its key is
 * still being processed gets 409 (draft-ietf-httpapi-idempotency-key-header §2.6); one that
 * arrives after it completed gets the replay. "Still being processed" is a window after the first
 * request's commit (IDEMPOTENCY_IN_FLIGHT_MS, see create.ts for why).
 */
import { describe, expect, it } from "vitest";
import { CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { IDEMPOTENCY_IN_FLIGHT_MS } from "../../worker/features/customers/create.ts";
import { call, problemOf } from "./helpers.ts";
import { appAt, callApp } from "./relationships-helpers.ts";
import { customerBody, customersWithPrefix, partnerSession } from "./customers-fixtures.ts";

describe("concurrent requests with one Idempotency-Key", () => {
  it("creates one customer for 20 concurrent requests: one 201, the in-flight duplicates 409", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("/api/v1/global/customers", { body, cookie: session.cookie, headers }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    for (const response of responses.filter((r) => r.status === 409)) {
      const problem = await problemOf(response);
      expect(problem.code).toBe("idempotency_in_flight");
      const retryAfter = Number(response.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(IDEMPOTENCY_IN_FLIGHT_MS / 1000);
    }
    const created = responses.find((r) => r.status === 201);
    expect(created?.headers.get("Idempotent-Replayed")).toBeNull();
    const first = CustomerCreated.parse(await created?.json());
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(1);

    // Once it has completed (past the in-flight window, on the app's clock), a retry replays it.
    const retry = await callApp(
      appAt(IDEMPOTENCY_IN_FLIGHT_MS + 1_000),
      "/api/v1/global/customers",
      {
        body,
        cookie: session.cookie,
        headers,
      },
    );
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(CustomerCreated.parse(await retry.json()).customer.id).toBe(first.customer.id);
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(1);
  });
});
