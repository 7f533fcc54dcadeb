import { describe, expect, it } from "vitest";
import { OfferList } from "../../src/domain/schemas/offer.ts";
import { call, problemOf } from "./helpers.ts";
import { partnerSession } from "./customers-fixtures.ts";

describe("GET /offers", () => {
  it("lists each cloud's own catalog in display order", async () => {
    const expected = {
      global: ["m365-business-basic", "m365-business-standard", "m365-e3", "azure-plan"],
      usgov: ["m365-gcc-g3", "m365-gcc-g5", "azure-government-plan"],
      germany: ["o365-e1-de", "o365-e3-de", "azure-germany-plan"],
      china: ["o365-e1-cn", "o365-e3-cn", "azure-china-plan"],
    } as const;
    for (const cloud of ["global", "usgov", "germany", "china"] as const) {
      const session = await partnerSession(cloud, { roles: ["helpdesk_agent"] });
      const response = await call(`/api/v1/${cloud}/offers`, { cookie: session.cookie });
      expect(response.status).toBe(200);
      const list = OfferList.parse(await response.json());
      expect(list.nextCursor).toBeNull();
      expect(list.items.map((offer) => offer.id)).toEqual(expected[cloud]);
    }
  });

  it("gives the quantity bounds", async () => {
    const session = await partnerSession("global");
    const list = OfferList.parse(
      await (await call("/api/v1/global/offers", { cookie: session.cookie })).json(),
    );
    expect(list.items.find((offer) => offer.id === "azure-plan")).toEqual({
      id: "azure-plan",
      name: "Azure plan",
      minQuantity: 1,
      maxQuantity: 1,
    });
  });

  it("needs a signed-in partner and an existing cloud", async () => {
    expect((await call("/api/v1/global/offers")).status).toBe(401);
    const response = await call("/api/v1/mars/offers");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
  });
});
