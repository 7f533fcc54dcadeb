import { describe, expect, it } from "vitest";
import { CreatedInvitation, InvitationList } from "../../src/domain/schemas/invitation.ts";
import { createApp } from "../../worker/app.ts";
import { call, createPartnerUser, dbOf, DEMO_PASSWORD, problemOf, signIn } from "./helpers.ts";
import {
  appAt,
  auditRecords,
  callApp,
  DAY_MS,
  indirectPair,
  invite,
  preview,
  signedInCustomer,
  signedInPartner,
} from "./relationships-helpers.ts";

describe("POST /invitations", () => {
  it("creates an invitation: 256-bit token in the link's fragment, stored only as a hash", async () => {
    const partner = await signedInPartner("global", { roles: ["sales_agent"] });
    const response = await call("/api/v1/global/invitations", {
      cookie: partner.cookie,
      body: { locale: "en" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const invitation = CreatedInvitation.parse(await response.json());
    const match = /^https:\/\/portal\.test\/global\/en\/invitations\/accept\/#([\w-]+)$/.exec(
      invitation.url,
    );
    const token = match?.[1] ?? "";
    // 43 base64url characters = 258 bits of text for 256 random bits.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitation.email.subject).toBe(
      `Partner ${partner.partnerId.slice(0, 8)} invites you to a reseller relationship`,
    );
    expect(invitation.email.body).toContain(invitation.url);
    const days = (Date.parse(invitation.expiresAt) - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const stored = await dbOf("global")
      .prepare("SELECT token_hash, state, locale, partner_id FROM invitations WHERE id = ?1")
      .bind(invitation.id)
      .first<{ token_hash: string; state: string; locale: string; partner_id: string }>();
    expect(stored).toMatchObject({ state: "pending", locale: "en", partner_id: partner.partnerId });
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.token_hash).not.toContain(token);

    const audit = await auditRecords("global", invitation.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: "invitation.created",
        partner_id: partner.partnerId,
        actor_user_id: partner.userId,
        target_type: "invitation",
      }),
    ]);
    expect(audit[0]?.details).not.toContain(token);
  });

  it("drafts the email in the invitation's locale, naming the partner and its provider", async () => {
    const { reseller, provider } = await indirectPair("germany");
    const tag = (id: string) => id.slice(0, 8);
    const french = await invite("germany", reseller.cookie, {
      locale: "fr-FR",
      indirectProviderId: provider.partnerId,
    });
    expect(french.url).toContain("/germany/fr-fr/invitations/accept/#");
    expect(french.email.subject).toBe(
      `Partner ${tag(reseller.partnerId)} et Partner ${tag(provider.partnerId)} vous invitent à établir une relation de revendeur`,
    );
    expect(french.email.body).toContain("fournisseur indirect");
    expect(french.email.body).toContain("dans l’Espace partenaires pour Microsoft Cloud Germany");
    expect(french.email.body).toContain(french.url);
    // The expiry as a French date, e.g. "14 mars 2027 à 09:00".
    expect(french.email.body).toMatch(/expire le \d{1,2} \p{L}+ \d{4}/u);

    const russian = await invite("germany", reseller.cookie, { locale: "ru-RU" });
    expect(russian.url).toContain("/germany/ru-ru/invitations/accept/#");
    expect(russian.email.subject).toBe(
      `Приглашение от Partner ${tag(reseller.partnerId)}: отношения торгового посредника`,
    );
    expect(russian.email.body).toContain(russian.url);
    expect(russian.email.body).not.toContain(tag(provider.partnerId));
  });

  it("expires after INVITATION_TTL_DAYS when configured, measured from the app's clock", async () => {
    const partner = await signedInPartner("global");
    const fixed = Date.parse("2026-06-01T12:00:00.000Z");
    const response = await callApp(
      createApp({ now: () => fixed }),
      "/api/v1/global/invitations",
      { cookie: partner.cookie, body: { locale: "en" } },
      { INVITATION_TTL_DAYS: "7" },
    );
    expect(response.status).toBe(201);
    expect(((await response.json<unknown>()) as { expiresAt: string }).expiresAt).toBe(
      "2026-06-08T12:00:00.000Z",
    );
  });

  it("refuses an indirect provider the reseller is not linked to (400), storing nothing", async () => {
    const { reseller } = await indirectPair("global");
    const stranger = await createPartnerUser("global", { type: "indirect_provider" });
    const direct = await signedInPartner("global");
    for (const [cookie, providerId] of [
      [reseller.cookie, stranger.partnerId],
      [reseller.cookie, crypto.randomUUID()],
      [direct.cookie, stranger.partnerId],
    ] as const) {
      const response = await call("/api/v1/global/invitations", {
        cookie,
        body: { locale: "en", indirectProviderId: providerId },
        language: "fr-FR",
      });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({
        code: "provider_not_linked",
        title: "Fournisseur indirect non associé",
      });
      expect(problem.errors).toEqual([
        expect.objectContaining({ path: "indirectProviderId", code: "provider_not_linked" }),
      ]);
    }
    const stored = await dbOf("global")
      .prepare("SELECT COUNT(*) AS n FROM invitations WHERE partner_id IN (?1, ?2)")
      .bind(reseller.partnerId, direct.partnerId)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("validates the body: locale required and known, no unknown fields", async () => {
    const partner = await signedInPartner("global");
    const response = await call("/api/v1/global/invitations", {
      cookie: partner.cookie,
      body: { locale: "de-DE", partnerId: "someone-else" },
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "locale", code: "invalid_value" }),
        expect.objectContaining({ path: "partnerId", code: "unrecognized_key" }),
      ]),
    );
  });

  it("answers 401 without a session and 403 to a helpdesk agent or a customer admin", async () => {
    const anonymous = await call("/api/v1/global/invitations", { body: { locale: "en" } });
    expect(anonymous.status).toBe(401);
    const helpdesk = await signedInPartner("global", { roles: ["helpdesk_agent"] });
    const customer = await signedInCustomer("global");
    for (const cookie of [helpdesk.cookie, customer.cookie]) {
      const response = await call("/api/v1/global/invitations", { cookie, body: { locale: "en" } });
      expect(response.status).toBe(403);
      expect((await problemOf(response)).code).toBe("forbidden");
    }
  });
});

