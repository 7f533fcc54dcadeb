import { describe, expect, it } from "vitest";
import { RemovedRelationship } from "../../src/domain/schemas/relationship.ts";
import { call, dbOf, problemOf } from "./helpers.ts";
import {
  accept,
  addSubscription,
  auditRecords,
  grantsOf,
  invite,
  related,
  relationshipsOf,
  removeRelationship,
  revokeDelegatedAdmin,
  signedInPartner,
} from "./relationships-helpers.ts";

async function subscriptionStates(cloud: "global" | "usgov", customerId: string) {
  const { results } = await dbOf(cloud)
    .prepare("SELECT partner_id, state FROM subscriptions WHERE customer_id = ?1")
    .bind(customerId)
    .all<{ partner_id: string; state: string }>();
  return results;
}

describe("DELETE /customers/{id}/relationship", () => {
  it("removes the relationship, suspends the partner's subscriptions and keeps delegated admin", async () => {
    const { partner, customer } = await related("global");
    const other = await signedInPartner("global");
    await addSubscription("global", partner.partnerId, customer.customerId);
    await addSubscription("global", partner.partnerId, customer.customerId);
    await addSubscription("global", other.partnerId, customer.customerId);

    const response = await removeRelationship("global", partner.cookie, customer.customerId);
    expect(response.status).toBe(200);
    const body = RemovedRelationship.parse(await response.json());
    expect(body).toMatchObject({
      relationship: {
        customerId: customer.customerId,
        partnerId: partner.partnerId,
        state: "removed",
      },
      delegatedAdmin: { state: "active" },
      subscriptions: { suspended: 2 },
    });
    expect(await relationshipsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ partner_id: partner.partnerId, state: "removed" }),
    ]);
    expect(await grantsOf("global", customer.customerId)).toEqual([
      { partner_id: partner.partnerId, state: "active" },
    ]);
    expect(await subscriptionStates("global", customer.customerId)).toEqual(
      expect.arrayContaining([
        { partner_id: partner.partnerId, state: "suspended" },
        { partner_id: other.partnerId, state: "active" },
      ]),
    );
    expect((await auditRecords("global", customer.customerId)).map((r) => r.action)).toEqual([
      "invitation.accepted",
      "relationship.removed",
    ]);
    // Gone from the partner's reach: a second removal is a 404.
    expect((await removeRelationship("global", partner.cookie, customer.customerId)).status).toBe(
      404,
    );
  });

  it("lets the customer accept the same partner again later, keeping the one DAP grant", async () => {
    const { partner, customer } = await related("global");
    expect((await removeRelationship("global", partner.cookie, customer.customerId)).status).toBe(
      200,
    );
    const again = await invite("global", partner.cookie);
    expect((await accept("global", customer.cookie, again.token)).status).toBe(200);
    expect(
      (await relationshipsOf("global", customer.customerId)).map((r) => r.state).sort(),
    ).toEqual(["active", "removed"]);
    expect(await grantsOf("global", customer.customerId)).toEqual([
      { partner_id: partner.partnerId, state: "active" },
    ]);
  });

  it("requires the legal notice to be acknowledged (400), changing nothing", async () => {
    const { partner, customer } = await related("global");
    const path = `/api/v1/global/customers/${customer.customerId}/relationship`;
    for (const body of [
      {},
      { acknowledgeLegalNotice: false },
      { acknowledgeLegalNotice: "yes" },
      undefined,
    ]) {
      const response = await call(path, {
        method: "DELETE",
        cookie: partner.cookie,
        body,
        language: "fr-FR",
      });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({
        code: "acknowledgement_required",
        title: "Confirmation requise",
      });
      expect(problem.errors).toEqual([
        expect.objectContaining({
          path: "acknowledgeLegalNotice",
          code: "acknowledgement_required",
        }),
      ]);
    }
    const unknown = await removeRelationship("global", partner.cookie, customer.customerId, {
      acknowledgeLegalNotice: true,
      state: "removed",
    });
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).code).toBe("validation_failed");
    expect(await relationshipsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ state: "active" }),
    ]);
  });

  it("answers 404 for a customer the caller has no active relationship with", async () => {
    const { partner, customer } = await related("global");
    const stranger = await signedInPartner("global");
    for (const customerId of [customer.customerId, crypto.randomUUID(), "not-an-id"]) {
      const response = await removeRelationship("global", stranger.cookie, customerId);
      expect(response.status).toBe(404);
      expect((await problemOf(response)).code).toBe("not_found");
    }
    // The same customer id in another cloud is nobody there.
    const elsewhere = await signedInPartner("usgov");
    expect((await removeRelationship("usgov", elsewhere.cookie, customer.customerId)).status).toBe(
      404,
    );
    expect(await relationshipsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ partner_id: partner.partnerId, state: "active" }),
    ]);
  });

  it("answers 403 to a sales agent and 401 without a session", async () => {
    const { partner, customer } = await related("global", ["sales_agent"]);
    const response = await removeRelationship("global", partner.cookie, customer.customerId);
    expect(response.status).toBe(403);
    expect((await problemOf(response)).code).toBe("forbidden");
    expect((await removeRelationship("global", "", customer.customerId)).status).toBe(401);
  });
});

