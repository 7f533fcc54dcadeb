/**
 * Onboarding a partner (SPEC §6, Cloud operator): the operator creates the partner and its first
 * global admin in one batch with its audit record; the admin signs in with the temporary
 * password shown once, must change it, then works. Bad input writes nothing.
 */
import { describe, expect, it } from "vitest";
import { call, problemOf, signIn } from "./helpers.ts";
import { onboard, onboardingBody, operatorSession, rowCount } from "./operator-helpers.ts";

const CLOUD = "usgov";

describe("operator sign-in", () => {
  it("signs the demo operator in as kind operator", async () => {
    const cookie = await signIn("global", "operator@global.example");
    const response = await call("/api/v1/global/session", { cookie });
    expect(response.status).toBe(200);
    const user = await response.json<{ kind: string; roles: string[]; partner?: unknown }>();
    expect(user).toMatchObject({ kind: "operator", roles: [], mustChangePassword: false });
    expect(user.partner).toBeUndefined();
  });
});

describe("onboarding a partner", () => {
  it("creates the partner and an admin who must change the temporary password, then works", async () => {
    const operator = await operatorSession(CLOUD);
    const body = onboardingBody({ type: "indirect_reseller" });
    const response = await call(`/api/v1/${CLOUD}/operator/partners`, {
      cookie: operator.cookie,
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const created = await response.json<{
      partner: { id: string; name: string; type: string; status: string };
      adminAccount: { userPrincipalName: string; temporaryPassword: string };
    }>();
    expect(response.headers.get("Location")).toBe(
      `/api/v1/${CLOUD}/operator/partners/${created.partner.id}`,
    );
    expect(created.partner).toMatchObject({
      name: body.name,
      type: "indirect_reseller",
      status: "active",
    });
    expect(created.adminAccount.userPrincipalName).toBe(body.admin.email);
    expect(created.adminAccount.temporaryPassword).toMatch(/^.{22}$/);

    const cookie = await signIn(CLOUD, body.admin.email, created.adminAccount.temporaryPassword);
    const session = await (
      await call(`/api/v1/${CLOUD}/session`, { cookie })
    ).json<{
      kind: string;
      roles: string[];
      mustChangePassword: boolean;
      partner: { id: string };
    }>();
    expect(session).toMatchObject({
      kind: "partner",
      roles: ["global_admin"],
      mustChangePassword: true,
      partner: { id: created.partner.id },
    });
    const blocked = await call(`/api/v1/${CLOUD}/customers`, { cookie });
    expect(blocked.status).toBe(403);
    expect((await problemOf(blocked)).code).toBe("password_change_required");

    const changed = await call(`/api/v1/${CLOUD}/session/password`, {
      cookie,
      body: {
        currentPassword: created.adminAccount.temporaryPassword,
        newPassword: "Fresh!Partner2026",
      },
    });
    expect(changed.status).toBe(204);
    const renewed = changed.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const works = await call(`/api/v1/${CLOUD}/customers`, { cookie: renewed });
    expect(works.status).toBe(200);
    expect(await works.json()).toEqual({ items: [], nextCursor: null });

    // The partner's own log shows its onboarding, by the operator.
    const log = await call(`/api/v1/${CLOUD}/audit`, { cookie: renewed });
    const records = (await log.json<{ items: { action: string; actor: { id: string } }[] }>())
      .items;
    expect(records.find((r) => r.action === "partner.onboarded")?.actor.id).toBe(operator.userId);
  });

  it("shows the partner with counts only", async () => {
    const operator = await operatorSession(CLOUD);
    const created = await onboard(operator);
    const response = await call(`/api/v1/${CLOUD}/operator/partners/${created.partner.id}`, {
      cookie: operator.cookie,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: created.partner.id,
      counts: { users: 1, customers: 0, relationships: 0, links: 0 },
    });
  });

  it("refuses a taken email domain and a taken admin email with 409, writing nothing", async () => {
    const operator = await operatorSession(CLOUD);
    const first = onboardingBody();
    await onboard(operator, first);
    const partners = await rowCount(CLOUD, "partners");
    const users = await rowCount(CLOUD, "users");
    const audits = await rowCount(CLOUD, "audit_records");

    const sameDomain = {
      ...onboardingBody(),
      emailDomain: first.emailDomain,
      admin: { name: "X", email: `other@${first.emailDomain}` },
    };
    const taken = await call(`/api/v1/${CLOUD}/operator/partners`, {
      cookie: operator.cookie,
      body: sameDomain,
      language: "fr-FR",
    });
    expect(taken.status).toBe(409);
    const problem = await problemOf(taken);
    expect(problem.code).toBe("partner_domain_taken");
    expect(problem.detail).toContain(first.emailDomain);
    expect(problem.title).toBe("Domaine de messagerie déjà utilisé");

    // The demo operator's address is in the cloud already: another partner's admin cannot take it.
    const next = onboardingBody();
    const emailTaken = await call(`/api/v1/${CLOUD}/operator/partners`, {
      cookie: operator.cookie,
      body: { ...next, emailDomain: "ops.example", admin: { name: "Y", email: operator.email } },
    });
    expect(emailTaken.status).toBe(409);
    expect((await problemOf(emailTaken)).code).toBe("email_taken");

    expect(await rowCount(CLOUD, "partners")).toBe(partners);
    expect(await rowCount(CLOUD, "users")).toBe(users);
    expect(await rowCount(CLOUD, "audit_records")).toBe(audits);
  });

  it.each([
    [
      "an admin outside the partner's domain",
      { admin: { name: "A", email: "a@elsewhere.example" } },
      "admin.email",
      "admin_email_domain",
    ],
    ["an unknown type", { type: "distributor" }, "type", "invalid_value"],
    ["a bad domain", { emailDomain: "not a domain" }, "emailDomain", "invalid_format"],
    ["a name that is only a legal form", { name: "LLC" }, "name", "company_name_legal_form"],
    ["an unknown field", { status: "suspended" }, "status", "unrecognized_key"],
  ])("refuses %s with a localized 400, writing nothing", async (_label, change, path, code) => {
    const operator = await operatorSession(CLOUD);
    const partners = await rowCount(CLOUD, "partners");
    const response = await call(`/api/v1/${CLOUD}/operator/partners`, {
      cookie: operator.cookie,
      body: { ...onboardingBody(), ...change },
      language: "ru-RU",
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("validation_failed");
    expect(problem.title).toBe("Некоторые значения недопустимы");
    expect(problem.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, code })]),
    );
    expect(await rowCount(CLOUD, "partners")).toBe(partners);
  });

  it("renames a partner, audited under it", async () => {
    const operator = await operatorSession(CLOUD);
    const created = await onboard(operator);
    const response = await call(`/api/v1/${CLOUD}/operator/partners/${created.partner.id}/name`, {
      method: "PUT",
      cookie: operator.cookie,
      body: { name: "Рога и Копыта Партнер" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: "Рога и Копыта Партнер" });
    const found = await call(
      `/api/v1/${CLOUD}/operator/partners?q=${encodeURIComponent("рога и к")}`,
      { cookie: operator.cookie },
    );
    const items = (await found.json<{ items: { id: string }[] }>()).items;
    expect(items.map((p) => p.id)).toContain(created.partner.id);
    const missing = await call(`/api/v1/${CLOUD}/operator/partners/${crypto.randomUUID()}/name`, {
      method: "PUT",
      cookie: operator.cookie,
      body: { name: "Nobody Partners" },
    });
    expect(missing.status).toBe(404);
  });
});
