import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../src/domain/clouds.ts";
import { LOCALES, LOCALE_IDS } from "../../src/domain/locales.ts";
import { axeViolations } from "./axe.ts";
import { launch, newContext } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const pages = CLOUD_IDS.flatMap((cloud) =>
  LOCALE_IDS.flatMap((locale) =>
    ["", "sign-in/", "no-such-page/"].map(
      (route) => `/${cloud}/${LOCALES[locale].segment}/${route}`,
    ),
  ),
);

describe("accessibility (axe-core, WCAG 2.1 AA)", () => {
  it("catches a violation when there is one", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/global/en/");
    await page.evaluate(() =>
      document.querySelector("main")?.append(document.createElement("input")),
    );
    expect((await axeViolations(page)).join("\n")).toMatch(/^label /m);
    await context.close();
  });

  it(`finds no violation on the ${pages.length} home, sign-in and 404 pages`, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      problems.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});
