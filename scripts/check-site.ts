/**
 * Checks the built site in dist/: no inline script or style anywhere (the CSP forbids them), a
 * `lang` on every page, every cloud × locale home and 404 page present. Prints the size of dist
 * and the JavaScript and CSS each page loads.
 *
 * Run after `astro build`: `node scripts/check-site.ts`.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { CLOUD_IDS } from "../src/domain/clouds.ts";
import { LOCALES, LOCALE_IDS } from "../src/domain/locales.ts";
import { moduleImports, pageAssets, pageProblems } from "../src/site/html-check.ts";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

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

async function main(): Promise<number> {
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
    const { scripts, styles } = pageAssets(html);
    const js = { raw: 0, gzip: 0 };
    for (const module of await moduleGraph(scripts)) {
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

  const required = ["404.html", "_headers"];
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

  const sizes = { total: 0, html: 0, js: 0, css: 0 };
  for (const file of files) {
    const { size } = await stat(file);
    sizes.total += size;
    if (file.endsWith(".html")) sizes.html += size;
    else if (file.endsWith(".js")) sizes.js += size;
    else if (file.endsWith(".css")) sizes.css += size;
  }

  console.log(
    `check-site: ${pages.length} pages, ${files.length} files in dist; ` +
      `total ${kib(sizes.total)} (HTML ${kib(sizes.html)}, JS ${kib(sizes.js)}, CSS ${kib(sizes.css)})`,
  );
  // One line per kind of page (the clouds and locales of a route weigh the same).
  const byRoute = new Map<string, (typeof pageWeights)[number]>();
  for (const entry of pageWeights) {
    const route = entry.page.replace(/^[^/]+\/[^/]+\//, "{cloud}/{locale}/");
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
  if (failures.length > 0) {
    console.error(`check-site: ${failures.length} problems:\n- ${failures.join("\n- ")}`);
    return 1;
  }
  console.log(
    "check-site: OK (no inline script or style, <html lang> everywhere, all homes present)",
  );
  return 0;
}

process.exitCode = await main();
