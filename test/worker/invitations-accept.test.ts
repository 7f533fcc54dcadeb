import { describe, expect, it } from "vitest";
import { AcceptedInvitation, InvitationPreview } from "../../src/domain/schemas/invitation.ts";
import { call, dbOf, DEMO_PASSWORD, problemOf, signIn } from "./helpers.ts";
import {
  accept,
  appAt,
  auditRecords,
  callApp,
  DAY_MS,
  grantsOf,
  indirectPair,
  invitationState,
  invite,
  occurrencesInDatabase,
  preview,
  relationshipsOf,
  signedInCustomer,
  signedInPartner,
} from "./relationships-helpers.ts";

describe("POST /invitations/preview", () => {
  it("tells who invites, with no session", async () => {
    const { reseller, provider } = await indirectPair("global");
    const invitation = await invite("global", reseller.cookie, {
      locale: "fr-FR",
      indirectProviderId: provider.partnerId,
    });
    const response = await preview("global", invitation.token);
    expect(response.status).toBe(200);
    expect(InvitationPreview.parse(await response.json())).toEqual({
      partner: { name: `Partner ${reseller.partnerId.slice(0, 8)}` },
      indirectProvider: { name: `Partner ${provider.partnerId.slice(0, 8)}` },
      locale: "fr-FR",
      expiresAt: invitation.expiresAt,
    });
    const listed = await call("/api/v1/global/invitations", { cookie: reseller.cookie });
    expect((await listed.json<{ items: unknown[] }>()).items).toEqual([
      expect.objectContaining({
        id: invitation.id,
        state: "pending",
        locale: "fr-FR",
        indirectProvider: {
          id: provider.partnerId,
          name: `Partner ${provider.partnerId.slice(0, 8)}`,
        },
      }),
    ]);
  });

  it("answers unknown, expired and revoked tokens with one identical 404", async () => {
    const partner = await signedInPartner("global");
    const expiring = await invite("global", partner.cookie);
    const revoked = await invite("global", partner.cookie);
    await call(`/api/v1/global/invitations/${revoked.id}`, {
      method: "DELETE",
      cookie: partner.cookie,
    });
    const later = appAt(30 * DAY_MS + 60_000);
    const responses = [
      await callApp(later, "/api/v1/global/invitations/preview", {
        body: { token: "x".repeat(43) },
      }),
      await callApp(later, "/api/v1/global/invitations/preview", {
        body: { token: expiring.token },
      }),
      await callApp(later, "/api/v1/global/invitations/preview", {
        body: { token: revoked.token },
      }),
    ];
    const problems = [];
    for (const response of responses) {
      expect(response.status).toBe(404);
      problems.push({ ...(await problemOf(response)), requestId: "" });
    }
    expect(problems[0]).toMatchObject({ code: "not_found" });
    expect(problems[1]).toEqual(problems[0]);
    expect(problems[2]).toEqual(problems[0]);
  });
});

