import { access, copyFile, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { AstroIntegration } from "astro";
import { CLOUD_IDS, DEFAULT_CLOUD } from "../domain/clouds.ts";
import { checkCatalogs } from "../domain/i18n.ts";
import { DEFAULT_LOCALE, LOCALES, LOCALE_IDS } from "../domain/locales.ts";
import { SECURITY_HEADERS } from "../domain/security-headers.ts";

/**
 * Reads every locale file and returns the problems `checkCatalogs` finds (unreadable JSON
 * included), so one build run reports all of them.
 */
export async function catalogProblems(localesDir: URL): Promise<string[]> {
  const catalogs: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const id of LOCALE_IDS) {
    const file = new URL(`${id}.json`, localesDir);
    try {
      catalogs[id] = JSON.parse(await readFile(file, "utf8")) as unknown;
    } catch (error) {
      problems.push(`${id}: cannot read ${file.pathname}: ${(error as Error).message}`);
    }
  }
  return [...problems, ...checkCatalogs(catalogs)];
}

/**
 * The `_headers` file of the static assets (Cloudflare Workers static assets): the Worker's
 * security headers on every file, and long caching for Astro's content-hashed bundles.
 *
 * @example
 * headersFile().startsWith("/*\n  Strict-Transport-Security:"); // true
 */
export function headersFile(): string {
  const lines = [
    "/*",
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`),
  ];
  lines.push("", "/_astro/*", "  Cache-Control: public, max-age=31536000, immutable");
  return `${lines.join("\n")}\n`;
}

async function exists(file: URL): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Moves each `/{cloud}/{locale}/404/index.html` to `/{cloud}/{locale}/404.html`, the file
 * `not_found_handling = "404-page"` serves for a missing path below it, and copies the global
 * English one to `/404.html` for paths outside every cloud.
 */
async function placeNotFoundPages(dist: URL): Promise<void> {
  for (const cloud of CLOUD_IDS) {
    for (const locale of LOCALE_IDS) {
      const folder = new URL(`${cloud}/${LOCALES[locale].segment}/`, dist);
      const built = new URL("404/index.html", folder);
      if (!(await exists(built))) throw new Error(`portal: ${built.pathname} was not built`);
      await rename(built, new URL("404.html", folder));
      // A 404 page reachable at /404/ would answer 200; it only exists as the not-found page.
      await rm(new URL("404/", folder), { recursive: true, force: true });
    }
  }
  await copyFile(
    new URL(`${DEFAULT_CLOUD}/${LOCALES[DEFAULT_LOCALE].segment}/404.html`, dist),
    new URL("404.html", dist),
  );
}

/**
 * The portal's build checks and outputs: fails the build on incomplete locale catalogs, writes
 * `_headers` and places the localized 404 pages.
 *
 * @example
 * defineConfig({ integrations: [portal()] });
 */
export function portal(): AstroIntegration {
  return {
    name: "partner-portal",
    hooks: {
      "astro:config:setup": async ({ config, addWatchFile, logger }) => {
        const localesDir = new URL("locales/", config.root);
        for (const id of LOCALE_IDS) addWatchFile(new URL(`${id}.json`, localesDir));
        const problems = await catalogProblems(localesDir);
        if (problems.length > 0) {
          throw new Error(
            `Locale catalogs are incomplete (${problems.length} problems):\n- ${problems.join("\n- ")}`,
          );
        }
        logger.info(`locale catalogs complete (${LOCALE_IDS.join(", ")})`);
      },
      "astro:build:done": async ({ dir, logger }) => {
        await writeFile(new URL("_headers", dir), headersFile());
        await placeNotFoundPages(dir);
        logger.info("wrote _headers and the localized 404 pages");
      },
    },
  };
}
