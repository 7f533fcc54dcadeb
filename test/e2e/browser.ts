import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { inject } from "vitest";

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
