import type { CloudId } from "../domain/clouds.ts";
import { translator } from "../domain/i18n.ts";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "../domain/locales.ts";
import { linkTargetSlug, listPagesFor } from "../lib/docfx/index.ts";
import { escapeHtml } from "../lib/docfx/text.ts";
import {
  isTocFile,
  parseToc,
  tocNavigation,
  tocPages,
  type TocEntry,
  type TocNode,
} from "../lib/docfx/toc.ts";
import { docsEntries, type DocsCatalog, type DocsEntry } from "./docs.ts";

/**
 * The documentation sidebar of one cloud × locale: the set's tables of contents (TOC.yml /
 * TOC.md) resolved to the pages published there, the pages no TOC reaches in an "other pages"
 * group, or every page by title when the locale has no TOC. Rendered once per cloud × locale
 * as HTML with the current page's marks left open, because thousands of pages share it.
 */

/**
 * The tables of contents of a set, by the locale folder they are in (`<dir><locale>/…/TOC.yml`):
 * path → entries, paths as the documents' `file`s write them.
 *
 * @example
 * const tocs: DocsTocs = { "fr-FR": new Map([["src/content/docs/fr-FR/TOC.yml", entries]]) };
 */
export type DocsTocs = Readonly<Partial<Record<Locale, ReadonlyMap<string, readonly TocEntry[]>>>>;

/**
 * Reads the TOC files of a set (`{ path: text }`, paths below `dir`) by locale folder; a file
 * that is no TOC or is in no locale's folder is ignored.
 *
 * @throws {DocfxError} naming the file and line of a TOC that cannot be read.
 * @example
 * readTocs({ "src/content/docs/fr-FR/TOC.yml": text }, "src/content/docs/");
 */
export function readTocs(files: Readonly<Record<string, string>>, dir: string): DocsTocs {
  const tocs: Partial<Record<Locale, Map<string, readonly TocEntry[]>>> = {};
  for (const [file, source] of Object.entries(files)) {
    if (!isTocFile(file) || !file.startsWith(dir)) continue;
    const folder = file.slice(dir.length).split("/")[0] ?? "";
    const locale = (Object.keys(LOCALES) as Locale[]).find((id) => id === folder);
    if (locale === undefined) continue;
    (tocs[locale] ??= new Map()).set(file, parseToc(source, file).entries);
  }
  return tocs;
}

/**
 * One node of the sidebar: a page, a group of pages, or both.
 *
 * @example
 * const node: DocsNavNode = { name: "Clients", lang: null, entry: null, items: [] };
 */
export interface DocsNavNode {
  name: string;
  /** The `lang` of the name where it differs from the page's (an English TOC on a fallback). */
  lang: string | null;
  entry: DocsEntry | null;
  items: DocsNavNode[];
}

/**
 * The sidebar of one cloud × locale, in order: the locale's TOCs (else the English ones)
 * resolved to the pages published here, by file path, then by slug or file name; the pages
 * they do not reach in an "other pages" group. Without a TOC, every page, in sidebar order.
 *
 * @example
 * docsNavigation(catalog, "global", "fr-FR")[0]?.items.map((node) => node.name);
 */
export function docsNavigation(
  catalog: DocsCatalog,
  cloud: CloudId,
  locale: Locale,
  entries: readonly DocsEntry[] = docsEntries(catalog, cloud, locale),
): DocsNavNode[] {
  const flat = (entry: DocsEntry): DocsNavNode => ({
    name: entry.heading,
    lang: entry.fallback ? entry.lang : null,
    entry,
    items: [],
  });
  const own = catalog.tocs?.[locale];
  const tocLocale = own && own.size > 0 ? locale : DEFAULT_LOCALE;
  const tocs = catalog.tocs?.[tocLocale];
  if (!tocs || tocs.size === 0) return entries.map(flat);

  const bySlug = new Map(entries.map((entry) => [entry.slug, entry]));
  const byFile = new Map<string, DocsEntry>();
  const byName = new Map<string, DocsEntry>();
  for (const { slug, document } of listPagesFor(catalog.winners, cloud, locale)) {
    const entry = bySlug.get(slug);
    if (!entry) continue;
    byFile.set(document.file.toLowerCase(), entry);
    if (!byName.has(linkTargetSlug(document.file)))
      byName.set(linkTargetSlug(document.file), entry);
  }
  const resolve = (file: string): DocsEntry | null => {
    const name = linkTargetSlug(file);
    return byFile.get(file.toLowerCase()) ?? bySlug.get(name) ?? byName.get(name) ?? null;
  };
  const lang = tocLocale === locale ? null : LOCALES[tocLocale].lang;
  const toNode = (node: TocNode<DocsEntry>): DocsNavNode => ({
    name: node.name,
    lang,
    entry: node.page,
    items: node.items.map(toNode),
  });
  const toc = tocNavigation(tocs, resolve);
  const reached = new Set(tocPages(toc));
  if (reached.size === 0) return entries.map(flat);
  const nav = toc.map(toNode);
  const others = entries.filter((entry) => !reached.has(entry));
  if (others.length > 0) {
    nav.push({
      name: translator(locale)("docs.nav.other"),
      lang: null,
      entry: null,
      items: others.map(flat),
    });
  }
  return nav;
}

