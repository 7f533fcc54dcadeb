import { describe, expect, it } from "vitest";
import { LinkedPartnerList } from "../../src/domain/schemas/relationship.ts";
import { call, createPartnerUser, problemOf, signIn } from "./helpers.ts";
import { linkPartners, signedInCustomer, signedInPartner } from "./relationships-helpers.ts";

async function listOf(path: string, cookie: string) {
  const response = await call(path, { cookie });
  expect(response.status).toBe(200);
  return LinkedPartnerList.parse(await response.json());
}

describe("GET /indirect-providers and /indirect-resellers", () => {
  it("lists each side's own links by name, in signed pages", async () => {
    const reseller = await signedInPartner("germany", { type: "indirect_reseller" });
    const providers = [
      await createPartnerUser("germany", { type: "indirect_provider" }),
      await createPartnerUser("germany", { type: "indirect_provider" }),
    ];
    for (const provider of providers) {
      await linkPartners("germany", reseller.partnerId, provider.partnerId);
    }
    const byName = providers.map((p) => `Partner ${p.partnerId.slice(0, 8)}`).sort();

    const first = await listOf("/api/v1/germany/indirect-providers?limit=1", reseller.cookie);
    expect(first.items.map((i) => i.name)).toEqual([byName[0]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listOf(
      `/api/v1/germany/indirect-providers?limit=1&cursor=${first.nextCursor}`,
      reseller.cookie,
    );
    expect(second).toMatchObject({ items: [{ name: byName[1] }], nextCursor: null });

    const provider = providers[0];
    const providerCookie = await signIn("germany", provider?.email ?? "");
    const resellers = await listOf("/api/v1/germany/indirect-resellers", providerCookie);
    expect(resellers.items).toEqual([
      expect.objectContaining({ id: reseller.partnerId, linkedAt: expect.any(String) as string }),
    ]);
    // The other side's list, and a direct reseller's, are simply empty.
    expect((await listOf("/api/v1/germany/indirect-resellers", reseller.cookie)).items).toEqual([]);
    const direct = await signedInPartner("germany");
    expect(await listOf("/api/v1/germany/indirect-providers", direct.cookie)).toEqual({
      items: [],
      nextCursor: null,
    });

    // A cursor of one list means nothing in another partner's.
    const stolen = await call(`/api/v1/germany/indirect-resellers?cursor=${first.nextCursor}`, {
      cookie: providerCookie,
    });
    expect(stolen.status).toBe(400);
    expect((await problemOf(stolen)).code).toBe("invalid_cursor");
  });

  it("answers 401 without a session and 403 to a customer admin", async () => {
    expect((await call("/api/v1/global/indirect-providers")).status).toBe(401);
    const customer = await signedInCustomer("global");
    expect(
      (await call("/api/v1/global/indirect-resellers", { cookie: customer.cookie })).status,
    ).toBe(403);
  });
});
