import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
const executablePath =
  process.env["CHROMIUM_PATH"] ??
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export const baseURL = (): string => inject("baseURL");

/** Headless Chromium with the flags a closed network needs. */
export function launch(): Promise<Browser> {
  if (!executablePath)
    throw new Error("Chromium not found: apt-get install chromium, or set CHROMIUM_PATH");
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A fresh context (cookies, storage) speaking `locale`. */
export function newContext(browser: Browser, locale = "en-US"): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseURL(), locale });
}

/**
 * Fills and submits the sign-in form on the current page, once its module is ready (a click
 * before that would be the browser's own form submission).
 */
export async function submitSignIn(page: Page, username: string, password = DEMO_PASSWORD) {
  const form = page.locator('[data-testid="sign-in-form"][data-ready]');
  await form.waitFor();
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}
