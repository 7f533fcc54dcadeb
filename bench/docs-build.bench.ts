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
  time: BuildTime;
  index: number;
  firstQuery: { files: number; bytes: number; gzip: number };
}

/** Wall-clock and CPU seconds (user + system, the build and the Pagefind indexer it runs). */
interface BuildTime {
  wall: number;
  cpu: number;
}

/** `0m42.781s` (bash `times`) → 42.781. */
function bashSeconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

/**
 * Runs `astro build` on `dir` in a child shell and returns how long it took. The machine is
 * shared: CPU time (bash `times` after the build, which counts the build and everything it
 * waited for) is what the ratio is taken on; wall time is printed beside it.
 */
function build(dir: string): Promise<BuildTime> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const astro = fileURLToPath(new URL("node_modules/astro/bin/astro.mjs", root));
    const child = spawn(
      "bash",
      [
        "-c",
        '"$1" "$2" build > /dev/null; status=$?; times; exit $status',
        "build",
        process.execPath,
        astro,
      ],
      {
        cwd: fileURLToPath(root),
        env: { ...process.env, [DOCS_DIR_ENV]: dir, ASTRO_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    }, BUILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const wall = (performance.now() - started) / 1000;
      // `times` prints the shell's own user/system times, then its children's.
      const [user = "", system = ""] = output.trim().split("\n").at(-1)?.split(/\s+/) ?? [];
      const cpu = bashSeconds(user) + bashSeconds(system);
      if (code === 0 && Number.isFinite(cpu)) resolve({ wall, cpu });
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
    const time = await build(dir);
    const out = fileURLToPath(site);
    return {
      documents,
      pages: await countDocsPages(out),
      time,
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
    const perThousand = (seconds: number): string =>
      ((seconds / result.pages) * 1000).toFixed(1).padStart(6);
    console.log(
      `${`${size} documents/locale (${result.documents} files)`.padEnd(34)}` +
        `${String(result.pages).padStart(6)} docs pages  ` +
        `CPU ${result.time.cpu.toFixed(1).padStart(6)} s (${perThousand(result.time.cpu)} s/1,000 pages)  ` +
        `wall ${result.time.wall.toFixed(1).padStart(6)} s (${perThousand(result.time.wall)} s/1,000 pages)  ` +
        `index ${kib(result.index)}  first query ${result.firstQuery.files} files, ` +
        `${kib(result.firstQuery.gzip)} gzip (${kib(result.firstQuery.bytes)} as stored)`,
    );
  }
  const [small, large] = results;
  if (small && large) {
    const pages = large.pages / small.pages;
    const label = `build CPU time, ${large.pages} vs ${small.pages} pages (${pages.toFixed(1)}× the pages)`;
    console.log(
      `${label.padEnd(58)} ${(large.time.cpu / small.time.cpu).toFixed(2).padStart(7)}×   ` +
        `(target ≤ ${(pages * 1.1).toFixed(1)}×; wall ${(large.time.wall / small.time.wall).toFixed(2)}×)`,
    );
    console.log(
      `${"first search query at 1,000 documents/locale (gzip)".padEnd(58)} ${kib(large.firstQuery.gzip).padStart(10)}   (target ≤ 150 KiB)`,
    );
  }
}
