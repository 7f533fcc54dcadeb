import type { CloudId } from "../domain/clouds.ts";
import type { Locale } from "../domain/locales.ts";
import { DOCS_CONTENT_DIR, DOCS_FIXTURES_DIR } from "./docs-files.ts";
import { loadDocs } from "./docs-checks.ts";
import {
  docsEntries,
  renderDocs,
  type DocsCatalog,
  type DocsEntry,
  type DocsPage,
} from "./docs.ts";

/**
 * The documentation as the Astro pages see it: read by Vite (so `astro dev` reloads on edits),
 * checked once, rendered once per cloud × locale and cached for the whole build.
 */

declare global {
  interface ImportMetaEnv {
    /** Defined by the portal integration: whether this is a documentation fixture build. */
    readonly PORTAL_DOCS_FIXTURES: boolean;
  }
}

// Vite reads glob options statically: they must be written out as literals.
const content = import.meta.glob<string>("../content/docs/**/*.md", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** `../content/docs/en/a.md` (relative to this file) → `src/content/docs/en/a.md`. */
function projectPath(key: string, prefix: string, dir: string): string {
  return dir + key.slice(prefix.length);
}

async function files(): Promise<Record<string, string>> {
  const all: Record<string, string> = {};
  for (const [key, text] of Object.entries(content)) {
    all[projectPath(key, "../content/docs/", DOCS_CONTENT_DIR)] = text;
  }
  // A constant the integration defines: false in a production build, where this branch and
  // the fixture files are compiled out.
  if (import.meta.env.PORTAL_DOCS_FIXTURES) {
    const fixtures = import.meta.glob<string>("../../test/fixtures/docfx/site/**/*.md", {
      query: "?raw",
      import: "default",
    });
    for (const [key, load] of Object.entries(fixtures)) {
      all[projectPath(key, "../../test/fixtures/docfx/site/", DOCS_FIXTURES_DIR)] = await load();
    }
  }
  return all;
}

let catalog: Promise<DocsCatalog> | undefined;
const rendered = new Map<string, DocsPage[]>();

/**
 * The checked documentation set (the build fails with every problem listed if it is not sound).
 *
 * @example
 * const catalog = await docsCatalog();
 */
export function docsCatalog(): Promise<DocsCatalog> {
  catalog ??= files().then(loadDocs);
  return catalog;
}

/**
 * The pages of one cloud × locale, rendered, in sidebar order.
 *
 * @example
 * const pages = await docsPages("china", "ru-RU");
 */
export async function docsPages(cloud: CloudId, locale: Locale): Promise<DocsPage[]> {
  const key = `${cloud}/${locale}`;
  let pages = rendered.get(key);
  if (!pages) {
    pages = renderDocs(await docsCatalog(), cloud, locale);
    rendered.set(key, pages);
  }
  return pages;
}

/**
 * The sidebar entries of one cloud × locale, without rendering (for the home page).
 *
 * @example
 * const entries = await docsIndex("global", "fr-FR");
 */
export async function docsIndex(cloud: CloudId, locale: Locale): Promise<DocsEntry[]> {
  return docsEntries(await docsCatalog(), cloud, locale);
}
