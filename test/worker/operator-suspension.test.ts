/**
 * Suspending a partner (SPEC §6, Cloud operator; TEAM non-negotiable 4: a credential ends when
 * what stood behind it ends): its users' sessions end at once — a request with a session taken
 * before the suspension is a 401 — and none of them can sign in; its customers' data stays.
 * Reactivation lets them sign in again, but never revives the old sessions.
 */
import { describe, expect, it } from "vitest";
import { createCustomer } from "./customers-fixtures.ts";
import { apiRequest, call, DEMO_PASSWORD, problemOf, signIn } from "./helpers.ts";
import { operatorSession, rowCount } from "./operator-helpers.ts";
import { addPartnerUser, signedInPartner } from "./relationships-helpers.ts";
import { exports } from "cloudflare:workers";

const CLOUD = "germany";

function suspend(cookie: string, partnerId: string, action: "suspend" | "reactivate" = "suspend") {
  return call(`/api/v1/${CLOUD}/operator/partners/${partnerId}/${action}`, {
    method: "POST",
    cookie,
  });
}

describe("suspending a partner", () => {
  it("ends its users' sessions at once, refuses their sign-in, and keeps its customers", async () => {
    const operator = await operatorSession(CLOUD);
    const partner = await signedInPartner(CLOUD);
    const colleague = await addPartnerUser(CLOUD, partner.partnerId, ["sales_agent"]);
    const colleagueCookie = await signIn(CLOUD, colleague);
    const created = await createCustomer({ ...partner, cloud: CLOUD });
    expect((await call(`/api/v1/${CLOUD}/customers`, { cookie: partner.cookie })).status).toBe(200);

    const suspended = await suspend(operator.cookie, partner.partnerId);
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ id: partner.partnerId, status: "suspended" });

    // Sessions taken before the suspension: 401 on the very next request, reads and writes.
    for (const cookie of [partner.cookie, colleagueCookie]) {
      const read = await call(`/api/v1/${CLOUD}/customers`, { cookie });
      expect(read.status).toBe(401);
      const who = await call(`/api/v1/${CLOUD}/session`, { cookie });
      expect(who.status).toBe(401);
    }
    const write = await call(`/api/v1/${CLOUD}/customers/${created.customer.id}/admin-password`, {
      method: "POST",
      cookie: partner.cookie,
    });
    expect(write.status).toBe(401);
    // Their sessions are gone from the database, not only refused.
    const sessions = await rowCount(
      CLOUD,
      `sessions WHERE user_id IN (SELECT id FROM users WHERE partner_id = '${partner.partnerId}')`,
    );
    expect(sessions).toBe(0);

    // Nobody of the partner signs in while it is suspended: the same answer as a wrong password.
    const refused = await call(`/api/v1/${CLOUD}/session`, {
      body: { username: partner.email, password: DEMO_PASSWORD },
    });
    expect(refused.status).toBe(401);
    expect((await problemOf(refused)).code).toBe("invalid_credentials");

    // Its customers' data stays.
    expect(await rowCount(CLOUD, `customers WHERE id = '${created.customer.id}'`)).toBe(1);
    expect(
      await rowCount(
        CLOUD,
        `relationships WHERE partner_id = '${partner.partnerId}' AND state = 'active'`,
      ),
    ).toBe(1);

    const again = await suspend(operator.cookie, partner.partnerId);
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe("partner_already_suspended");

    const reactivated = await suspend(operator.cookie, partner.partnerId, "reactivate");
    expect(reactivated.status).toBe(200);
    expect(await reactivated.json()).toMatchObject({ status: "active" });
    // The old session stays ended; a new sign-in works and sees the customers as before.
    expect((await call(`/api/v1/${CLOUD}/customers`, { cookie: partner.cookie })).status).toBe(401);
    const fresh = await signIn(CLOUD, partner.email);
    const list = await call(`/api/v1/${CLOUD}/customers`, { cookie: fresh });
    expect(list.status).toBe(200);
    const ids = (await list.json<{ items: { id: string }[] }>()).items.map((c) => c.id);
    expect(ids).toEqual([created.customer.id]);

    // The partner's own log shows its suspension and reactivation, by the operator.
    const log = await call(`/api/v1/${CLOUD}/audit`, { cookie: fresh });
    const actions = (await log.json<{ items: { action: string; actor: { id: string } }[] }>()).items
      .filter((r) => r.actor.id === operator.userId)
      .map((r) => r.action);
    expect(actions).toEqual(["partner.reactivated", "partner.suspended"]);

    const active = await suspend(operator.cookie, partner.partnerId, "reactivate");
    expect(active.status).toBe(409);
    expect((await problemOf(active)).code).toBe("partner_already_active");
  });

  it("answers 404 for a partner that is not in this cloud", async () => {
    const operator = await operatorSession(CLOUD);
    const elsewhere = await signedInPartner("global");
    const response = await suspend(operator.cookie, elsewhere.partnerId);
    expect(response.status).toBe(404);
    // And the partner of the other cloud goes on working.
    expect((await call("/api/v1/global/customers", { cookie: elsewhere.cookie })).status).toBe(200);
  });

  it("refuses a body-less suspend sent from another site", async () => {
    const operator = await operatorSession(CLOUD);
    const partner = await signedInPartner(CLOUD);
    const request = apiRequest(`/api/v1/${CLOUD}/operator/partners/${partner.partnerId}/suspend`, {
      method: "POST",
      cookie: operator.cookie,
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    const response = await exports.default.fetch(request);
    expect(response.status).toBe(403);
    expect((await call(`/api/v1/${CLOUD}/customers`, { cookie: partner.cookie })).status).toBe(200);
  });
});
