import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SessionUser } from "../../src/domain/schemas/session.ts";
import { SESSION_TTL_SECONDS } from "../../worker/lib/auth.ts";
import { call, createPartnerUser, dbOf, DEMO_PASSWORD, problemOf, signIn } from "./helpers.ts";
import { appAt, callApp } from "./relationships-helpers.ts";

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

  it("refuses a session from another cloud, a tampered token and an expired one", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email);
    expect((await call("/api/v1/usgov/session", { cookie })).status).toBe(401);
    const [name, token = ""] = cookie.split("=");
    const [body = "", mac = ""] = token.split(".");
    const claims = JSON.parse(atob(body.replaceAll("-", "+").replaceAll("_", "/")));
    const forged = btoa(JSON.stringify({ ...claims, cloud: "usgov" }))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    expect(
      (await call("/api/v1/usgov/session", { cookie: `${name}=${forged}.${mac}` })).status,
    ).toBe(401);
    expect((await call("/api/v1/global/session", { cookie: `${name}=${token}x` })).status).toBe(
      401,
    );
  });

  it("ends a session after eight hours by the app's clock (injected)", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email);
    const at = (offsetMs: number) => callApp(appAt(offsetMs), "/api/v1/global/session", { cookie });
    expect((await at(SESSION_TTL_SECONDS * 1000 - 60_000)).status).toBe(200);
    const expired = await at(SESSION_TTL_SECONDS * 1000 + 1_000);
    expect(expired.status).toBe(401);
    expect((await problemOf(expired)).code).toBe("unauthorized");
  });

  it("signs out with 204 and a cookie that expires at once", async () => {
    const response = await call("/api/v1/global/session", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Set-Cookie")).toMatch(/pp_session=;.*Max-Age=0/);
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

    const audit = await dbOf("germany")
      .prepare(
        "SELECT action, target_id, request_id, details FROM audit_records WHERE actor_user_id = ?1",
      )
      .bind(userId)
      .all<{ action: string; target_id: string; request_id: string; details: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]).toMatchObject({ action: "user.password_changed", target_id: userId });
    expect(audit.results[0]?.details).not.toContain("Brand-New-Pass1");
  });

  it("answers 401 without a session", async () => {
    const response = await call("/api/v1/global/session/password", {
      body: { currentPassword: "a", newPassword: "Brand-New-Pass1" },
    });
    expect(response.status).toBe(401);
  });
});

describe("bearer JWT from the cloud's identity provider", () => {
  async function bearer(claims: Record<string, unknown>): Promise<string> {
    const jwk = JSON.parse(env.TEST_JWT_PRIVATE_JWK) as JsonWebKey;
    const key = await crypto.subtle.importKey(
      "jwk",
      jwk,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const encode = (value: unknown) =>
      btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const input = `${encode({ alg: "RS256", typ: "JWT", kid: "test-key" })}.${encode(claims)}`;
    const signature = new Uint8Array(
      await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(input)),
    );
    return `${input}.${btoa(String.fromCharCode(...signature))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "")}`;
  }
  const now = () => Math.floor(Date.now() / 1000);

  it("accepts a valid token for a user of this cloud's directory", async () => {
    const { email } = await createPartnerUser("global", { roles: ["admin_agent"] });
    const token = await bearer({
      iss: env.JWT_ISSUER,
      aud: env.JWT_AUDIENCE,
      email,
      exp: now() + 300,
    });
    const response = await call("/api/v1/global/session", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email, roles: ["admin_agent"] });
  });

  it("refuses a wrong issuer, an expired token and a user unknown in this cloud", async () => {
    const { email } = await createPartnerUser("global");
    const tokens = [
      await bearer({ iss: "https://evil.test/", aud: env.JWT_AUDIENCE, email, exp: now() + 300 }),
      await bearer({ iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, email, exp: now() - 10 }),
    ];
    for (const token of tokens) {
      const response = await call("/api/v1/global/session", {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
    }
    const elsewhere = await bearer({
      iss: env.JWT_ISSUER,
      aud: env.JWT_AUDIENCE,
      email,
      exp: now() + 300,
    });
    expect(
      (await call("/api/v1/china/session", { headers: { Authorization: `Bearer ${elsewhere}` } }))
        .status,
    ).toBe(401);
  });
});
