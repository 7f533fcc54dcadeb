import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOUDS, CLOUD_IDS } from "../../src/domain/clouds.ts";
import { LOCALES, LOCALE_IDS } from "../../src/domain/locales.ts";
import { SECURITY_HEADERS } from "../../src/domain/security-headers.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";
import { baseURL, launch, newContext, submitSignIn } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("home pages", () => {
  it("serve all 12 cloud × language homes with the right lang, name and security headers", async () => {
    for (const cloud of CLOUD_IDS) {
      for (const locale of LOCALE_IDS) {
        const response = await fetch(`${baseURL()}/${cloud}/${LOCALES[locale].segment}/`);
        expect(response.status, `${cloud}/${locale}`).toBe(200);
        const html = await response.text();
        expect(html).toContain(`<html lang="${LOCALES[locale].lang}"`);
        expect(html).toContain(CLOUDS[cloud].names[locale].replaceAll("'", "&#39;"));
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
          expect(response.headers.get(name), `${cloud}/${locale} ${name}`).toBe(value);
        }
      }
    }
  });

  it("sends the security headers on every kind of response", async () => {
    const home = await (await fetch(`${baseURL()}/global/en/`)).text();
    const assets = [...home.matchAll(/(?:src|href)="(\/_astro\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a?.endsWith(".js"))).toBe(true);
    expect(assets.some((a) => a?.endsWith(".css"))).toBe(true);
    const paths = [
      "/",
      "/global/en/",
      "/germany/fr-fr/no-such-page/",
      "/favicon.png",
      "/api/v1/health",
      "/api/v1/mars/session",
      "/api/v1/global/session",
      ...assets,
    ];
    for (const path of paths) {
      const response = await fetch(`${baseURL()}${path}`, { redirect: "manual" });
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(response.headers.get(name), `${path} ${name}`).toBe(value);
      }
    }
  });

  it("answers an unknown page with the localized 404 page", async () => {
    const response = await fetch(`${baseURL()}/germany/fr-fr/no-such-page/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<html lang="fr-FR"');
  });
});

describe("language and cloud", () => {
  it("sends a Russian reader from / to /global/ru-ru/", async () => {
    const context = await newContext(browser, "ru-RU");
    const page = await context.newPage();
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/global/ru-ru/");
    expect(await page.getAttribute("html", "lang")).toBe("ru-RU");
    await context.close();
  });

  it("keeps the reader on the same page when switching language, then cloud, and remembers it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/germany/en/sign-in/");
    await page.getByTestId("language-switcher").locator('a[hreflang="fr-FR"]').click();
    await page.waitForURL("**/germany/fr-fr/sign-in/");
    expect(await page.getAttribute("html", "lang")).toBe("fr-FR");
    await page.getByTestId("cloud-switcher").locator('a[href^="/usgov/"]').click();
    await page.waitForURL("**/usgov/fr-fr/sign-in/");
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/usgov/fr-fr/");
    await context.close();
  });
});

describe("sign-in", () => {
  it.each(CLOUD_IDS)(
    "signs admin@contoso.example in on %s and shows the name in the header",
    async (cloud) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`/${cloud}/en/sign-in/`);
      await submitSignIn(page, "admin@contoso.example");
      await page.waitForURL(`**/${cloud}/en/`);
      await expect
        .poll(() => page.getByTestId("session-user").textContent())
        .toContain("Ana Contoso");
      await context.close();
    },
  );

  it("shows the API's French error for a wrong password", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/global/fr-fr/sign-in/");
    await submitSignIn(page, "helpdesk@contoso.example", "Wrong-password-1");
    await expect
      .poll(() => page.getByTestId("form-error").textContent())
      .toContain("Échec de la connexion");
    await context.close();
  });

  it("refuses a global-cloud session on the usgov API", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/global/en/sign-in/");
    await submitSignIn(page, "agent@contoso.example");
    await page.waitForURL("**/global/en/");
    const [session] = (await context.cookies(`${baseURL()}/api/v1/global/session`)).filter(
      (c) => c.name === "pp_session",
    );
    expect(session?.httpOnly).toBe(true);
    const own = await context.request.get("/api/v1/global/session");
    expect(own.status()).toBe(200);
    const foreign = await context.request.get("/api/v1/usgov/session", {
      headers: { Cookie: `pp_session=${session?.value}` },
    });
    expect(foreign.status()).toBe(401);
    await context.close();
  });

  it("makes a user with a temporary password change it before going on, then signs out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/global/en/sign-in/?returnTo=/global/en/");
    await submitSignIn(page, "temporary@contoso.example");
    const change = page.getByTestId("change-password-form");
    await change.waitFor();
    await change.locator('input[name="currentPassword"]').fill(DEMO_PASSWORD);
    await change.locator('input[name="newPassword"]').fill("Fresh-Password-2026");
    await change.locator('input[name="confirmPassword"]').fill("Fresh-Password-2026");
    await change.locator('button[type="submit"]').click();
    await page.waitForURL("**/global/en/");
    await expect
      .poll(() => page.getByTestId("session-user").textContent())
      .toContain("Tess Temporary");
    await page.getByTestId("sign-out").click();
    await expect
      .poll(async () => (await context.request.get("/api/v1/global/session")).status())
      .toBe(401);
    await context.close();
  });
});
