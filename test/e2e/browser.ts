import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";
import { launch } from "./chromium.ts";

export { launch };

export const baseURL = (): string => inject("baseURL");

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
