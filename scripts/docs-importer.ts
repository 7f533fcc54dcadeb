/**
 * The documentation importer as a function: reads a folder holding a published DocFX set,
 * plans the import (src/lib/docfx/import-set.ts) and, unless checking, writes the pages, tables
 * of contents and images. `scripts/docs-import.ts` is its command line.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DocfxWarning } from "../src/lib/docfx/docfx-error.ts";
import {
  IMPORTED_FROM,
  planImport,
  type ImportPlan,
  type PlannedPage,
} from "../src/lib/docfx/import-set.ts";
import { readDocfxSet, type DocfxDocument } from "../src/lib/docfx/index.ts";
import type { TranslationOnly } from "../src/lib/docfx/winners.ts";

/** Where pages go by default: the portal's documentation. */
export const DEFAULT_OUT = fileURLToPath(new URL("../src/content/docs/", import.meta.url));
/** Where images go by default: served by the site under {@link DEFAULT_MEDIA_BASE}. */
export const DEFAULT_MEDIA = fileURLToPath(new URL("../public/docs-media/", import.meta.url));
/** The site path of {@link DEFAULT_MEDIA}. */
export const DEFAULT_MEDIA_BASE = "/docs-media";

/**
 * What to import and where.
 *
 * @example
 * const options: DocsImportOptions = { folder: "/tmp/real-fr", out: "/tmp/out", check: true };
 */
export interface DocsImportOptions {
  folder: string;
  /** The content folder pages and tables of contents are written to (`<locale>/…`). */
  out?: string;
  /** The folder images are copied to (`<locale>/<path in the set>`). */
  media?: string;
  /** The site path the media folder is served under. */
  mediaBase?: string;
  /** Where site-absolute links of the set point (`https://learn.microsoft.com/fr-fr`). */
  siteRoot?: string | null;
  /** Report only: write nothing. */
  check?: boolean;
}

/**
 * The import report, the shape `--json` prints.
 *
 * @example
 * const report: DocsImportReport = await importDocs({ folder, out });
 * report.pages.length; // 368
 */
export interface DocsImportReport {
  folder: string;
  out: string;
  check: boolean;
  files: number;
  pages: (Omit<PlannedPage, "text"> & { warnings: DocfxWarning[] })[];
  tocs: { file: string; output: string; warnings: DocfxWarning[] }[];
  media: { file: string; output: string }[];
  skipped: { file: string; reason: string }[];
  errors: { file: string; line: number; message: string }[];
  translationOnly: TranslationOnly[];
  /** How long reading, planning and writing took, in milliseconds. */
  ms: number;
}

async function readSet(folder: string): Promise<Map<string, Uint8Array>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(folder, full).split(path.sep).join("/");
    if (relative.split("/").includes(".git")) continue;
    files.set(relative, await readFile(full));
  }
  return files;
}

/**
 * The pages already in the content folder that no import wrote (an imported page names its set
 * file in `ms.importedfrom` and is replaced by a new import).
 */
async function portalPages(out: string): Promise<DocfxDocument[]> {
  const names = await readdir(out, { recursive: true }).catch(() => []);
  const files: Record<string, string> = {};
  for (const name of names.map(String).filter((n) => n.endsWith(".md"))) {
    // Named as an author finds it: relative to where the import runs.
    const file = path.relative(process.cwd(), path.join(out, name)).split(path.sep).join("/");
    files[file] = await readFile(path.join(out, name), "utf8");
  }
  return readDocfxSet(files).documents.filter((doc) => doc.ms[IMPORTED_FROM] === undefined);
}

async function writeOut(
  plan: ImportPlan,
  folder: string,
  out: string,
  media: string,
): Promise<void> {
  const write = async (file: string, text: string): Promise<void> => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };
  for (const page of plan.pages) await write(path.join(out, page.output), page.text);
  for (const toc of plan.tocs) await write(path.join(out, toc.output), toc.text);
  for (const image of plan.media) {
    const target = path.join(media, image.output);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(folder, image.file), target);
  }
}

/**
 * Imports a published DocFX set: every file is imported, skipped with its reason, or in error
 * with its file and line (README "Importing documentation").
 *
 * @example
 * const report = await importDocs({ folder: "/tmp/real-fr", out: "/tmp/docs", check: true });
 * report.errors; // [{ file: "…", line: 1, message: "…:1: missing YAML front matter…" }]
 */
export async function importDocs(options: DocsImportOptions): Promise<DocsImportReport> {
  const started = performance.now();
  const out = options.out ?? DEFAULT_OUT;
  const media = options.media ?? DEFAULT_MEDIA;
  const files = await readSet(options.folder);
  const plan = planImport(files, {
    mediaBase: options.mediaBase ?? DEFAULT_MEDIA_BASE,
    siteRoot: options.siteRoot ?? null,
    existing: await portalPages(out),
  });
  const check = options.check === true;
  if (!check) await writeOut(plan, options.folder, out, media);
  return {
    folder: options.folder,
    out,
    check,
    files: files.size,
    pages: plan.pages.map(({ text: _text, ...page }) => page),
    tocs: plan.tocs.map(({ text: _text, ...toc }) => toc),
    media: plan.media,
    skipped: plan.skipped,
    errors: plan.errors,
    translationOnly: plan.translationOnly,
    ms: Math.round(performance.now() - started),
  };
}