describe("POST /invitations/accept", () => {
  it("creates the relationship and delegated admin privileges, once, from the stored invitation", async () => {
    const partner = await signedInPartner("global");
    const customer = await signedInCustomer("global");
    const invitation = await invite("global", partner.cookie);
    const response = await accept("global", customer.cookie, invitation.token);
    expect(response.status).toBe(200);
    expect(AcceptedInvitation.parse(await response.json())).toMatchObject({
      invitationId: invitation.id,
      relationships: [
        {
          partner: { id: partner.partnerId },
          customerId: customer.customerId,
          indirectReseller: null,
          state: "active",
          delegatedAdmin: { state: "active" },
        },
      ],
    });
    expect(await relationshipsOf("global", customer.customerId)).toEqual([
      expect.objectContaining({ partner_id: partner.partnerId, state: "active" }),
    ]);
    expect(await grantsOf("global", customer.customerId)).toEqual([
      { partner_id: partner.partnerId, state: "active" },
    ]);
    expect(await invitationState("global", invitation.id)).toEqual({
      state: "accepted",
      accepted_customer_id: customer.customerId,
    });
    expect(await auditRecords("global", customer.customerId)).toEqual([
      expect.objectContaining({
        action: "invitation.accepted",
        partner_id: partner.partnerId,
        actor_user_id: customer.userId,
      }),
    ]);

    const again = await accept("global", customer.cookie, invitation.token, "fr-FR");
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({
      code: "invitation_used",
      title: "Invitation déjà utilisée",
    });
    expect((await preview("global", invitation.token)).status).toBe(404);
  });

  it("creates the provider's relationship too, naming the reseller, for an indirect invitation", async () => {
    const { reseller, provider } = await indirectPair("germany");
    const customer = await signedInCustomer("germany");
    const invitation = await invite("germany", reseller.cookie, {
      indirectProviderId: provider.partnerId,
    });
    const response = await accept("germany", customer.cookie, invitation.token);
    expect(response.status).toBe(200);
    const body = AcceptedInvitation.parse(await response.json());
    expect(body.relationships.map((r) => [r.partner.id, r.indirectReseller?.id ?? null])).toEqual([
      [reseller.partnerId, null],
      [provider.partnerId, reseller.partnerId],
    ]);
    expect(await relationshipsOf("germany", customer.customerId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partner_id: reseller.partnerId, indirect_reseller_id: null }),
        expect.objectContaining({
          partner_id: provider.partnerId,
          indirect_reseller_id: reseller.partnerId,
        }),
      ]),
    );
    expect(
      (await grantsOf("germany", customer.customerId)).map((g) => g.partner_id).sort(),
    ).toEqual([reseller.partnerId, provider.partnerId].sort());
    // One audit record in each partner's log.
    const audit = await auditRecords("germany", customer.customerId);
    expect(audit.map((r) => r.partner_id).sort()).toEqual(
      [reseller.partnerId, provider.partnerId].sort(),
    );
  });

  it("answers 410 once the invitation has expired (injected clock), creating nothing", async () => {
    const partner = await signedInPartner("global");
    const customer = await signedInCustomer("global");
    const invitation = await invite("global", partner.cookie);
    const justBefore = await callApp(
      appAt(30 * DAY_MS - 60_000),
      "/api/v1/global/invitations/preview",
      { body: { token: invitation.token } },
    );
    expect(justBefore.status).toBe(200);
    const later = appAt(30 * DAY_MS + 1_000);
    // A session of that day: sessions expire by the app's clock too.
    const cookie = await signIn("global", customer.email, DEMO_PASSWORD, later);
    const response = await callApp(later, "/api/v1/global/invitations/accept", {
      cookie,
      body: { token: invitation.token },
    });
    expect(response.status).toBe(410);
    expect((await problemOf(response)).code).toBe("invitation_gone");
    expect(await relationshipsOf("global", customer.customerId)).toEqual([]);
    expect(await invitationState("global", invitation.id)).toMatchObject({ state: "pending" });
  });

  it("refuses partner staff (403), anonymous callers (401) and an injected provider or customer (400)", async () => {
    const partner = await signedInPartner("global");
    const customer = await signedInCustomer("global");
    const stranger = await signedInCustomer("global");
    const invitation = await invite("global", partner.cookie);
    expect((await accept("global", partner.cookie, invitation.token)).status).toBe(403);
    expect(
      (await call("/api/v1/global/invitations/accept", { body: { token: invitation.token } }))
        .status,
    ).toBe(401);
    const tampered = await call("/api/v1/global/invitations/accept", {
      cookie: customer.cookie,
      body: {
        token: invitation.token,
        indirectProviderId: crypto.randomUUID(),
        customerId: stranger.customerId,
      },
    });
    expect(tampered.status).toBe(400);
    expect((await problemOf(tampered)).errors?.map((e) => e.code)).toEqual([
      "unrecognized_key",
      "unrecognized_key",
    ]);
    expect(await invitationState("global", invitation.id)).toMatchObject({ state: "pending" });
    expect(await relationshipsOf("global", stranger.customerId)).toEqual([]);
  });

  it("treats a token from another cloud as unknown (404)", async () => {
    const partner = await signedInPartner("global");
    const invitation = await invite("global", partner.cookie);
    const customer = await signedInCustomer("germany");
    const response = await accept("germany", customer.cookie, invitation.token);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
    expect((await preview("germany", invitation.token)).status).toBe(404);
    expect(await invitationState("global", invitation.id)).toMatchObject({ state: "pending" });
  });

  it("refuses a second relationship with the same partner (409 relationship_exists)", async () => {
    const partner = await signedInPartner("global");
    const customer = await signedInCustomer("global");
    const first = await invite("global", partner.cookie);
    const second = await invite("global", partner.cookie);
    expect((await accept("global", customer.cookie, first.token)).status).toBe(200);
    const response = await accept("global", customer.cookie, second.token);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).code).toBe("relationship_exists");
    expect(await invitationState("global", second.id)).toMatchObject({ state: "pending" });
  });

  it("allows one partner per customer in usgov (409 single_partner_only), several in global", async () => {
    for (const cloud of ["usgov", "global"] as const) {
      const first = await signedInPartner(cloud);
      const second = await signedInPartner(cloud);
      const customer = await signedInCustomer(cloud);
      const a = await invite(cloud, first.cookie);
      const b = await invite(cloud, second.cookie);
      expect((await accept(cloud, customer.cookie, a.token)).status).toBe(200);
      const response = await accept(cloud, customer.cookie, b.token, "en");
      if (cloud === "usgov") {
        expect(response.status).toBe(409);
        expect(await problemOf(response)).toMatchObject({
          code: "single_partner_only",
          detail: expect.stringContaining(
            "Partner Center for Microsoft Cloud for US Government",
          ) as string,
        });
        expect(await relationshipsOf(cloud, customer.customerId)).toHaveLength(1);
      } else {
        expect(response.status).toBe(200);
        expect(await relationshipsOf(cloud, customer.customerId)).toHaveLength(2);
      }
    }
  });

  it("never stores the raw token: no cell of any table contains it after the whole flow", async () => {
    const { reseller, provider } = await indirectPair("global");
    const customer = await signedInCustomer("global");
    const invitation = await invite("global", reseller.cookie, {
      indirectProviderId: provider.partnerId,
    });
    expect((await preview("global", invitation.token)).status).toBe(200);
    expect((await accept("global", customer.cookie, invitation.token)).status).toBe(200);
    expect(await occurrencesInDatabase("global", invitation.token)).toBe(0);
    // The scan does find what is stored (its hash), so a zero means something.
    const { token_hash: hash } =
      (await dbOf("global")
        .prepare("SELECT token_hash FROM invitations WHERE id = ?1")
        .bind(invitation.id)
        .first<{ token_hash: string }>()) ?? {};
    expect(await occurrencesInDatabase("global", hash ?? "missing")).toBe(1);
  });
});
