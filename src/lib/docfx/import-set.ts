import { isPair, isScalar, parseDocument, visit } from "yaml";
import { DEFAULT_LOCALE, type Locale } from "../../domain/locales.ts";
import { DocfxError, type DocfxWarning } from "./docfx-error.ts";
import { rewriteMarkdownLinks, type LinkRewrite, type MarkdownLink } from "./import-links.ts";
import { expandIncludes } from "./includes.ts";
import { classifyHref } from "./links.ts";
import { englishFromOriginals, hasEveryOriginal } from "./mt-english.ts";
import { SLUG_PATTERN, type DocfxDocument } from "./page-model.ts";
import { parseDocfx } from "./parse.ts";
import { imagesToMarkdown } from "./prepare.ts";
import { classifySetFile, type SetFileKind } from "./set-files.ts";
import { resolveSetPath } from "./text.ts";
import { checkDocs, type TranslationOnly } from "./winners.ts";
import { yamlPageToMarkdown } from "./yaml-pages.ts";

/**
 * Options of {@link planImport}.
 *
 * @example
 * const options: ImportOptions = { mediaBase: "/docs-media", siteRoot: null };
 */
export interface ImportOptions {
  /** The site path under which copied images are served (`/docs-media`). */
  mediaBase: string;
  /**
   * Where site-absolute links of the set (`/azure/marketplace/…`) point, e.g. the published
   * site's locale root; null keeps them as text.
   */
  siteRoot: string | null;
  /**
   * The portal's own pages already in the content folder: an imported page claiming one of
   * their (cloud, locale, slug) is an error naming both, and their English pages count as the
   * English page of a translation.
   */
  existing?: readonly DocfxDocument[];
}

/** A page the import writes. @example const page: PlannedPage = plan.pages[0]; */
export interface PlannedPage {
  /** The set file it comes from (for an English page built from originals, that MT file). */
  file: string;
  /** Where it goes, relative to the content folder: `<locale>/<slug>.md`. */
  output: string;
  /** The DocFX Markdown written there: includes inlined, links and images rewritten. */
  text: string;
  slug: string;
  locale: Locale;
  title: string;
  clouds: string[];
  translation: "HT" | "MT";
  roles: string[];
  roleLabels: string[];
  /** Links and images left as text: their target is not in the set (or not a page of it). */
  unresolvedLinks: string[];
  /** Those of `unresolvedLinks` that name a file the set has (the import should resolve them). */
  unresolvedInSet: string[];
  warnings: DocfxWarning[];
  /** Set for an English page built from the English originals of a machine-translated page. */
  englishFrom: string | null;
}

/**
 * What importing a set does: the pages, tables of contents and images to write, and every
 * other file with the reason it is skipped or in error. Every file of the set is in exactly
 * one of `pages` (by `file`), `skipped` or `errors`, except images and includes that pages use,
 * which are also listed in `media` / skipped with their use.
 *
 * @example
 * const plan = planImport(files, { mediaBase: "/docs-media", siteRoot: null });
 */
export interface ImportPlan {
  pages: PlannedPage[];
  tocs: { file: string; output: string; text: string; warnings: DocfxWarning[] }[];
  media: { file: string; output: string }[];
  skipped: { file: string; reason: string }[];
  errors: { file: string; line: number; message: string }[];
  translationOnly: TranslationOnly[];
}

interface SetEntry {
  file: string;
  bytes: Uint8Array;
  kind: SetFileKind;
}

interface ReadPage {
  file: string;
  doc: DocfxDocument;
  /** The page text with includes inlined and `:::image` as Markdown. */
  text: string;
  fileLine: (line: number) => number;
}

const decoder = new TextDecoder();
const textOf = (entry: SetEntry): string => decoder.decode(entry.bytes).replace(/^\uFEFF/, "");
const directory = (file: string): string => file.split("/").slice(0, -1).join("/");
const parentName = (file: string): string => file.split("/").at(-2)?.toLowerCase() ?? "";

