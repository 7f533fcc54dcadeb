import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

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
 * Reads the DocFX files under `dirs` (project-relative folders) into `{ "src/content/docs/en/a.md":
 * text }`, the shape the documentation checks and pages use, so every message names the file as
 * an author finds it.
 *
 * @example
 * const files = await readDocsFiles(new URL("../../", import.meta.url));
 */
export async function readDocsFiles(
  root: URL,
  dirs: readonly string[] = [DOCS_CONTENT_DIR],
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const dir of dirs) {
    const names = await readdir(fileURLToPath(new URL(dir, root)), { recursive: true });
    for (const name of names.map((n) => n.split("\\").join("/")).sort()) {
      if (!name.endsWith(".md")) continue;
      files[dir + name] = await readFile(new URL(dir + name, root), "utf8");
    }
  }
  return files;
}
