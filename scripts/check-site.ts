/**
 * Checks the built site in dist/: no inline script or style anywhere (the CSP forbids them), a
 * `lang` on every page, every cloud × locale home and 404 page present, exactly the
 * documentation pages src/content/docs gives (no test fixture), documentation pages loading no
 * JavaScript but the search module, the search index, and canonical and language links that name
 * the origin the site was built for (`SITE_URL`). Prints the size of dist, the JavaScript and CSS
 * each page loads, and what a search downloads.
 *
 * Run after `astro build`: `node scripts/check-site.ts [<built site folder, default dist>]`.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { join, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { CLOUD_IDS } from "../src/domain/clouds.ts";
import { LOCALES, LOCALE_IDS } from "../src/domain/locales.ts";
import {
  DOCS_FIXTURES_ENV,
  DOCS_FIXTURES_OUT_DIR,
  docsFixturesEnabled,
  readDocsFiles,
} from "../src/site/docs-files.ts";
import { loadDocs } from "../src/site/docs-checks.ts";
import { docsEntries } from "../src/site/docs.ts";
import {
  foreignLinks,
  moduleImports,
  pageAssets,
  pageLinks,
  pageProblems,
} from "../src/site/html-check.ts";
import { siteUrl } from "../src/site/site-url.ts";

const root = new URL("../", import.meta.url);
const dist = process.argv[2]
  ? `${resolve(process.argv[2])}${sep}`
  : fileURLToPath(new URL("dist/", root));
/** The origin every canonical and language link must name. */
const origin = siteUrl(process.env);
/** The search module (scripts/search.ts) is the bundle that loads Pagefind. */
const PAGEFIND_ENTRY = "/pagefind/pagefind.js";

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : Promise.resolve([path]);
    }),
  );
  return nested.flat();
}

