import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { DocfxError } from "./docfx-error.ts";
import { scalarText, stripInlineMarkdown } from "./text.ts";

/**
 * DocFX tables of contents (`TOC.yml`, `TOC.md`) → a nested navigation model. Pure: callers
 * read the files and pass their text and path; hrefs are resolved relative to the TOC's folder.
 */

/**
 * One entry of a table of contents, as the file writes it.
 *
 * @example
 * const entry: TocEntry = { name: "Clients", href: "customers.md", include: null, items: [], line: 3 };
 */
export interface TocEntry {
  name: string;
  /** The page the entry opens: `topicHref`, else an `href` that names no other TOC. */
  href: string | null;
  /** Another TOC whose entries become this entry's children (`href: sub/TOC.yml` or `sub/`). */
  include: string | null;
  items: TocEntry[];
  /** The 1-based line of the entry in its file. */
  line: number;
}

/**
 * Something a reader may want to fix in a TOC that does not stop it from being used.
 *
 * @example
 * const warning: TocWarning = { line: 12, message: "entry without a name left out" };
 */
export interface TocWarning {
  line: number;
  message: string;
}

/**
 * A navigation node: the entry's name, the page it opens (when published here), its children.
 *
 * @example
 * const node: TocNode<string> = { name: "Clients", page: "/global/fr-fr/docs/clients/", items: [] };
 */
export interface TocNode<T> {
  name: string;
  page: T | null;
  items: TocNode<T>[];
}

const TOC_NAME = /^toc\.(?:ya?ml|md)$/i;

/**
 * Whether a file is a DocFX table of contents (`TOC.yml`, `toc.yaml`, `TOC.md`, any case).
 *
 * @example
 * isTocFile("fr-FR/partner-center/TOC.yml"); // true
 * isTocFile("fr-FR/overview.md"); // false
 */
export function isTocFile(file: string): boolean {
  return TOC_NAME.test(file.split(/[\\/]/).at(-1) ?? "");
}

/** A TOC path an href names: `sub/TOC.yml` as written, `sub/` as a folder (its TOC found later). */
function includeOf(href: string): string | null {
  const clean = href.replace(/[?#].*$/, "");
  return isTocFile(clean) || clean.endsWith("/") ? clean : null;
}

function entryFrom(
  name: string,
  href: string | null,
  topicHref: string | null,
  line: number,
): TocEntry {
  const include = href === null ? null : includeOf(href);
  return { name, href: topicHref ?? (include === null ? href : null), include, items: [], line };
}

/**
 * Reads a `TOC.yml`: a list of `name`, `href`, `topicHref` and `items` (other keys such as
 * `displayName`, `tocHref` or `expanded` are ignored). An entry without a name is left out with
 * a warning.
 *
 * @throws {DocfxError} when the file is not YAML or not a list of entries.
 * @example
 * parseTocYaml("- name: Clients\n  href: customers.md\n", "fr-FR/TOC.yml").entries[0]?.href;
 * // "customers.md"
 */
export function parseTocYaml(
  source: string,
  file: string,
): { entries: TocEntry[]; warnings: TocWarning[] } {
  const lines = new LineCounter();
  const document = parseDocument(source.replace(/^\uFEFF/, ""), { lineCounter: lines });
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0].line ?? 1;
    throw new DocfxError(file, line, `TOC is not valid YAML: ${error.message.split("\n")[0]}`);
  }
  const warnings: TocWarning[] = [];
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const text = (node: unknown): string | null => (isScalar(node) ? scalarText(node.value) : null);
  const read = (list: unknown): TocEntry[] => {
    if (!isSeq(list)) return [];
    return list.items.flatMap((item) => {
      if (!isMap(item)) {
        warnings.push({ line: lineOf(item as Node), message: "TOC entry is not a mapping" });
        return [];
      }
      const name = text(item.get("name", true));
      if (name === null) {
        warnings.push({ line: lineOf(item), message: "TOC entry without a name left out" });
        return [];
      }
      const entry = entryFrom(
        name,
        text(item.get("href", true)),
        text(item.get("topicHref", true)),
        lineOf(item),
      );
      entry.items = read(item.get("items", true));
      return [entry];
    });
  };
  const root = document.contents;
  // DocFX also accepts a TOC with its list under `items:`.
  const list = isMap(root) ? root.get("items", true) : root;
  if (!isSeq(list)) {
    if (root === null) return { entries: [], warnings };
    throw new DocfxError(file, lineOf(root), "TOC must be a list of entries");
  }
  return { entries: read(list), warnings };
}

