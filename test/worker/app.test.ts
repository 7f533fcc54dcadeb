import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import { SECURITY_HEADERS } from "../../src/domain/security-headers.ts";
import { call, fetchApp, fetchWorker, ORIGIN, problemOf } from "./helpers.ts";

function expectSecurityHeaders(response: Response) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(response.headers.get(name), name).toBe(value);
  }
  expect(
    Number(/max-age=(\d+)/.exec(response.headers.get("Strict-Transport-Security") ?? "")?.[1]),
  ).toBeGreaterThanOrEqual(31_536_000);
  expect(response.headers.get("Content-Security-Policy")).not.toContain("unsafe-inline");
}

describe("meta", () => {
  it("reports health with the clouds this deployment holds", async () => {
    const response = await call("/api/v1/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      clouds: ["global", "usgov", "germany", "china"],
    });
    expectSecurityHeaders(response);
    expect(response.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const document = (await (await call("/api/v1/openapi.json")).json<unknown>()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties: object } }> } }
        >
      >;
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/{cloud}/session",
        "/api/v1/{cloud}/session/password",
        "/api/v1/health",
      ]),
    );
    const signIn =
      document.paths["/api/v1/{cloud}/session"]?.["post"]?.requestBody?.content["application/json"]
        ?.schema;
    expect(Object.keys(signIn?.properties ?? {})).toEqual(["username", "password"]);
  });
});

describe("errors", () => {
  it("answers an unknown cloud with a 404 problem", async () => {
    const response = await call("/api/v1/mars/session", { language: "fr-FR" });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      code: "not_found",
      title: "Introuvable",
      status: 404,
    });
    expectSecurityHeaders(response);
  });

  it("answers an unknown API path with a 404 problem", async () => {
    const response = await call("/api/v1/global/nothing-here");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
  });

  it("answers malformed JSON with 400, other media types with 415, big bodies with 413", async () => {
    const malformed = await fetchWorker(`${ORIGIN}/api/v1/global/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": "ru" },
      body: "{ not json",
    });
    expect(malformed.status).toBe(400);
    expect(await problemOf(malformed)).toMatchObject({
      code: "bad_request",
      title: "Не удалось прочитать запрос",
    });

    const form = await fetchWorker(`${ORIGIN}/api/v1/global/session`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "username=a&password=b",
    });
    expect(form.status).toBe(415);
    expect((await problemOf(form)).code).toBe("unsupported_media_type");

    const big = await call("/api/v1/global/session", {
      body: { username: "a", password: "x".repeat(70_000) },
    });
    expect(big.status).toBe(413);
    expect((await problemOf(big)).code).toBe("payload_too_large");
  });

  it("refuses cross-site writes (CSRF)", async () => {
    for (const headers of [
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example" },
    ]) {
      const response = await call("/api/v1/global/session", {
        body: { username: "admin@contoso.example", password: "x" },
        headers,
      });
      expect(response.status).toBe(403);
      expect((await problemOf(response)).code).toBe("csrf_rejected");
    }
  });

  it("hides internal errors behind a localized 500 with the request id", async () => {
    const app = createApp();
    app.get("/boom", () => {
      throw new Error("secret internal detail");
    });
    const response = await fetchApp(
      app,
      new Request(`${ORIGIN}/boom`, { headers: { "Accept-Language": "fr" } }),
      env,
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret internal detail");
    expect(JSON.parse(text)).toMatchObject({
      code: "internal",
      title: "Une erreur s’est produite",
    });
    expectSecurityHeaders(response);
  });
});

describe("/ redirect", () => {
  it("uses the remembered choice first, then Accept-Language, then global/en", async () => {
    const remembered = await fetchWorker(`${ORIGIN}/`, {
      headers: { Cookie: "pp_choice=germany/fr-fr", "Accept-Language": "ru" },
      redirect: "manual",
    });
    expect(remembered.status).toBe(302);
    expect(remembered.headers.get("Location")).toBe("/germany/fr-fr/");
    expectSecurityHeaders(remembered);

    const byLanguage = await fetchWorker(`${ORIGIN}/`, {
      headers: { "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5" },
      redirect: "manual",
    });
    expect(byLanguage.headers.get("Location")).toBe("/global/ru-ru/");

    const fallback = await fetchWorker(`${ORIGIN}/`, {
      headers: { "Accept-Language": "de-DE" },
      redirect: "manual",
    });
    expect(fallback.headers.get("Location")).toBe("/global/en/");
  });
});

describe("one-cloud deployments", () => {
  it("do not serve another cloud's pages: its host when configured, else a localized 404", async () => {
    const app = createApp();
    const usgovOnly = { ...env, PORTAL_CLOUDS: "usgov" as const, DB_GLOBAL: undefined };
    const own = await fetchApp(app, new Request(`${ORIGIN}/usgov/fr-fr/`), usgovOnly);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('<html lang="fr-FR"');
    const other = await fetchApp(app, new Request(`${ORIGIN}/global/fr-fr/`), usgovOnly);
    expect(other.status).toBe(404);
    const page = await other.text();
    expect(page).toContain('<html lang="fr-FR"');
    expect(page).not.toContain("Espace partenaires</h1>");
    expectSecurityHeaders(other);
    const withHosts = {
      ...usgovOnly,
      PORTAL_CLOUD_HOSTS: JSON.stringify({ global: "partner.example.com" }),
    };
    const redirected = await fetchApp(
      app,
      new Request(`${ORIGIN}/global/fr-fr/customers/`),
      withHosts,
    );
    expect(redirected.status).toBe(308);
    expect(redirected.headers.get("Location")).toBe(
      "https://partner.example.com/global/fr-fr/customers/",
    );
  });

  it("hold only their cloud: another cloud is a 404, or a redirect to its host when configured", async () => {
    const app = createApp();
    const usgovOnly = { ...env, PORTAL_CLOUDS: "usgov" as const, DB_GLOBAL: undefined };
    const health = await fetchApp(app, new Request(`${ORIGIN}/api/v1/health`), usgovOnly);
    expect(await health.json()).toEqual({ status: "ok", clouds: ["usgov"] });
    const other = await fetchApp(app, new Request(`${ORIGIN}/api/v1/global/session`), usgovOnly);
    expect(other.status).toBe(404);
    const withHosts = {
      ...usgovOnly,
      PORTAL_CLOUD_HOSTS: JSON.stringify({ global: "partner.example.com" }),
    };
    const redirected = await fetchApp(
      app,
      new Request(`${ORIGIN}/api/v1/global/session?x=1`),
      withHosts,
    );
    expect(redirected.status).toBe(308);
    expect(redirected.headers.get("Location")).toBe(
      "https://partner.example.com/api/v1/global/session?x=1",
    );
    const own = await fetchApp(
      app,
      new Request(`${ORIGIN}/api/v1/usgov/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "admin@contoso.example", password: "Portal!Demo2026" }),
      }),
      usgovOnly,
    );
    expect(own.status).toBe(200);
  });
});

describe("/api/", () => {
  it("points to the OpenAPI document", async () => {
    const response = await fetchWorker(`${ORIGIN}/api/`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/api/v1/openapi.json");
  });
});
