import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { launch, newContext } from "./browser.ts";
import { allDocsPaths } from "./docs-catalog.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("documentation accessibility (axe-core, WCAG 2.1 AA)", () => {
  // A bound per page, not one for the whole set: on a loaded machine a page can take seconds.
  it(
    `finds no violation on any of the ${allDocsPaths.length} documentation pages`,
    async () => {
      expect(allDocsPaths.length).toBeGreaterThan(90);
      // One context and one tab for every page keeps this to about a second per page.
      const context = await newContext(browser);
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of allDocsPaths) {
        await page.goto(path);
        // The search form appears when its module has run.
        await page.getByTestId("docs-search-input").waitFor();
        problems.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
      }
      await context.close();
      expect(problems).toEqual([]);
    },
    allDocsPaths.length * 3_000,
  );

  it("finds no violation with search results shown", async () => {
    const context = await newContext(browser, "fr-FR");
    const page = await context.newPage();
    await page.goto("/germany/fr-fr/docs/customer-accounts-overview/");
    await page.getByTestId("docs-search-input").fill("client");
    await page.getByTestId("docs-search-input").press("Enter");
    await page.getByTestId("docs-search-results").locator("a").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
