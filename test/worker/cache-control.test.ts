import { describe, expect, it } from "vitest";
import { call } from "./helpers.ts";
import { createCustomer, partnerSession } from "./customers-fixtures.ts";

describe("Cache-Control of API reads", () => {
  it("keeps every read out of shared caches: no-store, or private for the offer catalog", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const api = "/api/v1/global";
    const reads: [string, number, string][] = [
      ["/api/v1/health", 200, "no-store"],
      ["/api/v1/openapi.json", 200, "no-store"],
      [`${api}/session`, 200, "no-store"],
      [`${api}/offers`, 200, "private, max-age=300"],
      [`${api}/domains/freshprefix`, 200, "no-store"],
      [`${api}/customers`, 200, "no-store"],
      [`${api}/customers/${customer.id}`, 200, "no-store"],
      [`${api}/customers/export.csv`, 200, "no-store"],
      [`${api}/invitations`, 200, "no-store"],
      [`${api}/audit`, 200, "no-store"],
      [`${api}/indirect-providers`, 200, "no-store"],
      [`${api}/customers/00000000-0000-4000-8000-000000000000`, 404, "no-store"],
    ];
    for (const [path, status, cacheControl] of reads) {
      const response = await call(path, { cookie: session.cookie });
      expect(response.status, path).toBe(status);
      expect(response.headers.get("Cache-Control"), path).toBe(cacheControl);
      await response.arrayBuffer();
    }
    const signedOut = await call(`${api}/customers`);
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers a customer's ETag with 304 and no body", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const path = `/api/v1/global/customers/${customer.id}`;
    const first = await call(path, { cookie: session.cookie });
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"v\d+"$/);
    const again = await call(path, { cookie: session.cookie, headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});