const HEADING = /^ {0,3}(#{1,6})\s*(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)[-*+]\s+(.*?)\s*$/;
const LINK = /^\[(.*)\]\(\s*<?([^)>\s]*)>?(?:\s+"[^"]*")?\s*\)$/;

/**
 * Reads a `TOC.md`: nested headings (`#`, `##` …) or nested list items, each a link
 * (`[name](href)`) or a plain name (a group).
 *
 * @example
 * parseTocMarkdown("# [Clients](customers.md)\n## [Ajouter](add.md)\n", "TOC.md").entries[0]?.items[0]?.name;
 * // "Ajouter"
 */
export function parseTocMarkdown(
  source: string,
  file: string,
): { entries: TocEntry[]; warnings: TocWarning[] } {
  void file;
  const roots: TocEntry[] = [];
  const warnings: TocWarning[] = [];
  // The open entries, deepest last, with the depth each was written at.
  const stack: { depth: number; entry: TocEntry }[] = [];
  let headingDepth = 0;
  let fence = false;
  source
    .replace(/^\uFEFF/, "")
    .split(/\r\n?|\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (/^\s*(```|~~~)/.test(raw)) fence = !fence;
      if (fence) return;
      const heading = HEADING.exec(raw);
      const item = heading ? null : LIST_ITEM.exec(raw);
      if (!heading && !item) return;
      let depth: number;
      let content: string;
      if (heading) {
        depth = (heading[1] ?? "#").length;
        headingDepth = depth;
        content = heading[2] ?? "";
      } else {
        // List items nest below the last heading, one level per two spaces of indentation.
        depth = headingDepth + 1 + Math.floor((item?.[1] ?? "").replace(/\t/g, "  ").length / 2);
        content = item?.[2] ?? "";
      }
      const link = LINK.exec(content);
      const name = stripInlineMarkdown(link ? (link[1] ?? "") : content).trim();
      if (name === "") {
        warnings.push({ line, message: "TOC entry without a name left out" });
        return;
      }
      const href = link?.[2] ? link[2] : null;
      const entry = entryFrom(name, href, null, line);
      while (stack.length > 0 && (stack.at(-1)?.depth ?? 0) >= depth) stack.pop();
      const parent = stack.at(-1)?.entry;
      (parent ? parent.items : roots).push(entry);
      stack.push({ depth, entry });
    });
  return { entries: roots, warnings };
}

/**
 * Reads a TOC file by its extension (`.md` → {@link parseTocMarkdown}, else YAML).
 *
 * @throws {DocfxError} when a YAML TOC cannot be read.
 * @example
 * parseToc(source, "fr-FR/partner-center/TOC.yml").entries;
 */
export function parseToc(
  source: string,
  file: string,
): { entries: TocEntry[]; warnings: TocWarning[] } {
  return file.toLowerCase().endsWith(".md")
    ? parseTocMarkdown(source, file)
    : parseTocYaml(source, file);
}

/** `a/b/` + `../c.md` → `a/c.md`; null for an absolute or external href. */
function joinHref(tocFile: string, href: string): string | null {
  const clean = href.replace(/[?#].*$/, "").trim();
  if (clean === "" || clean.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(clean)) return null;
  let target = clean;
  try {
    target = decodeURI(clean);
  } catch {
    // A malformed escape: keep the href as written.
  }
  const parts: string[] = tocFile.split("/").slice(0, -1);
  for (const part of target.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

/**
 * The TOCs a set's navigation starts from, shallowest first: those no other TOC includes, then
 * the first of any ring of TOCs that only include each other. DocFX `breadcrumb/` TOCs are for
 * breadcrumbs, not navigation, and are left out.
 */
function rootTocs(tocs: ReadonlyMap<string, readonly TocEntry[]>): string[] {
  const includes = new Map<string, string[]>();
  const collect = (file: string, entries: readonly TocEntry[], into: string[]): void => {
    for (const entry of entries) {
      const target = entry.include === null ? null : findToc(tocs, file, entry.include);
      if (target !== null && target !== file) into.push(target);
      collect(file, entry.items, into);
    }
  };
  for (const [file, entries] of tocs) {
    const into: string[] = [];
    collect(file, entries, into);
    includes.set(file, into);
  }
  const included = new Set([...includes.values()].flat());
  const files = [...tocs.keys()]
    .filter((file) => !/(^|\/)breadcrumb\//i.test(file))
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0));
  const reached = new Set<string>();
  const reach = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const next of includes.get(file) ?? []) reach(next);
  };
  const roots: string[] = [];
  for (const file of [...files.filter((f) => !included.has(f)), ...files]) {
    if (reached.has(file)) continue;
    roots.push(file);
    reach(file);
  }
  return roots;
}

/** The TOC file an include names (a folder names the TOC inside it), or null. */
function findToc(
  tocs: ReadonlyMap<string, readonly TocEntry[]>,
  from: string,
  include: string,
): string | null {
  const joined = joinHref(from, include);
  if (joined === null) return null;
  if (!include.endsWith("/")) return tocs.has(joined) ? joined : null;
  const folder = `${joined}/`;
  return (
    [...tocs.keys()].find(
      (file) => file.startsWith(folder) && isTocFile(file.slice(folder.length)),
    ) ?? null
  );
}

/**
 * The navigation of a set of TOC files (`{ path: entries }`): the root TOCs in order, with
 * included TOCs in place of the entries that name them. `resolvePage` gets each entry's page
 * path (relative to the set, like the TOC paths) and returns the page, or null when it is not
 * published here: such an entry is left out, and so is a group left with no page and no child.
 *
 * @example
 * const nav = tocNavigation(new Map([["fr-FR/TOC.yml", entries]]), (file) => pages.get(file) ?? null);
 * nav[0]?.items.map((node) => node.name);
 */
export function tocNavigation<T>(
  tocs: ReadonlyMap<string, readonly TocEntry[]>,
  resolvePage: (file: string) => T | null,
): TocNode<T>[] {
  const build = (file: string, entries: readonly TocEntry[], seen: Set<string>): TocNode<T>[] =>
    entries.flatMap((entry) => {
      const target = entry.href === null ? null : joinHref(file, entry.href);
      const page = target === null ? null : resolvePage(target);
      const items = build(file, entry.items, seen);
      const included = entry.include === null ? null : findToc(tocs, file, entry.include);
      if (included !== null && !seen.has(included)) {
        const nested = new Set(seen).add(included);
        items.push(...build(included, tocs.get(included) ?? [], nested));
      }
      if (page === null && items.length === 0) return [];
      return [{ name: entry.name, page, items }];
    });
  return rootTocs(tocs).flatMap((file) => build(file, tocs.get(file) ?? [], new Set([file])));
}

/**
 * Every page a navigation reaches, in order (a page listed twice counts once).
 *
 * @example
 * tocPages(nav).length;
 */
export function tocPages<T>(nodes: readonly TocNode<T>[]): T[] {
  const pages = new Set<T>();
  const visit = (list: readonly TocNode<T>[]): void => {
    for (const node of list) {
      if (node.page !== null) pages.add(node.page);
      visit(node.items);
    }
  };
  visit(nodes);
  return [...pages];
}
