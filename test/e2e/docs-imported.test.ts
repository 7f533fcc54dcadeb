import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "astro";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_DIR_ENV, DOCS_DIR_OUT_DIR } from "../../src/site/docs-files.ts";
import { axeViolations } from "./axe.ts";
import { launch } from "./browser.ts";
import { siteContext } from "./chromium.ts";

/**
 * Real published pages, imported: test/fixtures/docfx/imported/ holds thirteen French and
 * thirteen Russian Partner Center pages and their sets' TOC.yml (source and commit in its
 * README). This file imports them with `scripts/docs-import.ts` into a temporary folder, builds
 * the site on that folder alone (PORTAL_DOCS_DIR, into node_modules/.cache/, never dist/) and
 * opens an imported page in each language in Chromium, sidebar from the set's TOC.
 */
const root = new URL("../../", import.meta.url);
const site = new URL(DOCS_DIR_OUT_DIR, root);
const FIXTURE = fileURLToPath(new URL("test/fixtures/docfx/imported/", root));
const ORIGIN = "http://docs-imported.test";

interface ImportedPage {
  file: string;
  slug: string;
  locale: string;
  clouds: string[];
}

let browser: Browser;
let out: string;
let pages: ImportedPage[] = [];

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "docs-imported-"));
  const imported = spawnSync(
    process.execPath,
    [
      fileURLToPath(new URL("scripts/docs-import.ts", root)),
      FIXTURE,
      ...["--out", join(out, "docs"), "--media", join(out, "media"), "--json"],
    ],
    { encoding: "utf8" },
  );
  if (imported.status !== 0) throw new Error(`docs-import failed: ${imported.stderr}`);
  pages = (JSON.parse(imported.stdout) as { pages: ImportedPage[] }).pages;
  process.env[DOCS_DIR_ENV] = join(out, "docs");
  try {
    await build({ root: fileURLToPath(root), logLevel: "warn" });
  } finally {
    delete process.env[DOCS_DIR_ENV];
  }
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

/** The imported page made of `file` (its path in the fixture folder). */
function imported(file: string): ImportedPage {
  const page = pages.find((p) => p.file.endsWith(file));
  if (!page) throw new Error(`${file} was not imported`);
  return page;
}

async function open(path: string, options: { locale: string; javaScriptEnabled?: boolean }) {
  const context = await siteContext(browser, ORIGIN, site, options);
  const page = await context.newPage();
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  return page;
}

/** The hrefs of the sidebar's links, in order. */
function navLinks(page: Page): Promise<string[]> {
  return page
    .getByTestId("docs-nav")
    .locator("a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
}

describe("the whole fixture", () => {
  it("is imported: thirteen pages per language", () => {
    expect(pages.filter((p) => p.locale === "fr-FR")).toHaveLength(13);
    expect(pages.filter((p) => p.locale === "ru-RU")).toHaveLength(13);
  });
});

describe("an imported French page", () => {
  it("shows the set's TOC: its section open, the page marked, every page reachable", async () => {
    const { slug } = imported("fr-FR/add-a-new-customer.md");
    const page = await open(`/global/fr-fr/docs/${slug}/`, { locale: "fr-FR" });
    expect(await page.getAttribute("html", "lang")).toBe("fr-FR");
    const nav = page.getByTestId("docs-nav");
    const opened = nav.locator("details[open] > summary");
    expect(await opened.allTextContents()).toEqual(["Entrer en contact avec les clients"]);
    const current = nav.locator('[aria-current="page"]');
    expect(await current.textContent()).toBe("Ajouter un client");
    expect(await current.isVisible()).toBe(true);
    // Every French page is in the TOC, once; the TOC's other 300 entries are not here.
    const expected = pages
      .filter((p) => p.locale === "fr-FR" && p.clouds.includes("global"))
      .map((p) => `/global/fr-fr/docs/${p.slug}/`);
    const links = await navLinks(page);
    expect(new Set(links)).toEqual(new Set(expected));
    expect(links).toHaveLength(expected.length);
    expect(await nav.textContent()).not.toContain("Autres pages");
    // "Rôles appropriés": ours in the portal's words, the set's other roles as it names them.
    const roles = await page.locator('[aria-labelledby="docs-roles"] li').allTextContents();
    expect(roles).toContain("Administrateur de gestion des utilisateurs");
    expect(roles.length).toBeGreaterThanOrEqual(4);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("opens a closed section without JavaScript", async () => {
    const { slug } = imported("fr-FR/add-a-new-customer.md");
    const page = await open(`/global/fr-fr/docs/${slug}/`, {
      locale: "fr-FR",
      javaScriptEnabled: false,
    });
    const { slug: multichannel } = imported("fr-FR/multichannel.md");
    const link = page.locator(`[data-testid="docs-nav"] a[href$="/${multichannel}/"]`);
    expect(await link.isVisible()).toBe(false);
    await page
      .getByTestId("docs-nav")
      .locator("summary", { hasText: "Collaborer avec d’autres partenaires" })
      .click();
    expect(await link.isVisible()).toBe(true);
    await page.context().close();
  });
});

describe("an imported Russian page", () => {
  it("shows the set's TOC in Russian, and passes axe", async () => {
    const list = imported("ru-RU/see-your-customer-list.md");
    expect(list.clouds).toEqual(["global", "usgov"]);
    const page = await open(`/global/ru-ru/docs/${list.slug}/`, { locale: "ru-RU" });
    expect(await page.getAttribute("html", "lang")).toBe("ru-RU");
    const nav = page.getByTestId("docs-nav");
    expect(await nav.locator("details[open] > summary").allTextContents()).toEqual([
      "Связь с клиентами",
    ]);
    expect(await nav.locator('[aria-current="page"]').getAttribute("href")).toBe(
      `/global/ru-ru/docs/${list.slug}/`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("leaves out of the sidebar the pages another cloud does not publish", async () => {
    const list = imported("ru-RU/see-your-customer-list.md");
    const { slug } = imported("ru-RU/add-a-new-customer.md");
    const page = await open(`/germany/ru-ru/docs/${slug}/`, { locale: "ru-RU" });
    const links = await navLinks(page);
    expect(links).toContain(`/germany/ru-ru/docs/${slug}/`);
    expect(links.some((href) => href.endsWith(`/${list.slug}/`))).toBe(false);
    await page.context().close();
  });
});
