import { access, copyFile, readFile, rename, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { CLOUD_IDS, DEFAULT_CLOUD } from "../domain/clouds.ts";
import { checkCatalogs } from "../domain/i18n.ts";
import { DEFAULT_LOCALE, LOCALES, LOCALE_IDS } from "../domain/locales.ts";
import { SECURITY_HEADERS } from "../domain/security-headers.ts";
import {
  DOCS_CONTENT_DIR,
  DOCS_DIR_ENV,
  DOCS_DIR_OUT_DIR,
  DOCS_FIXTURES_DIR,
  DOCS_FIXTURES_ENV,
  DOCS_FIXTURES_OUT_DIR,
  docsDirOverride,
  docsFixturesEnabled,
  readDocsFiles,
  readTocFiles,
} from "./docs-files.ts";
import { readTocs } from "./docs-nav.ts";
import { DOCS_ROUTE, DOCS_SECTION_ID, homePath, pagePath } from "./routes.ts";
import { docsNotes, docsProblems, problemsMessage } from "./docs-checks.ts";

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

/** Content-hashed files: a new build gives them new names, so they never need asking again. */
const IMMUTABLE_PATHS = [
  "/_astro/*",
  "/pagefind/fragment/*",
  "/pagefind/index/*",
  "/pagefind/filter/*",
];

/** A browser may keep a page but must ask (If-None-Match on its ETag) before showing it again. */
export const HTML_CACHE_CONTROL = "no-cache";
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * The `_headers` file of the static assets (Cloudflare Workers static assets): the Worker's
 * security headers on every file; long caching for content-hashed files; and revalidation for
 * the pages (every cloud's folder, the root 404 page), so a deployment is seen at once. Rules
 * that match one file add up (a header set twice would be joined), so each `Cache-Control` rule
 * covers files no other one does; other unhashed files (favicon, search entry points) keep the
 * asset server's default, which revalidates too.
 *
 * @example
 * headersFile().startsWith("/*\n  Strict-Transport-Security:"); // true
 */
export function headersFile(): string {
  const lines = [
    "/*",
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`),
  ];
  for (const path of IMMUTABLE_PATHS) {
    lines.push("", path, `  Cache-Control: ${IMMUTABLE_CACHE_CONTROL}`);
  }
  for (const path of [...CLOUD_IDS.map((cloud) => `/${cloud}/*`), "/404.html"]) {
    lines.push("", path, `  Cache-Control: ${HTML_CACHE_CONTROL}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The `_redirects` file of the static assets: the documentation folder of each cloud × locale
 * (`/{cloud}/{locale}/docs/`, with or without its slash), which has no page of its own, leads to
 * the home page's documentation section, where every documentation page is listed — rather than
 * to a 404 for a reader who shortens a documentation page's address.
 *
 * @example
 * redirectsFile().split("\n")[0]; // "/global/en/docs/ /global/en/#docs-title 302"
 */
export function redirectsFile(): string {
  const lines: string[] = [];
  for (const cloud of CLOUD_IDS) {
    for (const locale of LOCALE_IDS) {
      const folder = pagePath(cloud, locale, DOCS_ROUTE);
      const target = `${homePath(cloud, locale)}#${DOCS_SECTION_ID}`;
      lines.push(`${folder} ${target} 302`, `${folder.slice(0, -1)} ${target} 302`);
    }
  }
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
 * The documentation build checks (src/site/docs-checks.ts) over the files a build reads:
 * the content (or the folder of a PORTAL_DOCS_DIR build), plus the test fixtures in a fixture
 * build, and every table of contents read: the problems that fail the build, and the notes it
 * reports without failing (translations published without their English page, page warnings,
 * files that are not pages). The set is read and inspected once for both.
 *
 * @example
 * (await documentationReport(new URL("../../", import.meta.url))).problems; // []
 */
export async function documentationReport(
  root: URL,
  fixtures = false,
  content: string = DOCS_CONTENT_DIR,
): Promise<{ problems: string[]; notes: string[] }> {
  const dirs = fixtures ? [content, DOCS_FIXTURES_DIR] : [content];
  const files = await readDocsFiles(root, dirs);
  const problems = docsProblems(files);
  try {
    readTocs(await readTocFiles(root, [content]), content);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return { problems, notes: problems.length > 0 ? [] : docsNotes(files) };
}

/**
 * The problems of {@link documentationReport}: what fails the build.
 *
 * @example
 * await documentationProblems(new URL("../../", import.meta.url)); // []
 */
export async function documentationProblems(
  root: URL,
  fixtures = false,
  content: string = DOCS_CONTENT_DIR,
): Promise<string[]> {
  return (await documentationReport(root, fixtures, content)).problems;
}

/**
 * The notes of {@link documentationReport}: what the build reports without failing.
 *
 * @example
 * await documentationNotes(new URL("../../", import.meta.url)); // []
 */
export async function documentationNotes(
  root: URL,
  fixtures = false,
  content: string = DOCS_CONTENT_DIR,
): Promise<string[]> {
  return (await documentationReport(root, fixtures, content)).notes;
}

/** Pagefind's prebuilt UIs: unused (they inject inline styles the CSP forbids), not shipped. */
const PAGEFIND_UNUSED = [
  "pagefind-ui.js",
  "pagefind-ui.css",
  "pagefind-modular-ui.js",
  "pagefind-modular-ui.css",
  "pagefind-component-ui.js",
  "pagefind-component-ui.css",
  "pagefind-highlight.js",
];

/**
 * Indexes the built documentation pages (those with `data-pagefind-body`) into `/pagefind/`:
 * one index per `<html lang>`, each page filtered by its `cloud` (scripts/search.ts).
 * Returns the number of pages indexed per language.
 */
export async function writeSearchIndex(dist: URL): Promise<Record<string, number>> {
  const pagefind = await import("pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: fileURLToPath(dist) });
    if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join("; ")}`);
    const output = new URL("pagefind/", dist);
    const written = await index.writeFiles({ outputPath: fileURLToPath(output) });
    if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join("; ")}`);
    for (const file of PAGEFIND_UNUSED) await rm(new URL(file, output), { force: true });
    const entry = JSON.parse(await readFile(new URL("pagefind-entry.json", output), "utf8")) as {
      languages: Record<string, { page_count: number }>;
    };
    return Object.fromEntries(
      Object.entries(entry.languages).map(([lang, { page_count }]) => [lang, page_count]),
    );
  } finally {
    await pagefind.close();
  }
}

/**
 * The portal's build checks and outputs: fails the build on incomplete locale catalogs or on
 * any documentation problem (conflicting variants, broken links), reports what it allows
 * (translations without their English page, page warnings), writes `_headers`, places the localized 404 pages and writes the search index.
 *
 * With `PORTAL_DOCS_FIXTURES=1` the documentation fixtures are added and the site is built
 * into `node_modules/.cache/…` instead of `dist/`, so a fixture build never reaches a deployment.
 *
 * @example
 * defineConfig({ integrations: [portal()] });
 */
export function portal(): AstroIntegration {
  const fixtures = docsFixturesEnabled();
  return {
    name: "partner-portal",
    hooks: {
      "astro:config:setup": async ({ config, updateConfig, addWatchFile, logger }) => {
        const localesDir = new URL("locales/", config.root);
        for (const id of LOCALE_IDS) addWatchFile(new URL(`${id}.json`, localesDir));
        const problems = await catalogProblems(localesDir);
        if (problems.length > 0) {
          throw new Error(
            `Locale catalogs are incomplete (${problems.length} problems):\n- ${problems.join("\n- ")}`,
          );
        }
        logger.info(`locale catalogs complete (${LOCALE_IDS.join(", ")})`);

        const override = docsDirOverride(config.root);
        const report = await documentationReport(config.root, fixtures, override ?? undefined);
        if (report.problems.length > 0) throw new Error(problemsMessage(report.problems));
        logger.info("documentation checked: no conflicting variant, no broken link");
        const { notes } = report;
        if (notes.length > 0) {
          logger.info(`documentation report (${notes.length}):\n- ${notes.join("\n- ")}`);
        }
        updateConfig({
          vite: {
            define: {
              "import.meta.env.PORTAL_DOCS_FIXTURES": JSON.stringify(fixtures),
              "import.meta.env.PORTAL_DOCS_DIR": JSON.stringify(override ?? ""),
            },
          },
        });
        if (override !== null) {
          const outDir = new URL(DOCS_DIR_OUT_DIR, config.root);
          updateConfig({ outDir });
          logger.warn(
            `${DOCS_DIR_ENV}=${override}: building that documentation into ${outDir.pathname}`,
          );
        }
        if (fixtures) {
          const outDir = new URL(DOCS_FIXTURES_OUT_DIR, config.root);
          updateConfig({ outDir });
          logger.warn(
            `${DOCS_FIXTURES_ENV}=1: documentation fixtures included, building into ${outDir.pathname}`,
          );
        }
      },
      "astro:build:done": async ({ dir, logger }) => {
        await writeFile(new URL("_headers", dir), headersFile());
        await writeFile(new URL("_redirects", dir), redirectsFile());
        await placeNotFoundPages(dir);
        logger.info("wrote _headers, _redirects and the localized 404 pages");
        const indexed = Object.entries(await writeSearchIndex(dir));
        const total = indexed.reduce((sum, [, count]) => sum + count, 0);
        const languages = indexed.map(([lang, count]) => `${lang} ${count}`).join(", ");
        logger.info(`indexed ${total} documentation pages for search (${languages})`);
      },
    },
  };
}
