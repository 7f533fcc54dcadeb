import { CLOUD_IDS, type CloudId } from "../domain/clouds.ts";
import { LOCALE_IDS, type Locale } from "../domain/locales.ts";
import { checkDocs, classifyHref, linkTargetSlug, readDocfxSet } from "../lib/docfx/index.ts";
import { allSlugs, renderDocs, type DocsCatalog } from "./docs.ts";

/**
 * The documentation build checks (SPEC §5, STYLE "content checks as code"): run by the portal
 * integration before the build and again when the pages load the set. Every message names the
 * file, and the line where it can.
 */

/**
 * Parses and checks a documentation set.
 *
 * @throws {Error} listing every problem {@link docsProblems} finds.
 * @example
 * const catalog = loadDocs({ "src/content/docs/en/a.md": text });
 */
export function loadDocs(files: Readonly<Record<string, string>>): DocsCatalog {
  const { catalog, problems } = inspect(files);
  if (!catalog || problems.length > 0) throw new Error(problemsMessage(problems));
  return catalog;
}

/**
 * What the build reports without refusing it, one line each: translations published without
 * their English page (SPEC §5: a localized set holds only translations), the warnings of every
 * page (`file:line: message`), and the files that are not pages (a copied table of contents).
 *
 * @example
 * docsNotes(files);
 * // ['src/content/docs/fr-FR/x.md: published in fr-FR without an English page (global, usgov)']
 */
export function docsNotes(files: Readonly<Record<string, string>>): string[] {
  return inspect(files).notes;
}

/**
 * Every problem the build refuses, one line each: a file that does not parse (`file:line:`),
 * two documents claiming the same (cloud, locale, slug), a link to a page that exists in no
 * cloud or to a heading the page lacks, a `portal:` link to no portal page, and any other link
 * or image that cannot be shown. A translation without its English page is not a problem: it
 * is published in its own locale and listed by {@link docsNotes}.
 *
 * @example
 * docsProblems(files);
 * // ['src/content/docs/en/a.md:12: broken link "gone.md": no page "gone" exists']
 */
export function docsProblems(files: Readonly<Record<string, string>>): string[] {
  return inspect(files).problems;
}

/**
 * The message a build fails with.
 *
 * @example
 * problemsMessage(["a.md:1: broken link"]); // "Documentation has 1 problem:\n- a.md:1: broken link"
 */
export function problemsMessage(problems: readonly string[]): string {
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return `Documentation has ${count}:\n- ${problems.join("\n- ")}`;
}

interface Inspection {
  catalog: DocsCatalog | null;
  problems: string[];
  notes: string[];
}

/** The build asks for the problems and then the notes of the same files: inspected once. */
const inspections = new WeakMap<Readonly<Record<string, string>>, Inspection>();

function inspect(files: Readonly<Record<string, string>>): Inspection {
  let inspection = inspections.get(files);
  if (!inspection) {
    inspection = inspectFiles(files);
    inspections.set(files, inspection);
  }
  return inspection;
}

function inspectFiles(files: Readonly<Record<string, string>>): Inspection {
  const { documents, skipped, problems: unreadable } = readDocfxSet(files);
  if (unreadable.length > 0) {
    return { catalog: null, problems: unreadable.map((p) => p.message), notes: [] };
  }
  const checked = checkDocs(documents);
  const catalog = { documents, winners: checked.winners };
  // A link broken in several clouds or locales is one problem, naming where it is broken.
  const links = new Map<string, string[]>();
  for (const cloud of CLOUD_IDS) {
    for (const locale of LOCALE_IDS) {
      for (const { problem, where } of linkProblems(catalog, files, cloud, locale)) {
        const places = links.get(problem) ?? [];
        if (where) places.push(`${cloud}/${locale}`);
        links.set(problem, places);
      }
    }
  }
  const problems = [
    ...new Set(checked.problems.map((p) => p.message)),
    ...[...links].map(([problem, places]) =>
      places.length > 0 ? `${problem} in ${places.join(", ")}` : problem,
    ),
  ];
  const notes = [
    ...checked.translationOnly.map(
      (t) => `${t.file}: published in ${t.locale} without an English page (${t.clouds.join(", ")})`,
    ),
    ...documents.flatMap((d) => d.warnings.map((w) => `${d.file}:${w.line}: ${w.message}`)),
    ...skipped.map((s) => `${s.file}: not a page (${s.reason})`),
  ];
  return { catalog, problems, notes };
}

/** The 1-based line of the first needle found in `source` (tried in order), or 1. */
function lineOf(source: string | undefined, needles: readonly string[]): number {
  for (const needle of needles) {
    const at = source?.indexOf(needle) ?? -1;
    if (source !== undefined && at >= 0) return source.slice(0, at).split("\n").length;
  }
  return 1;
}

/**
 * The links of one cloud × locale's pages that the build refuses; `where` is set when the link
 * is broken only in some clouds or locales (a heading one variant of the target page lacks).
 */
function linkProblems(
  catalog: DocsCatalog,
  files: Readonly<Record<string, string>>,
  cloud: CloudId,
  locale: Locale,
): { problem: string; where: boolean }[] {
  const pages = renderDocs(catalog, cloud, locale);
  const ids = new Map(
    pages.map((p) => [p.href, { slug: p.slug, ids: new Set(elementIds(p.html)) }]),
  );
  const known = allSlugs(catalog);
  const problems: { problem: string; where: boolean }[] = [];
  for (const { page, html, href } of pages) {
    const at = (...needles: string[]): string =>
      `${page.file}:${lineOf(files[page.file], needles)}`;
    for (const raw of page.unresolvedLinks) {
      const link = classifyHref(raw);
      let reason = "cannot be shown";
      if (link.kind === "page") {
        const slug = linkTargetSlug(link.target);
        reason = known.has(slug) ? "cannot be resolved" : `no page "${slug}" exists`;
      } else if (link.kind === "portal") reason = "names no portal page (SPEC §4 routes)";
      else if (link.kind === "blocked") reason = "uses a scheme the portal does not link to";
      problems.push({
        problem: `${at(`(${raw}`, raw)}: broken link "${raw}": ${reason}`,
        where: false,
      });
    }
    for (const [, target = ""] of html.matchAll(/<a href="([^"]*#[^"]*)"/g)) {
      const [path = "", fragment = ""] = target.split("#");
      const linked = ids.get(path === "" ? href : path);
      if (!linked || linked.ids.has(decodeURIComponent(fragment))) continue;
      const written = path === "" ? `#${fragment}` : `${linked.slug}.md#${fragment}`;
      problems.push({
        problem: `${at(`#${fragment})`, `#${fragment}`)}: broken link "${written}": "${linked.slug}" has no heading "${fragment}"`,
        where: true,
      });
    }
  }
  return problems;
}

/** The `id` attributes of an HTML fragment. */
function elementIds(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? "");
}