describe("GET /invitations", () => {
  it("lists the partner's own invitations newest first, by state, in signed pages", async () => {
    const partner = await signedInPartner("usgov");
    const other = await signedInPartner("usgov");
    // Made a second apart (injected clock), so "newest first" is one order.
    const created: { id: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await callApp(appAt(i * 1_000), "/api/v1/usgov/invitations", {
        cookie: partner.cookie,
        body: { locale: "en" },
      });
      created.push((await response.json<unknown>()) as { id: string });
    }
    await invite("usgov", other.cookie);
    const revoked = created[0];
    expect(
      (
        await call(`/api/v1/usgov/invitations/${revoked?.id}`, {
          method: "DELETE",
          cookie: partner.cookie,
        })
      ).status,
    ).toBe(204);

    const first = InvitationList.parse(
      await (await call("/api/v1/usgov/invitations?limit=2", { cookie: partner.cookie })).json(),
    );
    expect(first.items.map((i) => i.id)).toEqual([created[2]?.id, created[1]?.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = InvitationList.parse(
      await (
        await call(`/api/v1/usgov/invitations?limit=2&cursor=${first.nextCursor}`, {
          cookie: partner.cookie,
        })
      ).json(),
    );
    expect(second).toEqual({
      items: [
        {
          id: revoked?.id,
          state: "revoked",
          locale: "en",
          indirectProvider: null,
          createdAt: expect.any(String) as string,
          expiresAt: expect.any(String) as string,
          acceptedAt: null,
          acceptedCustomer: null,
          revokedAt: expect.any(String) as string,
        },
      ],
      nextCursor: null,
    });

    const pending = InvitationList.parse(
      await (
        await call("/api/v1/usgov/invitations?state=pending", { cookie: partner.cookie })
      ).json(),
    );
    expect(pending.items.map((i) => i.state)).toEqual(["pending", "pending"]);

    // A cursor is bound to its partner and filter: elsewhere it is a 400, never data.
    const stolen = await call(`/api/v1/usgov/invitations?limit=2&cursor=${first.nextCursor}`, {
      cookie: other.cookie,
    });
    expect(stolen.status).toBe(400);
    expect((await problemOf(stolen)).code).toBe("invalid_cursor");
    const refiltered = await call(
      `/api/v1/usgov/invitations?state=revoked&cursor=${first.nextCursor}`,
      { cookie: partner.cookie },
    );
    expect(refiltered.status).toBe(400);
  });

  it("computes `expired` honestly from the expiry and the clock", async () => {
    const partner = await signedInPartner("global");
    const invitation = await invite("global", partner.cookie);
    const later = appAt(31 * DAY_MS);
    // A session of that day: sessions expire by the app's clock too.
    const cookie = await signIn("global", partner.email, DEMO_PASSWORD, later);
    const expired = InvitationList.parse(
      await (await callApp(later, "/api/v1/global/invitations?state=expired", { cookie })).json(),
    );
    expect(expired.items).toEqual([
      expect.objectContaining({ id: invitation.id, state: "expired" }),
    ]);
    const pending = InvitationList.parse(
      await (await callApp(later, "/api/v1/global/invitations?state=pending", { cookie })).json(),
    );
    expect(pending.items).toEqual([]);
    const now = InvitationList.parse(
      await (
        await call("/api/v1/global/invitations", {
          // Signing in a month later cleared the month-old session: sign in again, today.
          cookie: await signIn("global", partner.email),
        })
      ).json(),
    );
    expect(now.items).toEqual([expect.objectContaining({ id: invitation.id, state: "pending" })]);
  });

  it("rejects an unknown state and answers 403 to a customer admin", async () => {
    const partner = await signedInPartner("global");
    const bad = await call("/api/v1/global/invitations?state=lost", { cookie: partner.cookie });
    expect(bad.status).toBe(400);
    const customer = await signedInCustomer("global");
    expect((await call("/api/v1/global/invitations", { cookie: customer.cookie })).status).toBe(
      403,
    );
  });
});

describe("DELETE /invitations/{id}", () => {
  it("revokes a pending invitation: its token then previews as unknown and is gone for accept", async () => {
    const partner = await signedInPartner("global", { roles: ["admin_agent"] });
    const invitation = await invite("global", partner.cookie);
    const revoke = () =>
      call(`/api/v1/global/invitations/${invitation.id}`, {
        method: "DELETE",
        cookie: partner.cookie,
      });
    expect((await revoke()).status).toBe(204);
    // Revoking again changes nothing and writes no second record.
    expect((await revoke()).status).toBe(204);
    expect((await auditRecords("global", invitation.id)).map((r) => r.action)).toEqual([
      "invitation.created",
      "invitation.revoked",
    ]);
    expect((await preview("global", invitation.token)).status).toBe(404);
    const customer = await signedInCustomer("global");
    const accepted = await call("/api/v1/global/invitations/accept", {
      cookie: customer.cookie,
      body: { token: invitation.token },
      language: "ru-RU",
    });
    expect(accepted.status).toBe(410);
    expect(await problemOf(accepted)).toMatchObject({
      code: "invitation_gone",
      title: "Приглашение больше не действует",
    });
  });

  it("answers 404 for another partner's invitation and leaves it pending", async () => {
    const owner = await signedInPartner("global");
    const other = await signedInPartner("global");
    const invitation = await invite("global", owner.cookie);
    const response = await call(`/api/v1/global/invitations/${invitation.id}`, {
      method: "DELETE",
      cookie: other.cookie,
    });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
    expect((await preview("global", invitation.token)).status).toBe(200);
  });

  it("answers 403 to a helpdesk agent", async () => {
    const user = await createPartnerUser("global", { roles: ["helpdesk_agent"] });
    const cookie = await signIn("global", user.email);
    const response = await call(`/api/v1/global/invitations/${crypto.randomUUID()}`, {
      method: "DELETE",
      cookie,
    });
    expect(response.status).toBe(403);
  });
});