/** Reads every page of the set; files that cannot be read as a page become errors. */
function readPages(
  entries: readonly SetEntry[],
  bySetPath: ReadonlyMap<string, SetEntry>,
  errors: ImportPlan["errors"],
): ReadPage[] {
  const pages: ReadPage[] = [];
  const readInclude = (setPath: string): string | null => {
    const entry = bySetPath.get(setPath.toLowerCase());
    return entry ? textOf(entry) : null;
  };
  for (const entry of entries) {
    if (entry.kind.kind !== "page") continue;
    const raw = textOf(entry);
    const source = entry.kind.yaml ? yamlPageToMarkdown(raw) : raw;
    if (source === null) {
      errors.push({ file: entry.file, line: 1, message: `${entry.file}:1: broken YAML page` });
      continue;
    }
    const expanded = expandIncludes(source, entry.file, readInclude);
    const fileLine = (line: number): number => expanded.lines[line - 1] ?? line;
    try {
      const doc = parseDocfx(expanded.text, entry.file, { fileLine });
      doc.warnings.push(...expanded.warnings);
      doc.warnings.sort((a, b) => a.line - b.line);
      pages.push({ file: entry.file, doc, text: imagesToMarkdown(expanded.text), fileLine });
    } catch (error) {
      if (!(error instanceof DocfxError)) throw error;
      errors.push({ file: error.file, line: error.line, message: error.message });
    }
  }
  return pages;
}

/**
 * Two files of one locale with one slug in different folders are different pages (README
 * "Identity"): their slugs take their folder's name (`marketplace-billing`), in every locale.
 */
function qualifyClashingSlugs(pages: readonly ReadPage[]): void {
  const groups = new Map<string, ReadPage[]>();
  for (const page of pages) {
    const key = `${page.doc.locale}\u0000${page.doc.slug}`;
    groups.set(key, [...(groups.get(key) ?? []), page]);
  }
  const clashing = new Set<string>();
  for (const group of groups.values()) {
    const clash = group.some((a, i) =>
      group
        .slice(i + 1)
        .some(
          (b) =>
            directory(a.file).toLowerCase() !== directory(b.file).toLowerCase() &&
            a.doc.clouds.some((cloud) => b.doc.clouds.includes(cloud)),
        ),
    );
    if (clash && group[0]) clashing.add(group[0].doc.slug);
  }
  for (const { doc } of pages) {
    const folder = parentName(doc.file).replace(/[^a-z0-9_-]+/g, "-");
    const qualified = `${folder}-${doc.slug}`;
    if (clashing.has(doc.slug) && folder && SLUG_PATTERN.test(qualified)) doc.slug = qualified;
  }
}

/** The ids a page answers to in a fragment: its headings and its `<a name>` / `id` anchors. */
function pageIds(page: ReadPage): Set<string> {
  const ids = new Set(page.doc.headings.map((h) => h.id));
  for (const m of page.text.matchAll(/<a\s+(?:name|id)\s*=\s*["']([^"']+)["']/gi)) {
    ids.add(m[1] ?? "");
  }
  return ids;
}

/** The locale most pages in `files` have, or English. */
function mostCommonLocale(locales: readonly Locale[]): Locale {
  const tally = new Map<Locale, number>();
  for (const locale of locales) tally.set(locale, (tally.get(locale) ?? 0) + 1);
  return [...tally].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULT_LOCALE;
}

