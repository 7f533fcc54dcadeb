/**
 * Linking indirect resellers to indirect providers (SPEC §6): only that pair of types, once;
 * the reseller's own list of providers follows; both partners' logs show the change.
 */
import { describe, expect, it } from "vitest";
import type { PartnerType } from "../../src/domain/roles.ts";
import { call, createPartnerUser, problemOf } from "./helpers.ts";
import { operatorSession, rowCount, type OperatorSession } from "./operator-helpers.ts";
import { signedInPartner } from "./relationships-helpers.ts";

const CLOUD = "global";

function link(operator: OperatorSession, resellerId: string, providerId: string) {
  return call(`/api/v1/${CLOUD}/operator/partner-links`, {
    cookie: operator.cookie,
    body: { resellerId, providerId },
  });
}

function unlink(operator: OperatorSession, resellerId: string, providerId: string) {
  return call(`/api/v1/${CLOUD}/operator/partner-links/${resellerId}/${providerId}`, {
    method: "DELETE",
    cookie: operator.cookie,
  });
}

async function providersSeenBy(cookie: string): Promise<string[]> {
  const response = await call(`/api/v1/${CLOUD}/indirect-providers`, { cookie });
  return (await response.json<{ items: { id: string }[] }>()).items.map((p) => p.id);
}

describe("partner links", () => {
  it("links and unlinks an indirect reseller and an indirect provider", async () => {
    const operator = await operatorSession(CLOUD);
    const reseller = await signedInPartner(CLOUD, { type: "indirect_reseller" });
    const provider = await createPartnerUser(CLOUD, { type: "indirect_provider" });

    const linked = await link(operator, reseller.partnerId, provider.partnerId);
    expect(linked.status).toBe(201);
    expect(await linked.json()).toMatchObject({
      reseller: { id: reseller.partnerId },
      provider: { id: provider.partnerId },
    });
    expect(await providersSeenBy(reseller.cookie)).toEqual([provider.partnerId]);

    const listed = await call(`/api/v1/${CLOUD}/operator/partners/${provider.partnerId}/links`, {
      cookie: operator.cookie,
    });
    expect((await listed.json<{ items: { id: string; type: string }[] }>()).items).toEqual([
      expect.objectContaining({ id: reseller.partnerId, type: "indirect_reseller" }),
    ]);

    const twice = await link(operator, reseller.partnerId, provider.partnerId);
    expect(twice.status).toBe(409);
    expect((await problemOf(twice)).code).toBe("partner_link_exists");

    const removed = await unlink(operator, reseller.partnerId, provider.partnerId);
    expect(removed.status).toBe(204);
    expect(await providersSeenBy(reseller.cookie)).toEqual([]);
    const gone = await unlink(operator, reseller.partnerId, provider.partnerId);
    expect(gone.status).toBe(404);
    expect((await problemOf(gone)).code).toBe("partner_link_not_found");

    // Each change is in both partners' logs, with the operator as actor.
    for (const partnerId of [reseller.partnerId, provider.partnerId]) {
      expect(
        await rowCount(
          CLOUD,
          `audit_records WHERE partner_id = '${partnerId}' AND actor_user_id = '${operator.userId}'
           AND action IN ('partner_link.created', 'partner_link.removed')`,
        ),
      ).toBe(2);
    }

    // A partner with no links lists none; one the cloud does not have (another cloud's, or
    // none at all) is a 404, exactly as if it did not exist.
    const alone = await createPartnerUser(CLOUD, { type: "indirect_reseller" });
    const empty = await call(`/api/v1/${CLOUD}/operator/partners/${alone.partnerId}/links`, {
      cookie: operator.cookie,
    });
    expect(await empty.json()).toEqual({ items: [], nextCursor: null });
    const elsewhere = await createPartnerUser("usgov", { type: "indirect_reseller" });
    for (const id of [elsewhere.partnerId, crypto.randomUUID()]) {
      const response = await call(`/api/v1/${CLOUD}/operator/partners/${id}/links`, {
        cookie: operator.cookie,
      });
      expect(response.status, id).toBe(404);
      expect((await problemOf(response)).code).toBe("not_found");
    }
  });

  it.each<[string, PartnerType, PartnerType]>([
    ["a direct reseller as the reseller", "direct_reseller", "indirect_provider"],
    ["a reseller as the provider", "indirect_reseller", "indirect_reseller"],
    ["the two the wrong way round", "indirect_provider", "indirect_reseller"],
  ])("refuses %s with 409 partner_link_types, writing nothing", async (_label, first, second) => {
    const operator = await operatorSession(CLOUD);
    const a = await createPartnerUser(CLOUD, { type: first });
    const b = await createPartnerUser(CLOUD, { type: second });
    const links = await rowCount(CLOUD, "partner_links");
    const audits = await rowCount(CLOUD, "audit_records");
    const response = await call(`/api/v1/${CLOUD}/operator/partner-links`, {
      cookie: operator.cookie,
      body: { resellerId: a.partnerId, providerId: b.partnerId },
      language: "fr-FR",
    });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.code).toBe("partner_link_types");
    expect(problem.title).toBe("Ces partenaires ne peuvent pas être liés");
    expect(await rowCount(CLOUD, "partner_links")).toBe(links);
    expect(await rowCount(CLOUD, "audit_records")).toBe(audits);
    const wrongUnlink = await unlink(operator, a.partnerId, b.partnerId);
    expect(wrongUnlink.status).toBe(409);
  });

  it("answers 404 for a partner that does not exist here, 400 for an id that is no id", async () => {
    const operator = await operatorSession(CLOUD);
    const reseller = await createPartnerUser(CLOUD, { type: "indirect_reseller" });
    const elsewhere = await createPartnerUser("usgov", { type: "indirect_provider" });
    expect((await link(operator, reseller.partnerId, elsewhere.partnerId)).status).toBe(404);
    const bad = await link(operator, reseller.partnerId, "not-an-id");
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([
      expect.objectContaining({ path: "providerId" }),
    ]);
  });
});
