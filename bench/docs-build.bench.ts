/**
 * What building the documentation costs as a set grows: the site is built (a PORTAL_DOCS_DIR
 * build, into node_modules/.cache/, never dist/) on generated DocFX sets of 100 and 1,000
 * documents per locale, and the run prints build seconds per 1,000 pages and their ratio, the
 * Pagefind index size, and what the first search query downloads in Chromium.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { DOCS_DIR_ENV, DOCS_DIR_OUT_DIR } from "../src/site/docs-files.ts";
import { launch, siteContext } from "../test/e2e/chromium.ts";
import { generateDocs, generatedSlug } from "./docs-content.ts";

const root = new URL("../", import.meta.url);
const site = new URL(DOCS_DIR_OUT_DIR, root);
const SIZES = [100, 1000] as const;
/** A build taking longer than this is stopped: the benchmark must end by itself. */
const BUILD_TIMEOUT_MS = 30 * 60_000;
const ORIGIN = "http://docs-bench.test";

interface BuildResult {
  documents: number;
  pages: number;
  seconds: number;
  index: number;
  firstQuery: { files: number; bytes: number; gzip: number };
}

/** Runs `astro build` on `dir` in a child process and returns the seconds it took. */
function build(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("node_modules/astro/bin/astro.mjs", root)), "build"],
      {
        cwd: fileURLToPath(root),
        env: { ...process.env, [DOCS_DIR_ENV]: dir, ASTRO_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), BUILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`astro build on ${dir} failed (${code}):\n${errors.slice(-4000)}`));
    });
  });
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function countDocsPages(dir: string): Promise<number> {
  let pages = 0;
  for (const cloud of await readdir(dir, { withFileTypes: true })) {
    if (!cloud.isDirectory() || cloud.name === "pagefind" || cloud.name === "_astro") continue;
    for (const locale of await readdir(join(dir, cloud.name))) {
      const docs = join(dir, cloud.name, locale, "docs");
      pages += (await readdir(docs).catch(() => [])).length;
    }
  }
  return pages;
}

/**
 * What the first search on a French documentation page downloads from /pagefind/: Pagefind
 * stores its index chunks gzipped already; its JavaScript and JSON are counted as gzip would
 * serve them.
 */
async function firstQuery(): Promise<BuildResult["firstQuery"]> {
  const browser = await launch();
  try {
    const served: { path: string; body: Buffer }[] = [];
    const context = await siteContext(browser, ORIGIN, site, { locale: "fr-FR" }, (path, body) => {
      if (path.startsWith("/pagefind/")) served.push({ path, body });
    });
    const page = await context.newPage();
    await page.goto(`/global/fr-fr/docs/${generatedSlug(0)}/`);
    const input = page.getByTestId("docs-search-input");
    await input.waitFor({ state: "visible" });
    await input.fill("client");
    await input.press("Enter");
    await page.getByTestId("docs-search-results").locator("li").first().waitFor();
    let bytes = 0;
    let gzip = 0;
    for (const { path, body } of served) {
      bytes += body.length;
      gzip += /\.(?:js|json|css)$/.test(path) ? gzipSync(body).length : body.length;
    }
    return { files: served.length, bytes, gzip };
  } finally {
    await browser.close();
  }
}

async function measureSize(documentsPerLocale: number): Promise<BuildResult> {
  const dir = await mkdtemp(join(tmpdir(), `docs-bench-${documentsPerLocale}-`));
  try {
    const documents = await generateDocs(root, dir, documentsPerLocale);
    const seconds = await build(dir);
    const out = fileURLToPath(site);
    return {
      documents,
      pages: await countDocsPages(out),
      seconds,
      index: await folderBytes(join(out, "pagefind")),
      firstQuery: await firstQuery(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Builds the site on the generated sets, smallest first, and prints one line per size and the
 * ratio of the costs per page.
 *
 * @example
 * await docsBuildBench();
 */
export async function docsBuildBench(): Promise<void> {
  const results: BuildResult[] = [];
  for (const size of SIZES) {
    const result = await measureSize(size);
    results.push(result);
    const perThousand = (result.seconds / result.pages) * 1000;
    console.log(
      `${`${size} documents/locale (${result.documents} files)`.padEnd(34)}` +
        `${String(result.pages).padStart(6)} docs pages  build ${result.seconds.toFixed(1).padStart(6)} s` +
        `  ${perThousand.toFixed(1).padStart(6)} s/1,000 pages  index ${kib(result.index)}` +
        `  first query ${result.firstQuery.files} files, ${kib(result.firstQuery.gzip)} gzip (${kib(result.firstQuery.bytes)} as stored)`,
    );
  }
  const [small, large] = results;
  if (small && large) {
    const ratio = large.seconds / small.seconds;
    const pages = large.pages / small.pages;
    console.log(
      `${`build time ${large.pages} vs ${small.pages} pages (${pages.toFixed(1)}× the pages)`.padEnd(58)} ${ratio.toFixed(2).padStart(7)}×   (target ≤ ${(pages * 1.1).toFixed(1)}×)`,
    );
    console.log(
      `${"first search query at 1,000 documents/locale (gzip)".padEnd(58)} ${kib(large.firstQuery.gzip).padStart(10)}   (target ≤ 150 KiB)`,
    );
  }
}
