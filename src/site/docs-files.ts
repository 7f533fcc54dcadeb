import { readFile, readdir } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isTocFile } from "../lib/docfx/toc.ts";

/** The documentation, relative to the project root. */
export const DOCS_CONTENT_DIR = "src/content/docs/";

/**
 * Documentation test fixtures (a machine-translated French page, an untranslated page…) that
 * only a fixture build includes: see {@link DOCS_FIXTURES_ENV}.
 */
export const DOCS_FIXTURES_DIR = "test/fixtures/docfx/site/";

/**
 * Set to `1` to build the site with the documentation fixtures, into {@link DOCS_FIXTURES_OUT_DIR}
 * instead of `dist/` (the portal integration enforces both), for the browser tests only.
 */
export const DOCS_FIXTURES_ENV = "PORTAL_DOCS_FIXTURES";

/** Where a fixture build goes, relative to the project root: never `dist/`, never deployed. */
export const DOCS_FIXTURES_OUT_DIR = "node_modules/.cache/partner-portal/docs-fixture-site/";

/**
 * Whether this process builds with the documentation fixtures.
 *
 * @example
 * PORTAL_DOCS_FIXTURES=1 astro build  # docsFixturesEnabled() === true
 */
export function docsFixturesEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[DOCS_FIXTURES_ENV] === "1";
}

/**
 * Set to a folder (absolute, or relative to the project) to build the site with the
 * documentation in it instead of {@link DOCS_CONTENT_DIR}, into {@link DOCS_DIR_OUT_DIR}: how the
 * docs-build benchmark and the imported-set browser test build generated or imported content
 * without touching `src/content/docs` or `dist/`.
 */
export const DOCS_DIR_ENV = "PORTAL_DOCS_DIR";

/** Where a build of {@link DOCS_DIR_ENV} goes, relative to the project root: never `dist/`. */
export const DOCS_DIR_OUT_DIR = "node_modules/.cache/partner-portal/docs-dir-site/";

/**
 * The folder {@link DOCS_DIR_ENV} names, absolute and ending in `/`, or null when unset.
 *
 * @example
 * PORTAL_DOCS_DIR=/tmp/set astro build  # docsDirOverride() === "/tmp/set/"
 */
export function docsDirOverride(root: URL, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env[DOCS_DIR_ENV];
  if (!dir) return null;
  const absolute = isAbsolute(dir) ? dir : resolve(fileURLToPath(root), dir);
  return absolute.endsWith("/") ? absolute : `${absolute}/`;
}

/**
 * Reads the DocFX files under `dirs` (project-relative folders) into `{ "src/content/docs/en/a.md":
 * text }`, the shape the documentation checks and pages use, so every message names the file as
 * an author finds it.
 *
 * @example
 * const files = await readDocsFiles(new URL("../../", import.meta.url));
 */
export function readDocsFiles(
  root: URL,
  dirs: readonly string[] = [DOCS_CONTENT_DIR],
): Promise<Record<string, string>> {
  return readFiles(root, dirs, (name) => name.endsWith(".md") && !isTocFile(name));
}

/**
 * Reads the tables of contents (`TOC.yml`, `TOC.md`) under `dirs`, keyed like
 * {@link readDocsFiles}.
 *
 * @example
 * const tocs = await readTocFiles(new URL("../../", import.meta.url));
 */
export function readTocFiles(
  root: URL,
  dirs: readonly string[] = [DOCS_CONTENT_DIR],
): Promise<Record<string, string>> {
  return readFiles(root, dirs, isTocFile);
}

async function readFiles(
  root: URL,
  dirs: readonly string[],
  keep: (name: string) => boolean,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const dir of dirs) {
    const base = isAbsolute(dir)
      ? pathToFileURL(dir.endsWith("/") ? dir : `${dir}/`)
      : new URL(dir, root);
    const names = await readdir(fileURLToPath(base), { recursive: true });
    for (const name of names.map((n) => n.split("\\").join("/")).sort()) {
      if (!keep(name)) continue;
      files[dir + name] = await readFile(new URL(name, base), "utf8");
    }
  }
  return files;
}