/** Marks in the prepared HTML: where `open` or `aria-current` goes, for a group or a page. */
const MARK = "\u0000";

/** Text for the prepared HTML: escaped, and never a mark. */
const html = (text: string): string => escapeHtml(text.replaceAll(MARK, ""));

/**
 * The sidebar's navigation list as HTML, prepared once: call the result with a page's slug to
 * get the list with that page marked `aria-current="page"` and the groups around it open.
 * Groups are `<details>`/`<summary>`, so the sidebar works without JavaScript.
 *
 * Only the top-level sections that hold the current page carry their whole tree; every other
 * section, closed, lists its first level, a sub-group there being a link to its first page
 * (where that section opens in full). So a page's sidebar grows with the number of sections,
 * not of pages: with the whole tree on every page, a set of 1,000 documents would write
 * 1,000 links into each of its thousands of pages.
 *
 * @example
 * const html = docsNavHtml(docsNavigation(catalog, "global", "fr-FR"), "fr-FR");
 * html("add-a-new-customer"); // '<ul class="docs-nav__list" role="list">…'
 */
export function docsNavHtml(
  nodes: readonly DocsNavNode[],
  locale: Locale,
): (current: string) => string {
  const badge = html(translator(locale)("docs.fallback.badge"));
  // The groups (by number) each page is inside.
  const groupsOf = new Map<string, Set<number>>();
  let groups = 0;
  const link = (node: DocsNavNode, entry: DocsEntry, mark: boolean): string => {
    const lang = node.lang === null ? "" : ` lang="${html(node.lang)}"`;
    const fallback = entry.fallback ? ` <span class="docs-nav__lang">(${badge})</span>` : "";
    const current = mark ? `${MARK}c${entry.slug}${MARK}` : "";
    return `<li><a class="docs-nav__link" href="${html(entry.href)}"${lang}${current}>${html(node.name)}</a>${fallback}</li>`;
  };
  const summary = (node: DocsNavNode): string => {
    const lang = node.lang === null ? "" : ` lang="${html(node.lang)}"`;
    return `<summary class="docs-nav__summary"${lang}>${html(node.name)}</summary>`;
  };
  /** A node's own page first, then its children. */
  const children = (node: DocsNavNode): DocsNavNode[] =>
    node.entry === null ? node.items : [{ ...node, items: [] }, ...node.items];
  const list = (items: readonly string[]): string =>
    `<ul class="docs-nav__list" role="list">${items.join("")}</ul>`;
  /** The whole tree of a node, with the marks a page fills in. */
  const full = (node: DocsNavNode, around: readonly number[]): string => {
    if (node.items.length === 0) {
      if (node.entry === null) return "";
      for (const group of around) addTo(groupsOf, node.entry.slug, group);
      return link(node, node.entry, true);
    }
    const group = groups++;
    const inside = [...around, group];
    const items = children(node).map((child) => full(child, inside));
    return `<li><details class="docs-nav__group"${MARK}g${group}${MARK}>${summary(node)}${list(items)}</details></li>`;
  };
  /** A closed section: its first level, sub-groups as links to their first page. */
  const closed = (node: DocsNavNode): string => {
    const items = children(node).map((child) => {
      const entry = child.entry ?? firstPage(child);
      return entry === null ? "" : link(child, entry, false);
    });
    return `<li><details class="docs-nav__group">${summary(node)}${list(items)}</details></li>`;
  };
  const sections = nodes.map((node) => {
    const first = groups;
    const parts = full(node, []).split(MARK);
    // The groups of this section are numbered first … groups - 1; the first is the section.
    return { parts, group: node.items.length > 0 ? first : null, closed: closed(node) };
  });
  return (current) => {
    const open = groupsOf.get(current);
    let out = "";
    for (const section of sections) {
      if (section.group !== null && !open?.has(section.group)) {
        out += section.closed;
        continue;
      }
      const { parts } = section;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] ?? "";
        if (i % 2 === 0) out += part;
        else if (part.startsWith("c"))
          out += part.slice(1) === current ? ' aria-current="page"' : "";
        else if (open?.has(Number(part.slice(1)))) out += " open";
      }
    }
    return list([out]);
  };
}

/** The first page of a node's tree, or null. */
function firstPage(node: DocsNavNode): DocsEntry | null {
  if (node.entry !== null) return node.entry;
  for (const child of node.items) {
    const entry = firstPage(child);
    if (entry !== null) return entry;
  }
  return null;
}

function addTo(map: Map<string, Set<number>>, key: string, value: number): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
