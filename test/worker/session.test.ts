import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SessionUser } from "../../src/domain/schemas/session.ts";
import type { CloudId } from "../../src/domain/clouds.ts";
import { cookieSession, SESSION_IDLE_MS, sessionTokenHash } from "../../worker/lib/session.ts";
import {
  audienceOf,
  bearerToken,
  call,
  createPartnerUser,
  dbOf,
  DEMO_PASSWORD,
  linkIdentity,
  problemOf,
  signIn,
} from "./helpers.ts";
import { appAt, callApp } from "./relationships-helpers.ts";

interface AuditRow {
  action: string;
  partner_id: string | null;
  target_type: string;
  target_id: string;
  request_id: string;
  details: string;
}

/** Every audit record `userId` made in `cloud`, oldest first. */
async function auditOf(cloud: CloudId, userId: string): Promise<AuditRow[]> {
  const { results } = await dbOf(cloud)
    .prepare(
      `SELECT action, partner_id, target_type, target_id, request_id, details FROM audit_records
       WHERE actor_user_id = ?1 ORDER BY occurred_at, rowid`,
    )
    .bind(userId)
    .all<AuditRow>();
  return results;
}

describe("POST /session", () => {
  it("signs a demo user in and sets a cloud-scoped HttpOnly Secure SameSite cookie", async () => {
    const response = await call("/api/v1/germany/session", {
      body: { username: "Admin@Contoso.example", password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    const user = SessionUser.parse(await response.json());
    expect(user).toMatchObject({
      email: "admin@contoso.example",
      kind: "partner",
      roles: ["global_admin"],
      partner: { name: "Contoso Partners", type: "direct_reseller" },
      mustChangePassword: false,
    });
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^pp_session=[\w-]+\.[\w-]+;/);
    expect(cookie).toContain("Path=/api/v1/germany/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("signs a customer administrator in with the customer's domain in its cloud", async () => {
    const response = await call("/api/v1/china/session", {
      body: { username: "admin@adatum.partner.onmschina.cn", password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      kind: "customer",
      roles: [],
      customer: { companyName: "Adatum Corporation", domain: "adatum.partner.onmschina.cn" },
    });
  });

  it("answers a wrong password and an unknown user with the same localized 401", async () => {
    const { email } = await createPartnerUser("global");
    const wrong = await call("/api/v1/global/session", {
      body: { username: email, password: "not-the-password" },
      language: "fr-FR,fr;q=0.9",
    });
    const unknown = await call("/api/v1/global/session", {
      body: { username: "nobody@nowhere.example", password: "not-the-password" },
      language: "fr-FR",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await problemOf(wrong), await problemOf(unknown)];
    expect(a.title).toBe("Échec de la connexion");
    expect(a.code).toBe("invalid_credentials");
    expect({ ...a, requestId: "" }).toEqual({ ...b, requestId: "" });
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
  });

  it("answers 429 after repeated attempts for one user name", async () => {
    const { email } = await createPartnerUser("usgov");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await call("/api/v1/usgov/session", {
        body: { username: email, password: `guess-${i}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses).toContain(429);
    const limited = await call("/api/v1/usgov/session", {
      body: { username: email, password: DEMO_PASSWORD },
      language: "ru",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect((await problemOf(limited)).title).toBe("Слишком много попыток");
  });

  it("rejects unknown fields and missing values with per-field errors", async () => {
    const response = await call("/api/v1/global/session", {
      body: { username: "", password: "x", remember: true },
      language: "ru-RU",
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "username", code: "required", message: "Это поле обязательно." },
        { path: "remember", code: "unrecognized_key", message: "Это поле здесь не принимается." },
      ]),
    );
  });
});

describe("GET and DELETE /session", () => {
  it("returns the signed-in user, and 401 without a session", async () => {
    const { email } = await createPartnerUser("global", { roles: ["sales_agent"] });
    const cookie = await signIn("global", email);
    const response = await call("/api/v1/global/session", { cookie });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email, roles: ["sales_agent"] });
    const anonymous = await call("/api/v1/global/session");
    expect(anonymous.status).toBe(401);
    expect((await problemOf(anonymous)).code).toBe("unauthorized");
  });

  it("refuses a session from another cloud, a tampered description and a made-up token", async () => {
    const { email } = await createPartnerUser("global", { roles: ["helpdesk_agent"] });
    const cookie = await signIn("global", email);
    expect((await call("/api/v1/usgov/session", { cookie })).status).toBe(401);
    const [name, value = ""] = cookie.split("=");
    const [token = "", description = ""] = value.split(".");
    const claims = JSON.parse(
      atob(description.replaceAll("-", "+").replaceAll("_", "/")),
    ) as Record<string, unknown>;
    const encode = (v: unknown) =>
      btoa(JSON.stringify(v)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    for (const forged of [
      { ...claims, r: ["global_admin"] },
      { ...claims, p: crypto.randomUUID() },
      { ...claims, u: crypto.randomUUID() },
    ]) {
      const response = await call("/api/v1/global/customers", {
        cookie: `${name}=${token}.${encode(forged)}`,
      });
      expect(response.status).toBe(401);
    }
    const madeUp = `${name}=${"A".repeat(43)}.${description}`;
    expect((await call("/api/v1/global/session", { cookie: madeUp })).status).toBe(401);
    expect((await call("/api/v1/global/session", { cookie: `${value}x` })).status).toBe(401);
  });

  it("remembers a cookie's principal per isolate yet checks its session on every request", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email);
    const value = cookie.slice(cookie.indexOf("=") + 1);
    const first = await cookieSession(value);
    expect(first?.sessionHash).toBe(await sessionTokenHash(value.split(".")[0] ?? ""));
    expect(await cookieSession(value)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(await cookieSession(`${value}x`)).toBeUndefined();
    expect(await cookieSession("")).toBeUndefined();

    expect((await call("/api/v1/global/session", { cookie })).status).toBe(200);
    expect((await call("/api/v1/global/session", { method: "DELETE", cookie })).status).toBe(204);
    // The isolate still remembers the value; the session behind it is gone.
    expect(await cookieSession(value)).toBe(first);
    expect((await call("/api/v1/global/session", { cookie })).status).toBe(401);
    expect((await call("/api/v1/global/customers", { cookie })).status).toBe(401);
  });

  it("ends a session after eight idle hours by the app's clock (injected)", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email);
    const at = (offsetMs: number) => callApp(appAt(offsetMs), "/api/v1/global/session", { cookie });
    expect((await at(SESSION_IDLE_MS - 60_000)).status).toBe(200);
    const expired = await at(2 * SESSION_IDLE_MS);
    expect(expired.status).toBe(401);
    expect((await problemOf(expired)).code).toBe("unauthorized");
  });

  it("signs out with 204 and a cookie that expires at once", async () => {
    const response = await call("/api/v1/global/session", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Set-Cookie")).toMatch(/pp_session=;.*Max-Age=0/);
  });
});

describe("the audit trail of sessions", () => {
  it("records each sign-in and sign-out under the user's partner, with the request id, and no failed attempt", async () => {
    const { email, userId, partnerId } = await createPartnerUser("usgov");
    const refused = await call("/api/v1/usgov/session", {
      body: { username: email, password: "Not-The-Password1" },
    });
    expect(refused.status).toBe(401);
    expect(await auditOf("usgov", userId)).toEqual([]);

    const signedIn = await call("/api/v1/usgov/session", {
      body: { username: email, password: DEMO_PASSWORD },
    });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const signedOut = await call("/api/v1/usgov/session", { method: "DELETE", cookie });
    expect(signedOut.status).toBe(204);
    // Signing out of the ended session again still answers 204 and clears the cookie, but ends
    // nothing, so it records nothing.
    const again = await call("/api/v1/usgov/session", { method: "DELETE", cookie });
    expect(again.status).toBe(204);
    expect(again.headers.get("Set-Cookie")).toMatch(/pp_session=;.*Max-Age=0/);

    const everywhere = await signIn("usgov", email);
    await signIn("usgov", email);
    const all = await call("/api/v1/usgov/session?scope=all", {
      method: "DELETE",
      cookie: everywhere,
    });
    expect(all.status).toBe(204);

    const audit = await auditOf("usgov", userId);
    expect(audit.map((record) => record.action)).toEqual([
      "session.signed_in",
      "session.signed_out",
      "session.signed_in",
      "session.signed_in",
      "session.signed_out_everywhere",
    ]);
    for (const record of audit) {
      expect(record).toMatchObject({
        partner_id: partnerId,
        target_type: "user",
        target_id: userId,
      });
    }
    expect(audit[0]?.request_id).toBe(signedIn.headers.get("X-Request-Id"));
    expect(audit[1]?.request_id).toBe(signedOut.headers.get("X-Request-Id"));
    // The session token and its hash stay out of the trail.
    const token = cookie.split("=")[1]?.split(".")[0] ?? "";
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(await sessionTokenHash(token));
  });

  it("files a customer administrator's sign-in under no partner", async () => {
    const response = await call("/api/v1/china/session", {
      body: { username: "admin@adatum.partner.onmschina.cn", password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("X-Request-Id");
    const record = await dbOf("china")
      .prepare("SELECT action, partner_id FROM audit_records WHERE request_id = ?1")
      .bind(requestId)
      .first();
    expect(record).toEqual({ action: "session.signed_in", partner_id: null });
  });
});

describe("POST /session/password", () => {
  it("forces a user with a temporary password to change it, then lets them in", async () => {
    const { email, userId } = await createPartnerUser("germany", { mustChangePassword: true });
    const cookie = await signIn("germany", email);
    const me = await call("/api/v1/germany/session", { cookie });
    expect(await me.json()).toMatchObject({ mustChangePassword: true });

    const weak = await call("/api/v1/germany/session/password", {
      cookie,
      body: { currentPassword: DEMO_PASSWORD, newPassword: "short" },
      language: "fr",
    });
    expect(weak.status).toBe(400);
    expect((await problemOf(weak)).errors?.[0]).toMatchObject({
      path: "newPassword",
      code: "too_short",
    });

    const wrongCurrent = await call("/api/v1/germany/session/password", {
      cookie,
      body: { currentPassword: "Wrong!Password1", newPassword: "Brand-New-Pass1" },
    });
    expect(wrongCurrent.status).toBe(400);
    expect((await problemOf(wrongCurrent)).code).toBe("wrong_password");

    const changed = await call("/api/v1/germany/session/password", {
      cookie,
      body: { currentPassword: DEMO_PASSWORD, newPassword: "Brand-New-Pass1" },
    });
    expect(changed.status).toBe(204);
    const renewed = (changed.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(await (await call("/api/v1/germany/session", { cookie: renewed })).json()).toMatchObject(
      {
        mustChangePassword: false,
      },
    );
    expect(
      (
        await call("/api/v1/germany/session", {
          body: { username: email, password: DEMO_PASSWORD },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call("/api/v1/germany/session", {
          body: { username: email, password: "Brand-New-Pass1" },
        })
      ).status,
    ).toBe(200);

    // The refused sign-in with the old password left no record.
    const audit = await auditOf("germany", userId);
    expect(audit.map((record) => record.action)).toEqual([
      "session.signed_in",
      "user.password_changed",
      "session.signed_in",
    ]);
    expect(audit[1]).toMatchObject({ target_id: userId });
    expect(JSON.stringify(audit)).not.toContain("Brand-New-Pass1");
  });

  it("answers 401 without a session", async () => {
    const response = await call("/api/v1/global/session/password", {
      body: { currentPassword: "a", newPassword: "Brand-New-Pass1" },
    });
    expect(response.status).toBe(401);
  });
});

describe("bearer JWT from the cloud's identity provider", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("accepts a valid token for an identity mapped to a user of this cloud's directory", async () => {
    const { email, userId } = await createPartnerUser("global", { roles: ["admin_agent"] });
    const sub = crypto.randomUUID();
    await linkIdentity("global", sub, userId);
    const token = await bearerToken({
      iss: env.JWT_ISSUER,
      aud: audienceOf("global"),
      sub,
      exp: now() + 300,
    });
    const response = await call("/api/v1/global/session", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email, roles: ["admin_agent"] });
  });

  it("refuses a wrong issuer, an expired token and an identity unknown in this cloud", async () => {
    const { userId } = await createPartnerUser("global");
    const sub = crypto.randomUUID();
    await linkIdentity("global", sub, userId);
    const tokens = [
      await bearerToken({
        iss: "https://evil.test/",
        aud: audienceOf("global"),
        sub,
        exp: now() + 300,
      }),
      await bearerToken({ iss: env.JWT_ISSUER, aud: audienceOf("global"), sub, exp: now() - 120 }),
    ];
    for (const token of tokens) {
      const response = await call("/api/v1/global/session", {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
    }
    const elsewhere = await bearerToken({
      iss: env.JWT_ISSUER,
      aud: audienceOf("china"),
      sub,
      exp: now() + 300,
    });
    expect(
      (await call("/api/v1/china/session", { headers: { Authorization: `Bearer ${elsewhere}` } }))
        .status,
    ).toBe(401);
  });
});