describe("DELETE /customers/{id}/delegated-admin", () => {
  it("revokes delegated admin privileges on their own (204), even after the relationship is removed", async () => {
    const { partner, customer } = await related("usgov", ["admin_agent"]);
    expect((await removeRelationship("usgov", partner.cookie, customer.customerId)).status).toBe(
      200,
    );
    const response = await revokeDelegatedAdmin("usgov", partner.cookie, customer.customerId);
    expect(response.status).toBe(204);
    expect(await grantsOf("usgov", customer.customerId)).toEqual([
      { partner_id: partner.partnerId, state: "revoked" },
    ]);
    expect((await auditRecords("usgov", customer.customerId)).map((r) => r.action)).toEqual([
      "invitation.accepted",
      "relationship.removed",
      "delegated_admin.revoked",
    ]);
    expect((await revokeDelegatedAdmin("usgov", partner.cookie, customer.customerId)).status).toBe(
      404,
    );
  });

  it("leaves the relationship active, and reports DAP revoked on a later removal", async () => {
    const { partner, customer } = await related("global");
    expect((await revokeDelegatedAdmin("global", partner.cookie, customer.customerId)).status).toBe(
      204,
    );
    expect(await relationshipsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ state: "active" }),
    ]);
    const removed = await removeRelationship("global", partner.cookie, customer.customerId);
    expect(await removed.json()).toMatchObject({ delegatedAdmin: { state: "revoked" } });
  });

  it("answers 404 for another partner's customer and 403 to a sales agent", async () => {
    const { customer } = await related("global");
    const stranger = await signedInPartner("global");
    expect(
      (await revokeDelegatedAdmin("global", stranger.cookie, customer.customerId)).status,
    ).toBe(404);
    const sales = await signedInPartner("global", { roles: ["sales_agent"] });
    expect((await revokeDelegatedAdmin("global", sales.cookie, customer.customerId)).status).toBe(
      403,
    );
    expect(await grantsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ state: "active" }),
    ]);
  });
});

describe("in china", () => {
  it("answers every relationship and invitation endpoint with 404 feature_unavailable", async () => {
    const partner = await signedInPartner("china");
    const id = crypto.randomUUID();
    const requests: [string, string, unknown][] = [
      ["POST", "/invitations", { locale: "en" }],
      ["GET", "/invitations", undefined],
      ["DELETE", `/invitations/${id}`, undefined],
      ["POST", "/invitations/preview", { token: "x" }],
      ["POST", "/invitations/accept", { token: "x" }],
      ["GET", "/indirect-providers", undefined],
      ["GET", "/indirect-resellers", undefined],
      ["DELETE", `/customers/${id}/relationship`, { acknowledgeLegalNotice: true }],
      ["DELETE", `/customers/${id}/delegated-admin`, undefined],
    ];
    for (const [method, path, body] of requests) {
      for (const cookie of [partner.cookie, ""]) {
        const response = await call(`/api/v1/china${path}`, {
          method,
          body,
          cookie,
          language: "ru",
        });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(await problemOf(response)).toMatchObject({
          code: "feature_unavailable",
          detail:
            "Эта функция не предоставляется в облаке «Центр партнеров под управлением 21Vianet».",
        });
      }
    }
  });
});
