import type { CloudId } from "../domain/clouds.ts";
import type { Locale } from "../domain/locales.ts";
import { isTocFile } from "../lib/docfx/toc.ts";
import { DOCS_CONTENT_DIR, DOCS_FIXTURES_DIR, readDocsFiles, readTocFiles } from "./docs-files.ts";
import { loadDocs } from "./docs-checks.ts";
import { docsNavHtml, docsNavigation, readTocs } from "./docs-nav.ts";
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
    /** Defined by the portal integration: the absolute folder of a PORTAL_DOCS_DIR build, or "". */
    readonly PORTAL_DOCS_DIR: string;
  }
}

// Vite reads glob options statically: they must be written out as literals.
const content = import.meta.glob<string>("../content/docs/**/*.{md,yml,yaml}", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** `../content/docs/en/a.md` (relative to this file) → `src/content/docs/en/a.md`. */
function projectPath(key: string, prefix: string, dir: string): string {
  return dir + key.slice(prefix.length);
}

/** The pages, the TOC files, and the folder their paths start with. */
interface DocsFiles {
  pages: Record<string, string>;
  tocs: Record<string, string>;
  dir: string;
}

async function files(): Promise<DocsFiles> {
  // A PORTAL_DOCS_DIR build reads its folder from disk: generated or imported sets are too
  // large, and too far from the project, for Vite's glob.
  const dir = import.meta.env.PORTAL_DOCS_DIR;
  if (dir) {
    const root = new URL("file:///");
    return { pages: await readDocsFiles(root, [dir]), tocs: await readTocFiles(root, [dir]), dir };
  }
  const all: Record<string, string> = {};
  const tocs: Record<string, string> = {};
  for (const [key, text] of Object.entries(content)) {
    const file = projectPath(key, "../content/docs/", DOCS_CONTENT_DIR);
    if (isTocFile(file)) tocs[file] = text;
    else if (file.endsWith(".md")) all[file] = text;
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
  return { pages: all, tocs, dir: DOCS_CONTENT_DIR };
}

let catalog: Promise<DocsCatalog> | undefined;

/** One cloud × locale, rendered once for all of its pages. */
interface RenderedDocs {
  pages: DocsPage[];
  bySlug: Map<string, DocsPage>;
  sidebar: (current: string) => string;
}
const rendered = new Map<string, Promise<RenderedDocs>>();

function renderedDocs(cloud: CloudId, locale: Locale): Promise<RenderedDocs> {
  const key = `${cloud}/${locale}`;
  let docs = rendered.get(key);
  if (!docs) {
    docs = docsCatalog().then((set) => {
      const pages = renderDocs(set, cloud, locale);
      const nav = docsNavigation(set, cloud, locale, pages);
      return {
        pages,
        bySlug: new Map(pages.map((page) => [page.slug, page])),
        sidebar: docsNavHtml(nav, locale),
      };
    });
    rendered.set(key, docs);
  }
  return docs;
}

/**
 * The checked documentation set (the build fails with every problem listed if it is not sound).
 *
 * @example
 * const catalog = await docsCatalog();
 */
export function docsCatalog(): Promise<DocsCatalog> {
  // The same object the checks rendered (docs.ts keeps renderings per catalog), with its TOCs.
  catalog ??= files().then(({ pages, tocs, dir }) =>
    Object.assign(loadDocs(pages), { tocs: readTocs(tocs, dir) }),
  );
  return catalog;
}

/**
 * The pages of one cloud × locale, rendered, in sidebar order.
 *
 * @example
 * const pages = await docsPages("china", "ru-RU");
 */
export async function docsPages(cloud: CloudId, locale: Locale): Promise<DocsPage[]> {
  return (await renderedDocs(cloud, locale)).pages;
}

/**
 * One page of a cloud × locale, rendered, with its sidebar's navigation list as HTML (the
 * current page marked, the groups around it open).
 *
 * @throws {Error} when the cloud × locale has no such page.
 * @example
 * const { page, sidebar } = await docsPage("global", "fr-FR", "add-a-new-customer");
 */
export async function docsPage(
  cloud: CloudId,
  locale: Locale,
  slug: string,
): Promise<{ page: DocsPage; sidebar: string }> {
  const docs = await renderedDocs(cloud, locale);
  const page = docs.bySlug.get(slug);
  if (!page) throw new Error(`docs: no page "${slug}" in ${cloud}/${locale}`);
  return { page, sidebar: docs.sidebar(slug) };
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
