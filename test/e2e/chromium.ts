import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { SECURITY_HEADERS } from "../../src/domain/security-headers.ts";

/**
 * Chromium for the browser tests and the benchmarks (no test runner needed): launching it, and
 * serving a built site to it from disk.
 */

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
const executablePath =
  process.env["CHROMIUM_PATH"] ??
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

/** The flags headless Chromium needs here: root, no GPU, and a closed network. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Headless Chromium with the flags a closed network needs. */
export function launch(): Promise<Browser> {
  if (!executablePath)
    throw new Error("Chromium not found: apt-get install chromium, or set CHROMIUM_PATH");
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * A context whose requests to `origin` are answered from the built site in `site` (a folder
 * URL), with the production security headers and the localized 404 pages; `onServe` hears of
 * every file served.
 *
 * @example
 * const context = await siteContext(browser, "http://docs.test", new URL("dist/", root));
 */
export async function siteContext(
  browser: Browser,
  origin: string,
  site: URL,
  options: { locale?: string; javaScriptEnabled?: boolean } = {},
  onServe?: (path: string, body: Buffer) => void,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, ...options });
  await context.route(`${origin}/**`, async (route) => {
    let path = decodeURIComponent(new URL(route.request().url()).pathname);
    if (path.endsWith("/")) path += "index.html";
    let file = new URL(`.${path}`, site);
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      const home = /^\/[^/]+\/[^/]+\//.exec(path)?.[0] ?? "/";
      file = new URL(`.${home}404.html`, site);
      if (!existsSync(file)) file = new URL("404.html", site);
    }
    const body = await readFile(file);
    onServe?.(path, body);
    await route.fulfill({
      status,
      body,
      headers: {
        ...SECURITY_HEADERS,
        "Content-Type": TYPES[extname(file.pathname)] ?? "application/octet-stream",
      },
    });
  });
  return context;
}
