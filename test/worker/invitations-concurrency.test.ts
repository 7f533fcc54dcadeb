/**
 * Single use under concurrency: of 20 accepts of one token, exactly one wins, and the losers'
 * batches change nothing (SPEC §7, Guarantees).
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import { dbOf } from "./helpers.ts";
import {
  accept,
  batchesReleasedTogether,
  callApp,
  invitationState,
  invite,
  relationshipsOf,
  signedInCustomer,
  signedInPartner,
} from "./relationships-helpers.ts";

describe("POST /invitations/accept under concurrency", () => {
  it("lets exactly one of 20 concurrent accepts of one token win; the others change nothing", async () => {
    const partner = await signedInPartner("global");
    const customers = await Promise.all(
      Array.from({ length: 5 }, () => signedInCustomer("global")),
    );
    const invitation = await invite("global", partner.cookie);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        accept("global", customers[i % customers.length]?.cookie ?? "", invitation.token),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = await invitationState("global", invitation.id);
    const rows = await dbOf("global")
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM relationships WHERE partner_id = ?1) AS relationships,
           (SELECT COUNT(*) FROM delegated_admin_grants WHERE partner_id = ?1) AS grants,
           (SELECT COUNT(*) FROM audit_records WHERE partner_id = ?1 AND action = 'invitation.accepted') AS audits`,
      )
      .bind(partner.partnerId)
      .first();
    expect(rows).toEqual({ relationships: 1, grants: 1, audits: 1 });
    expect(await relationshipsOf("global", winner?.accepted_customer_id ?? "")).toHaveLength(1);
  });

  it("keeps one winner when all 20 batches reach the database at the same moment", async () => {
    const partner = await signedInPartner("global");
    const customers = await Promise.all(
      Array.from({ length: 4 }, () => signedInCustomer("global")),
    );
    const invitation = await invite("global", partner.cookie);
    const app = createApp();
    const db = batchesReleasedTogether(dbOf("global"), 20);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callApp(
          app,
          "/api/v1/global/invitations/accept",
          {
            cookie: customers[i % customers.length]?.cookie ?? "",
            body: { token: invitation.token },
          },
          { DB_GLOBAL: db },
        ),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array.from({ length: 19 }, () => 409)]);
    const audits = await dbOf("global")
      .prepare(
        "SELECT COUNT(*) AS n FROM audit_records WHERE partner_id = ?1 AND action = 'invitation.accepted'",
      )
      .bind(partner.partnerId)
      .first<{ n: number }>();
    expect(audits?.n).toBe(1);
    let relationships = 0;
    for (const customer of customers) {
      relationships += (await relationshipsOf("global", customer.customerId)).length;
    }
    expect(relationships).toBe(1);
  });
});
