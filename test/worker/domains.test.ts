import { describe, expect, it } from "vitest";
import { DomainAvailability } from "../../src/domain/schemas/customer.ts";
import { call, problemOf } from "./helpers.ts";
import { createCustomer, partnerSession, uniquePrefix } from "./customers-fixtures.ts";

describe("GET /domains/{prefix}", () => {
  it("tells whether a prefix is free in this cloud, with the cloud's suffix, case-insensitively", async () => {
    const session = await partnerSession("global");
    const prefix = uniquePrefix();
    const free = await call(`/api/v1/global/domains/${prefix.toUpperCase()}`, {
      cookie: session.cookie,
    });
    expect(free.status).toBe(200);
    expect(free.headers.get("Cache-Control")).toBe("no-store");
    expect(DomainAvailability.parse(await free.json())).toEqual({
      domain: `${prefix}.onmicrosoft.com`,
      available: true,
    });

    await createCustomer(session, { domainPrefix: prefix });
    const taken = await call(`/api/v1/global/domains/${prefix}`, { cookie: session.cookie });
    expect(await taken.json()).toEqual({ domain: `${prefix}.onmicrosoft.com`, available: false });

    // Another cloud is another world: the same prefix is free there.
    const china = await partnerSession("china");
    const elsewhere = await call(`/api/v1/china/domains/${prefix}`, { cookie: china.cookie });
    expect(await elsewhere.json()).toEqual({
      domain: `${prefix}.partner.onmschina.cn`,
      available: true,
    });
  });

  it("sees every customer of the cloud, not only the caller's", async () => {
    const session = await partnerSession("germany");
    const demo = await call("/api/v1/germany/domains/tailspintoys", { cookie: session.cookie });
    expect(await demo.json()).toEqual({ domain: "tailspintoys.onmicrosoft.de", available: false });
  });

  it("answers a malformed prefix with a localized 400", async () => {
    const session = await partnerSession("usgov");
    for (const prefix of ["ab", "1abc", "a".repeat(28), "foo-bar", "caf%C3%A9s"]) {
      const response = await call(`/api/v1/usgov/domains/${prefix}`, {
        cookie: session.cookie,
        language: "fr-FR",
      });
      expect(response.status, prefix).toBe(400);
      expect((await problemOf(response)).errors).toEqual([
        {
          path: "prefix",
          code: "invalid_format",
          message: "Utilisez de 3 à 27 lettres et chiffres, en commençant par une lettre.",
        },
      ]);
    }
  });

  it("is for partner staff who may create customers", async () => {
    expect((await call("/api/v1/global/domains/contoso")).status).toBe(401);
    const helpdesk = await partnerSession("global", { roles: ["helpdesk_agent"] });
    expect((await call("/api/v1/global/domains/contoso", { cookie: helpdesk.cookie })).status).toBe(
      403,
    );
  });
});
