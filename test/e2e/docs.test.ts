import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../../src/domain/security-headers.ts";
import { baseURL, launch, newContext } from "./browser.ts";
import { entries } from "./docs-catalog.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, locale = "en-US"): Promise<Page> {
  const context = await newContext(browser, locale);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** Runs a search through the form and returns the result links' paths. */
async function search(page: Page, query: string): Promise<string[]> {
  await page.getByTestId("docs-search-input").fill(query);
  await page.getByTestId("docs-search-input").press("Enter");
  const status = page.getByTestId("docs-search-status");
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(query);
  return page
    .getByTestId("docs-search-results")
    .locator("a")
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe("documentation pages", () => {
  it("lists only China's pages in the china/ru-ru sidebar, the current one marked", async () => {
    const page = await open("/china/ru-ru/docs/add-a-new-customer/", "ru-RU");
    const nav = page.getByTestId("docs-nav");
    const links = await nav
      .locator("a")
      .evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).getAttribute("href")));
    expect(links).toEqual(entries("china", "ru-RU").map((e) => e.href));
    expect(links).toHaveLength(5);
    expect(links.join()).not.toMatch(/reseller|indirect/);
    expect(await nav.locator('[aria-current="page"]').getAttribute("href")).toBe(
      "/china/ru-ru/docs/add-a-new-customer/",
    );
    expect(await page.getAttribute("html", "lang")).toBe("ru-RU");
    await page.context().close();
  });

  it("answers 404 for a page that does not apply to the cloud", async () => {
    const response = await fetch(`${baseURL()}/china/en/docs/request-a-reseller-relationship/`);
    expect(response.status).toBe(404);
    const usgov = await fetch(`${baseURL()}/usgov/en/docs/request-a-reseller-relationship/`);
    expect(usgov.status).toBe(200);
  });

  it("shows applies-to badges, the localized date and links to the task pages", async () => {
    const page = await open("/germany/fr-fr/docs/customer-administrator-help/", "fr-FR");
    const badges = page.getByTestId("docs-applies-to").locator("li");
    expect(await badges.count()).toBe(3);
    expect(
      await page.getByTestId("docs-applies-to").locator('li[aria-current="true"]').count(),
    ).toBe(1);
    expect(await page.getByTestId("docs-updated").textContent()).toMatch(
      /Dernière mise à jour le 20 novembre 2026/,
    );
    expect(await page.locator('time[datetime="2026-11-20"]').count()).toBe(1);
    // The page's task, and `portal:sign-in/` in its text, lead to this cloud × locale's page.
    expect(await page.getByTestId("docs-task").locator("a").getAttribute("href")).toBe(
      "/germany/fr-fr/sign-in/",
    );
    expect(await page.locator('.docs-content a[href="/germany/fr-fr/sign-in/"]').count()).toBe(1);
    await page.context().close();
  });

  it("keeps the reader on the page when switching cloud or language, where it exists", async () => {
    const html = await (
      await fetch(`${baseURL()}/global/fr-fr/docs/request-a-reseller-relationship/`)
    ).text();
    expect(html).toContain('href="/usgov/fr-fr/docs/request-a-reseller-relationship/"');
    expect(html).toContain('href="/global/ru-ru/docs/request-a-reseller-relationship/"');
    // China has no reseller relationships: its home, not a dead link.
    expect(html).toMatch(/<a class="switcher__link" href="\/china\/fr-fr\/">/);
    for (const lang of ["en", "fr-FR", "ru-RU", "x-default"]) {
      expect(html).toContain(`<link rel="alternate" hreflang="${lang}"`);
    }
    const page = await open("/global/en/docs/customer-accounts-overview/");
    await page.getByTestId("cloud-switcher").locator('a[href^="/china/"]').click();
    await page.waitForURL("**/china/en/docs/customer-accounts-overview/");
    expect(await page.locator("h1").textContent()).toBe("Customer accounts overview");
    await page.context().close();
  });

  it("load no JavaScript but the search module", async () => {
    const page = await open("/usgov/en/docs/add-a-new-customer/");
    const scripts = await page
      .locator("script")
      .evaluateAll((all) => all.map((s) => (s as HTMLScriptElement).src));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/\/_astro\/DocsSearch\.[^/]*\.js$/);
    await page.context().close();
  });

  it("link to them from the cloud's home, in sidebar order", async () => {
    const page = await open("/usgov/ru-ru/", "ru-RU");
    const links = await page
      .getByTestId("docs-list")
      .locator("a")
      .evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).getAttribute("href")));
    expect(links).toEqual(entries("usgov", "ru-RU").map((e) => e.href));
    await page.context().close();
  });
});

describe("documentation search", () => {
  it("is allowed WebAssembly by the CSP, and nothing weaker", async () => {
    const csp = SECURITY_HEADERS["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    const response = await fetch(`${baseURL()}/pagefind/pagefind.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toBe(csp);
  });

  it("finds, in fr-fr, a French page of this cloud and none of another cloud", async () => {
    const page = await open("/global/fr-fr/docs/add-a-new-customer/", "fr-FR");
    const global = await search(page, "fournisseur indirect");
    expect(global).toContain("/global/fr-fr/docs/invite-with-an-indirect-provider/");
    expect(global.every((path) => path.startsWith("/global/fr-fr/docs/"))).toBe(true);
    const titles = await page.getByTestId("docs-search-results").locator("a").allTextContents();
    expect(titles).toContain("Inviter un client avec un fournisseur indirect");
    expect(await page.getByTestId("docs-search-status").textContent()).toMatch(
      /pages? trouvées? pour « fournisseur indirect »/,
    );
    await page.context().close();

    const china = await open("/china/fr-fr/docs/add-a-new-customer/", "fr-FR");
    const found = await search(china, "client");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((path) => path.startsWith("/china/fr-fr/docs/"))).toBe(true);
    expect(await search(china, "fournisseur indirect")).not.toContain(
      "/china/fr-fr/docs/invite-with-an-indirect-provider/",
    );
    await china.context().close();
  });

  it("scopes the index itself: French index by <html lang>, cloud by filter", async () => {
    const page = await open("/china/fr-fr/docs/see-your-customer-list/", "fr-FR");
    // A string, so vitest does not rewrite the browser's dynamic import.
    const urls = await page.evaluate<string[]>(`(async () => {
      const pagefind = await import("/pagefind/pagefind.js");
      await pagefind.init();
      const found = await pagefind.search("client", { filters: { cloud: "china" } });
      return Promise.all(found.results.map(async (r) => (await r.data()).url));
    })()`);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((url) => url.startsWith("/china/fr-fr/docs/"))).toBe(true);
    await page.context().close();
  });

  it("says when nothing matches, in the page's language", async () => {
    const page = await open("/usgov/ru-ru/docs/see-your-customer-list/", "ru-RU");
    expect(await search(page, "zzzyyyxxx")).toEqual([]);
    expect(await page.getByTestId("docs-search-status").textContent()).toBe(
      "По запросу «zzzyyyxxx» ничего не найдено.",
    );
    await page.context().close();
  });
});
