import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "astro";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_FIXTURES_ENV, DOCS_FIXTURES_OUT_DIR } from "../../src/site/docs-files.ts";
import { axeViolations } from "./axe.ts";
import { baseURL, launch } from "./browser.ts";
import { siteContext } from "./chromium.ts";

/**
 * The documentation fixtures (test/fixtures/docfx/site/: a machine-translated French page with
 * no Russian translation) are not part of the product, so `npm run build` never sees them. This
 * file builds the site once more with them (PORTAL_DOCS_FIXTURES=1, which the portal integration
 * sends to node_modules/.cache/, never dist/) and serves that build to Chromium from disk through
 * request interception, with the production security headers.
 */
const root = new URL("../../", import.meta.url);
const site = new URL(DOCS_FIXTURES_OUT_DIR, root);
const ORIGIN = "http://docs-fixtures.test";
const SLUG = "fixture-reset-admin-password";

let browser: Browser;
beforeAll(async () => {
  process.env[DOCS_FIXTURES_ENV] = "1";
  try {
    await build({ root: fileURLToPath(root), logLevel: "warn" });
  } finally {
    delete process.env[DOCS_FIXTURES_ENV];
  }
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A context whose requests to {@link ORIGIN} are answered from the fixture build. */
function fixtureContext(
  options: { locale?: string; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  return siteContext(browser, ORIGIN, site, options);
}

async function openFixture(
  path: string,
  options: { locale?: string; javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const page = await (await fixtureContext(options)).newPage();
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  return page;
}

describe("a machine-translated page (fixture)", () => {
  it("shows the notice and reveals the English original of a sentence", async () => {
    const page = await openFixture(`/global/fr-fr/docs/${SLUG}/`, { locale: "fr-FR" });
    const notice = page.getByTestId("docs-mt-notice");
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain("Traduction automatique");
    const french = page.getByText("L’ancien mot de passe cesse immédiatement de fonctionner.");
    const english = page.getByText("The previous password stops working at once.");
    expect(await french.isVisible()).toBe(true);
    expect(await english.isVisible()).toBe(false);

    await page.getByLabel("Afficher l’original anglais de chaque phrase").check();
    expect(await english.isVisible()).toBe(true);
    expect(await english.getAttribute("lang")).toBe("en");
    expect(await page.locator(".mt-original--heading").textContent()).toBe(
      "Reset a customer administrator's password",
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("reveals the originals without JavaScript", async () => {
    const page = await openFixture(`/usgov/fr-fr/docs/${SLUG}/`, {
      locale: "fr-FR",
      javaScriptEnabled: false,
    });
    const english = page.getByText("What happens next", { exact: true });
    expect(await english.isVisible()).toBe(false);
    await page.getByTestId("docs-show-originals").check();
    expect(await english.isVisible()).toBe(true);
    // The search needs its module: without JavaScript it is not offered at all.
    expect(await page.getByTestId("docs-search-input").isVisible()).toBe(false);
    await page.context().close();
  });
});

describe("an untranslated page (fixture)", () => {
  it("shows the English page with a notice, the content marked lang=en", async () => {
    const page = await openFixture(`/china/ru-ru/docs/${SLUG}/`, { locale: "ru-RU" });
    expect(await page.getAttribute("html", "lang")).toBe("ru-RU");
    expect(await page.getByTestId("docs-fallback-notice").textContent()).toContain(
      "Перевод ещё не готов",
    );
    expect(await page.locator("h1").getAttribute("lang")).toBe("en");
    expect(await page.locator(".docs-content").getAttribute("lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe(
      "Reset a customer administrator's password",
    );
    const entry = page.getByTestId("docs-nav").locator(`a[href$="/${SLUG}/"]`);
    expect(await entry.getAttribute("lang")).toBe("en");
    expect(await entry.getAttribute("aria-current")).toBe("page");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("says so, instead of linking, where a page does not apply to the cloud", async () => {
    const page = await openFixture(`/china/ru-ru/docs/${SLUG}/`, { locale: "ru-RU" });
    const unavailable = page.locator(".link-unavailable", {
      hasText: "Invite with an indirect provider",
    });
    expect(await unavailable.textContent()).toContain(
      "недоступно в облаке «Центр партнеров под управлением 21Vianet»",
    );
    expect(await page.locator('a[href*="invite-with-an-indirect-provider"]').count()).toBe(0);
    const global = await openFixture(`/global/en/docs/${SLUG}/`);
    expect(
      await global
        .locator('.docs-content a[href="/global/en/docs/invite-with-an-indirect-provider/"]')
        .count(),
    ).toBe(1);
    await page.context().close();
    await global.context().close();
  });
});

describe("the production build", () => {
  it("has no fixture page", async () => {
    const response = await fetch(`${baseURL()}/global/fr-fr/docs/${SLUG}/`);
    expect(response.status).toBe(404);
    expect(existsSync(new URL(`dist/global/fr-fr/docs/${SLUG}/`, root))).toBe(false);
  });
});
