import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { createApp } from "../../worker/app.ts";
import { dbOf, problemOf } from "./helpers.ts";
import {
  accept,
  addSubscription,
  auditRecords,
  callApp,
  failingBatches,
  grantsOf,
  indirectPair,
  invitationState,
  invite,
  related,
  relationshipsOf,
  signedInCustomer,
  signedInPartner,
} from "./relationships-helpers.ts";

/**
 * Every write is one batch: when its last statement fails, D1 rolls all of it back. Each test
 * sends a write through an app whose database appends a failing statement to every batch, checks
 * the localized 500 and that nothing changed, then shows the same write succeeding for real.
 */
const app = createApp();
const broken = { DB_GLOBAL: failingBatches(dbOf("global")) };

// The app logs the internal error (for the operator); keep it out of the test output.
let errorLog: MockInstance<typeof console.error>;
beforeEach(() => {
  errorLog = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function expectInternalError(response: Response) {
  expect(response.status).toBe(500);
  expect(errorLog).toHaveBeenCalledWith(expect.stringContaining("no_such_table"));
  const text = await response.clone().text();
  expect(text).not.toContain("no_such_table");
  expect(await problemOf(response)).toMatchObject({ code: "internal" });
}

async function countOf(sql: string, ...params: unknown[]) {
  const row = await dbOf("global")
    .prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n;
}

describe("atomic writes", () => {
  it("creating an invitation leaves no invitation and no audit record when the batch fails", async () => {
    const { reseller, provider } = await indirectPair("global");
    const body = { locale: "en", indirectProviderId: provider.partnerId };
    const path = "/api/v1/global/invitations";
    await expectInternalError(await callApp(app, path, { cookie: reseller.cookie, body }, broken));
    expect(
      await countOf(
        "SELECT COUNT(*) AS n FROM invitations WHERE partner_id = ?1",
        reseller.partnerId,
      ),
    ).toBe(0);
    expect(
      await countOf(
        "SELECT COUNT(*) AS n FROM audit_records WHERE partner_id = ?1 AND action LIKE 'invitation.%'",
        reseller.partnerId,
      ),
    ).toBe(0);
    expect((await callApp(app, path, { cookie: reseller.cookie, body })).status).toBe(201);
  });

  it("accepting an indirect invitation leaves no relationship, grant or audit record, and the invitation pending", async () => {
    const { reseller, provider } = await indirectPair("global");
    const customer = await signedInCustomer("global");
    const invitation = await invite("global", reseller.cookie, {
      indirectProviderId: provider.partnerId,
    });
    const path = "/api/v1/global/invitations/accept";
    const init = { cookie: customer.cookie, body: { token: invitation.token } };
    await expectInternalError(await callApp(app, path, init, broken));
    expect(await invitationState("global", invitation.id)).toEqual({
      state: "pending",
      accepted_customer_id: null,
    });
    expect(await relationshipsOf("global", customer.customerId)).toEqual([]);
    expect(await grantsOf("global", customer.customerId)).toEqual([]);
    expect(await auditRecords("global", customer.customerId)).toEqual([]);
    expect((await accept("global", customer.cookie, invitation.token)).status).toBe(200);
    expect(await relationshipsOf("global", customer.customerId)).toHaveLength(2);
  });

  it("revoking an invitation leaves it pending with no revocation record", async () => {
    const partner = await signedInPartner("global");
    const invitation = await invite("global", partner.cookie);
    const path = `/api/v1/global/invitations/${invitation.id}`;
    const init = { method: "DELETE", cookie: partner.cookie };
    await expectInternalError(await callApp(app, path, init, broken));
    expect(await invitationState("global", invitation.id)).toMatchObject({ state: "pending" });
    expect((await auditRecords("global", invitation.id)).map((r) => r.action)).toEqual([
      "invitation.created",
    ]);
    expect((await callApp(app, path, init)).status).toBe(204);
  });

  it("removing a relationship leaves it active and its subscriptions unsuspended", async () => {
    const { partner, customer } = await related("global");
    await addSubscription("global", partner.partnerId, customer.customerId);
    const path = `/api/v1/global/customers/${customer.customerId}/relationship`;
    const init = {
      method: "DELETE",
      cookie: partner.cookie,
      body: { acknowledgeLegalNotice: true },
    };
    await expectInternalError(await callApp(app, path, init, broken));
    expect(await relationshipsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ state: "active" }),
    ]);
    expect(
      await countOf(
        "SELECT COUNT(*) AS n FROM subscriptions WHERE customer_id = ?1 AND state = 'active'",
        customer.customerId,
      ),
    ).toBe(1);
    expect((await auditRecords("global", customer.customerId)).map((r) => r.action)).toEqual([
      "invitation.accepted",
    ]);
    expect((await callApp(app, path, init)).status).toBe(200);
  });

  it("revoking delegated admin leaves the grant active with no record", async () => {
    const { partner, customer } = await related("global");
    const path = `/api/v1/global/customers/${customer.customerId}/delegated-admin`;
    const init = { method: "DELETE", cookie: partner.cookie };
    await expectInternalError(await callApp(app, path, init, broken));
    expect(await grantsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ state: "active" }),
    ]);
    expect((await auditRecords("global", customer.customerId)).map((r) => r.action)).toEqual([
      "invitation.accepted",
    ]);
    expect((await callApp(app, path, init)).status).toBe(204);
  });
});