/** `dist`-relative path with forward slashes: `global/en/index.html`. */
function site(file: string): string {
  return relative(dist, file).split(sep).join("/");
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

interface Weight {
  raw: number;
  gzip: number;
}

const weights = new Map<string, Weight>();
async function weigh(path: string): Promise<Weight> {
  let weight = weights.get(path);
  if (!weight) {
    const bytes = await readFile(join(dist, path));
    weight = { raw: bytes.length, gzip: gzipSync(bytes).length };
    weights.set(path, weight);
  }
  return weight;
}

/** Every module a page's scripts load, following static imports between bundles. */
async function moduleGraph(entries: string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = entries.map((src) => src.replace(/^\//, ""));
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    const source = await readFile(join(dist, path), "utf8");
    for (const specifier of moduleImports(source)) {
      queue.push(posix.normalize(posix.join(posix.dirname(path), specifier)));
    }
  }
  return seen;
}

const DOCS_PAGE = /^[^/]+\/[^/]+\/docs\/[^/]+\/index\.html$/;

/**
 * The documentation pages built must be exactly those of src/content/docs (a fixture build goes
 * elsewhere: see src/site/docs-files.ts), and the search index must cover them, per language.
 */
async function documentationProblems(present: ReadonlySet<string>): Promise<string[]> {
  const problems: string[] = [];
  const catalog = loadDocs(await readDocsFiles(root));
  const expected = new Set<string>();
  const perLanguage = new Map<string, number>();
  for (const cloud of CLOUD_IDS) {
    for (const locale of LOCALE_IDS) {
      const entries = docsEntries(catalog, cloud, locale);
      for (const { href } of entries) expected.add(`${href.slice(1)}index.html`);
      const lang = LOCALES[locale].lang.toLowerCase();
      perLanguage.set(lang, (perLanguage.get(lang) ?? 0) + entries.length);
    }
  }
  const built = [...present].filter((file) => DOCS_PAGE.test(file));
  for (const file of built) {
    if (!expected.has(file)) problems.push(`${file}: not a page of src/content/docs`);
  }
  for (const file of expected) {
    if (!present.has(file)) problems.push(`${file}: missing`);
  }
  let entry: { languages?: Record<string, { page_count?: number }> } = {};
  try {
    entry = JSON.parse(
      await readFile(join(dist, "pagefind/pagefind-entry.json"), "utf8"),
    ) as typeof entry;
  } catch {
    problems.push("pagefind/pagefind-entry.json: missing or unreadable (search index not written)");
  }
  for (const [lang, count] of perLanguage) {
    const indexed = entry.languages?.[lang]?.page_count;
    if (entry.languages && indexed !== count) {
      problems.push(`pagefind: ${indexed ?? 0} ${lang} pages indexed, ${count} built`);
    }
  }
  for (const file of [PAGEFIND_ENTRY.slice(1), "pagefind/pagefind-worker.js"]) {
    if (!present.has(file)) problems.push(`${file}: missing`);
  }
  for (const file of present) {
    if (/^pagefind\/pagefind-(?:.*-)?ui\.|^pagefind\/pagefind-highlight/.test(file)) {
      problems.push(
        `${file}: Pagefind's UI is not used (it needs inline styles) and must not ship`,
      );
    }
  }
  return problems;
}

/** What the first search in one language downloads (the largest language), and the index size. */
async function searchWeight(
  present: ReadonlySet<string>,
): Promise<{ raw: number; gzip: number; index: number }> {
  const files = [...present].filter((f) => f.startsWith("pagefind/"));
  const base = ["pagefind/pagefind.js", "pagefind/pagefind-worker.js"].filter((f) =>
    present.has(f),
  );
  let largest = { raw: 0, gzip: 0 };
  for (const wasm of files.filter((f) => /^pagefind\/wasm\.[^/]+\.pagefind$/.test(f))) {
    const language = wasm.replace(/^pagefind\/wasm\.|\.pagefind$/g, "");
    const meta = files.filter((f) => f.startsWith(`pagefind/pagefind.${language}_`));
    const total = { raw: 0, gzip: 0 };
    for (const file of [...base, wasm, ...meta]) {
      const weight = await weigh(file);
      total.raw += weight.raw;
      total.gzip += weight.gzip;
    }
    if (total.raw > largest.raw) largest = total;
  }
  let index = 0;
  for (const file of files.filter((f) => /^pagefind\/(?:index|fragment|filter)\//.test(f))) {
    index += (await weigh(file)).raw;
  }
  return { ...largest, index };
}

async function main(): Promise<number> {
  if (docsFixturesEnabled()) {
    console.error(
      `check-site: ${DOCS_FIXTURES_ENV}=1 builds the test fixtures into ${DOCS_FIXTURES_OUT_DIR}, ` +
        "not dist/; unset it for a production build.",
    );
    return 1;
  }
  let files: string[];
  try {
    files = await listFiles(dist);
  } catch {
    console.error(`check-site: ${dist} not found; run \`astro build\` first.`);
    return 1;
  }
  const failures: string[] = [];
  const pages = files.filter((file) => file.endsWith(".html")).sort();
  const pageWeights: { page: string; js: Weight; css: Weight }[] = [];
  for (const page of pages) {
    const html = await readFile(page, "utf8");
    for (const problem of pageProblems(html)) failures.push(`${site(page)}: ${problem}`);
    for (const href of foreignLinks(pageLinks(html), origin)) {
      failures.push(`${site(page)}: links to ${href}, not to the site's origin ${origin}`);
    }
    const { scripts, styles } = pageAssets(html);
    const modules = await moduleGraph(scripts);
    if (DOCS_PAGE.test(site(page))) {
      const [only] = modules;
      const search =
        modules.size === 1 &&
        only !== undefined &&
        (await readFile(join(dist, only), "utf8")).includes(PAGEFIND_ENTRY);
      if (!search) {
        failures.push(
          `${site(page)}: a documentation page loads JavaScript other than the search (${[...modules].join(", ")})`,
        );
      }
    }
    const js = { raw: 0, gzip: 0 };
    for (const module of modules) {
      const weight = await weigh(module);
      js.raw += weight.raw;
      js.gzip += weight.gzip;
    }
    const css = { raw: 0, gzip: 0 };
    for (const style of styles) {
      const weight = await weigh(style.replace(/^\//, ""));
      css.raw += weight.raw;
      css.gzip += weight.gzip;
    }
    pageWeights.push({ page: site(page), js, css });
  }

  const required = ["404.html", "_headers", "_redirects"];
  for (const cloud of CLOUD_IDS) {
    for (const locale of LOCALE_IDS) {
      const base = `${cloud}/${LOCALES[locale].segment}`;
      required.push(`${base}/index.html`, `${base}/404.html`);
    }
  }
  const present = new Set(files.map(site));
  for (const file of required) {
    if (!present.has(file)) failures.push(`${file}: missing`);
  }
  failures.push(...(await documentationProblems(present)));

  const sizes = { total: 0, html: 0, js: 0, css: 0 };
  for (const file of files) {
    const { size } = await stat(file);
    sizes.total += size;
    if (file.endsWith(".html")) sizes.html += size;
    else if (file.endsWith(".js")) sizes.js += size;
    else if (file.endsWith(".css")) sizes.css += size;
  }

  console.log(
    `check-site: ${pages.length} pages, ${files.length} files in ${process.argv[2] ?? "dist"}; ` +
      `total ${kib(sizes.total)} (HTML ${kib(sizes.html)}, JS ${kib(sizes.js)}, CSS ${kib(sizes.css)})`,
  );
  // One line per kind of page (the clouds and locales of a route weigh the same).
  const byRoute = new Map<string, (typeof pageWeights)[number]>();
  for (const entry of pageWeights) {
    const route = entry.page
      .replace(/^[^/]+\/[^/]+\//, "{cloud}/{locale}/")
      .replace(/\/docs\/[^/]+\//, "/docs/{slug}/");
    const known = byRoute.get(route);
    if (!known || entry.js.raw + entry.css.raw > known.js.raw + known.css.raw) {
      byRoute.set(route, { ...entry, page: route });
    }
  }
  for (const { page, js, css } of byRoute.values()) {
    console.log(
      `  ${page.padEnd(40)} JS ${kib(js.raw)} (${kib(js.gzip)} gzip)  ` +
        `CSS ${kib(css.raw)} (${kib(css.gzip)} gzip)`,
    );
  }
  const search = await searchWeight(present);
  console.log(
    `  search (first query, per language)        JS+WASM ${kib(search.raw)} (${kib(search.gzip)} gzip); ` +
      `index files ${kib(search.index)}`,
  );
  if (failures.length > 0) {
    console.error(`check-site: ${failures.length} problems:\n- ${failures.join("\n- ")}`);
    return 1;
  }
  console.log(
    "check-site: OK (no inline script or style, <html lang> everywhere, all homes present, " +
      "docs pages as in src/content/docs with no script but search, search index complete, " +
      `canonical and language links at ${origin})`,
  );
  return 0;
}

process.exitCode = await main();