/** A posix path from the folder of `from` to `to` (both relative to the content folder). */
function relativePath(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

/** The front matter key an imported page names its set file with (so a new import replaces it). */
export const IMPORTED_FROM = "ms.importedfrom";

/** Adds `ms.importedfrom: <file>` as the last front matter line, keeping the body's lines. */
function markImported(text: string, file: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (end < 0) return text;
  const kept = lines
    .slice(1, end)
    .filter((line) => !line.toLowerCase().startsWith(`${IMPORTED_FROM}:`));
  return [lines[0], ...kept, `${IMPORTED_FROM}: ${JSON.stringify(file)}`, ...lines.slice(end)].join(
    "\n",
  );
}

/** `<locale>/<slug>.md` for the variant with most clouds, `<slug>.<cloud-ids>.md` for the rest. */
function outputNames(docs: readonly DocfxDocument[]): Map<DocfxDocument, string> {
  const names = new Map<DocfxDocument, string>();
  const ordered = [...docs].sort(
    (a, b) => b.clouds.length - a.clouds.length || (a.file < b.file ? -1 : 1),
  );
  const taken = new Set<string>();
  for (const doc of ordered) {
    const plain = `${doc.locale}/${doc.slug}.md`;
    const name = taken.has(plain) ? `${doc.locale}/${doc.slug}.${doc.clouds.join("-")}.md` : plain;
    taken.add(name);
    names.set(doc, name);
  }
  return names;
}

/**
 * The English pages built from machine-translated pages that carry the English original of
 * every sentence, where the set has no English page of that slug (SPEC §5).
 */
function englishPages(read: readonly ReadPage[], existing: readonly DocfxDocument[]): ReadPage[] {
  const taken = new Set(
    [...read.map((p) => p.doc), ...existing]
      .filter((doc) => doc.locale === DEFAULT_LOCALE)
      .map((doc) => doc.slug),
  );
  const built: ReadPage[] = [];
  for (const page of read) {
    if (page.doc.translation !== "MT" || !hasEveryOriginal(page.doc) || taken.has(page.doc.slug)) {
      continue;
    }
    const text = englishFromOriginals(page.text, page.file);
    const doc = parseDocfx(text, page.file, { fileLine: page.fileLine });
    if (doc.slug !== page.doc.slug || doc.locale !== DEFAULT_LOCALE) continue;
    taken.add(doc.slug);
    built.push({ file: page.file, doc, text, fileLine: page.fileLine });
  }
  return built;
}

const TOC_LINK_KEYS = new Set(["href", "tocHref", "topicHref", "homepage"]);

/**
 * The tables of contents of the set, copied into the locale folder of the pages they list, at
 * their path in the set (`fr-FR/partner-center/TOC.yml`), their links rewritten to the imported
 * page files relative to the copy.
 */
function planTocs(entries: readonly SetEntry[], plan: ImportPlan): void {
  const pageOutput = new Map(
    plan.pages.filter((p) => p.englishFrom === null).map((p) => [p.file.toLowerCase(), p]),
  );
  const fallbackLocale = mostCommonLocale(plan.pages.map((p) => p.locale));
  const tocs = entries.filter((e) => e.kind.kind === "toc");
  const targetsOf = (entry: SetEntry): string[] => {
    const text = textOf(entry);
    const hrefs = /\.ya?ml$/i.test(entry.file)
      ? [...text.matchAll(/^\s*-?\s*(?:href|tocHref|topicHref|homepage):\s*["']?([^"'\s#]+)/gm)]
      : [...text.matchAll(/\]\(\s*<?([^)>\s#]+)/g)];
    return hrefs.map((m) => m[1] ?? "");
  };
  const tocOutput = new Map<string, string>();
  for (const entry of tocs) {
    const locales = targetsOf(entry)
      .map((target) => resolveSetPath(entry.file, target))
      .flatMap((setPath) => {
        const page = setPath === null ? undefined : pageOutput.get(setPath.toLowerCase());
        return page ? [page.locale] : [];
      });
    const locale = locales.length > 0 ? mostCommonLocale(locales) : fallbackLocale;
    tocOutput.set(entry.file.toLowerCase(), `${locale}/${entry.file}`);
  }
  for (const entry of tocs) {
    const output = tocOutput.get(entry.file.toLowerCase()) ?? entry.file;
    const warnings: DocfxWarning[] = [];
    const relink = (target: string, line: number): string | null => {
      const href = classifyHref(target);
      if (href.kind !== "page" || href.target.startsWith("/")) return null;
      const setPath = resolveSetPath(entry.file, href.target)?.toLowerCase() ?? "";
      const page = pageOutput.get(setPath);
      const to = page?.output ?? tocOutput.get(setPath);
      if (to) return relativePath(output, to) + (page ? href.fragment : "");
      warnings.push({
        line,
        message: `"${target}" is not an imported page of the set: kept as written`,
      });
      return null;
    };
    let text = textOf(entry);
    if (/\.ya?ml$/i.test(entry.file)) {
      const doc = parseDocument(text);
      const lines = text.split("\n");
      const lineOf = (offset: number): number => text.slice(0, offset).split("\n").length;
      visit(doc, {
        Pair(_key, pair) {
          if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
          if (!TOC_LINK_KEYS.has(String(pair.key.value))) return;
          const next = relink(String(pair.value.value), lineOf(pair.value.range?.[0] ?? 0));
          if (next !== null) pair.value.value = next;
        },
      });
      text = lines.length > 0 ? doc.toString({ lineWidth: 0 }) : text;
    } else {
      text = rewriteMarkdownLinks(text, (link) => {
        const next = relink(link.target, link.line);
        return next === null ? null : { target: next };
      });
    }
    plan.tocs.push({ file: entry.file, output, text, warnings });
    plan.skipped.push({
      file: entry.file,
      reason: `table of contents: copied to ${output} for the navigation`,
    });
  }
}

/**
 * Plans the import of a published DocFX set, given as its files (posix paths relative to the
 * set's root, and their bytes). Pure: the caller reads the folder and writes the plan out.
 *
 * @example
 * const plan = planImport(new Map([["a.md", bytes]]), { mediaBase: "/docs-media", siteRoot: null });
 * plan.pages[0]?.output; // "en/a.md"
 */
export function planImport(
  files: ReadonlyMap<string, Uint8Array>,
  options: ImportOptions,
): ImportPlan {
  const entries: SetEntry[] = [...files]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, bytes]) => ({ file, bytes, kind: classifySetFile(file, bytes) }));
  const bySetPath = new Map(entries.map((e) => [e.file.toLowerCase(), e]));
  const plan: ImportPlan = {
    pages: [],
    tocs: [],
    media: [],
    skipped: [],
    errors: [],
    translationOnly: [],
  };
  for (const entry of entries) {
    if (entry.kind.kind === "unreadable") {
      const { line, message } = entry.kind;
      plan.errors.push({ file: entry.file, line, message: `${entry.file}:${line}: ${message}` });
    } else if (entry.kind.kind === "other") {
      plan.skipped.push({ file: entry.file, reason: entry.kind.reason });
    }
  }

  const read = readPages(entries, bySetPath, plan.errors);
  qualifyClashingSlugs(read);
  const existing = options.existing ?? [];
  const english = englishPages(read, existing);
  const all = [...read, ...english];
  const imported = new Set(all.map((p) => p.doc));
  const checked = checkDocs([...existing, ...all.map((p) => p.doc)]);
  const problems = checked.problems.filter((p) => all.some((page) => page.doc.file === p.file));
  const translationOnly = checked.translationOnly.filter((t) =>
    [...imported].some((doc) => doc.file === t.file),
  );
  const rejected = new Set<string>();
  for (const problem of problems) {
    rejected.add(problem.file);
    plan.errors.push({
      file: problem.file,
      line: 1,
      message: `${problem.file}:1: ${problem.message}`,
    });
  }
  plan.translationOnly = translationOnly;
  const pages = all.filter((p) => !rejected.has(p.doc.file));
  const bySlug = new Map<string, ReadPage>();
  for (const page of pages) {
    const key = `${page.doc.locale}\u0000${page.doc.slug}`;
    if (!bySlug.has(key)) bySlug.set(key, page);
  }
  const pageByFile = new Map(read.map((p) => [p.file.toLowerCase(), p]));
  const idsOf = new Map<ReadPage, Set<string>>();
  const ids = (page: ReadPage): Set<string> => {
    const known = idsOf.get(page) ?? pageIds(page);
    idsOf.set(page, known);
    return known;
  };
  const usedMedia = new Map<string, string>();
  const outputs = outputNames(pages.map((p) => p.doc));

  for (const page of pages) {
    const { doc } = page;
    const output = outputs.get(doc) ?? `${doc.locale}/${doc.slug}.md`;
    const unresolved: string[] = [];
    const unresolvedInSet: string[] = [];
    const warnings = [...doc.warnings];
    const warn = (line: number, message: string): void => {
      warnings.push({ line: page.fileLine(line), message });
    };
    /** The page a relative target names: by path in the set, then by slug in the page's locale. */
    const pageFor = (target: string): ReadPage | undefined => {
      const setPath = resolveSetPath(page.file, target);
      const byPath = setPath === null ? undefined : pageByFile.get(setPath.toLowerCase());
      if (byPath) return byPath;
      const stem = (target.split(/[?#]/)[0] ?? "")
        .split("/")
        .pop()
        ?.replace(/\.(md|ya?ml|txt)$/i, "");
      // A translation links to the page's file name; the set may hold only its English page.
      const slug = stem?.toLowerCase() ?? "";
      return (
        bySlug.get(`${doc.locale}\u0000${slug}`) ?? bySlug.get(`${DEFAULT_LOCALE}\u0000${slug}`)
      );
    };
    const rewrite = (link: MarkdownLink): LinkRewrite => {
      const href = classifyHref(link.target);
      if (href.kind === "fragment") {
        const fragment = decodeURIComponent(href.href.slice(1));
        if (fragment === "" || ids(page).has(fragment)) return null;
        warn(link.line, `no heading "${fragment}" on this page: the link is kept as text`);
        return { text: link.text };
      }
      if (href.kind === "blocked") {
        warn(link.line, `link "${link.target}" has no target the portal links to: kept as text`);
        unresolved.push(link.target);
        return { text: link.text };
      }
      if (href.kind !== "page") return null;
      if (href.target.startsWith("/")) {
        if (options.siteRoot)
          return { target: options.siteRoot.replace(/\/$/, "") + href.target + href.fragment };
        warn(link.line, `site link "${link.target}" leaves the set: kept as text`);
        unresolved.push(link.target);
        return { text: link.text };
      }
      const setPath = resolveSetPath(page.file, href.target);
      const entry = setPath === null ? undefined : bySetPath.get(setPath.toLowerCase());
      if (entry?.kind.kind === "media") {
        const mediaOutput = `${doc.locale}/${entry.file}`;
        usedMedia.set(entry.file, mediaOutput);
        return { target: `${options.mediaBase.replace(/\/$/, "")}/${encodeURI(mediaOutput)}` };
      }
      if (link.image) {
        warn(link.line, `image "${link.target}" is not in the set: its alt text is shown`);
        unresolved.push(link.target);
        return { text: link.text };
      }
      const target = pageFor(href.target);
      if (!target) {
        const what = entry ? "is not an imported page of the set" : "is not in the set";
        warn(link.line, `link to "${link.target}" ${what}: kept as text`);
        unresolved.push(link.target);
        if (entry) unresolvedInSet.push(link.target);
        return { text: link.text };
      }
      const fragment = decodeURIComponent(href.fragment.slice(1));
      if (fragment && !ids(target).has(fragment)) {
        warn(link.line, `"${href.target}" has no heading "${fragment}": the link goes to the page`);
        return { target: `${target.doc.slug}.md` };
      }
      return { target: `${target.doc.slug}.md${href.fragment}` };
    };
    const text = markImported(rewriteMarkdownLinks(page.text, rewrite), page.file);
    plan.pages.push({
      file: doc.file,
      output,
      text,
      slug: doc.slug,
      locale: doc.locale,
      title: doc.title,
      clouds: doc.clouds,
      translation: doc.translation,
      roles: doc.roles,
      roleLabels: doc.roleLabels,
      unresolvedLinks: [...new Set(unresolved)],
      unresolvedInSet: [...new Set(unresolvedInSet)],
      warnings: warnings.sort((a, b) => a.line - b.line),
      englishFrom: english.includes(page) ? page.file : null,
    });
  }
  planTocs(entries, plan);
  for (const entry of entries) {
    if (entry.kind.kind === "media") {
      const output = usedMedia.get(entry.file);
      if (output) plan.media.push({ file: entry.file, output });
      plan.skipped.push({
        file: entry.file,
        reason: output
          ? `image: copied with the pages that show it`
          : "image no imported page shows",
      });
    } else if (entry.kind.kind === "include") {
      plan.skipped.push({
        file: entry.file,
        reason: "include: inlined into the pages that use it",
      });
    }
  }
  plan.skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  plan.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return plan;
}
