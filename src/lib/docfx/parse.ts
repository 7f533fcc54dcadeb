import { CLOUD_IDS } from "../../domain/clouds.ts";
import { DocfxError, lineAt } from "./docfx-error.ts";
import { readFrontMatter } from "./front-matter.ts";
import { readHeadings } from "./headings.ts";
import { lexDocfx } from "./markdown-lexer.ts";
import { extractMetadataLists } from "./metadata-lists.ts";
import { extractSentences, SENTINELS } from "./mt-sentences.ts";
import { SLUG_PATTERN, type DocfxDocument, type DocfxPage } from "./page-model.ts";
import { linkTargetSlug } from "./links.ts";
import { dropIncludes, imagesToMarkdown, stripComments } from "./prepare.ts";
import { renderDocfx, type RenderContext } from "./render.ts";
import { fencedLines, plainTitle, slugFromPath } from "./text.ts";

const H1_LINE = /^ {0,3}#(?:\s|$)/;
const TEXT_EXTENSION = /\.(?:md|markdown|mdown|txt|ya?ml)$/i;
/** Names given by exports that number their files (`0001_…`): they carry no slug. */
const EXPORT_COUNTER = /^\d+(?:_+|$)/;

/**
 * The page slug (SPEC §5, README "Identity"): the file name, which translations share across
 * locales, without its extension and cloud suffix; the H1 anchor when the file name carries
 * none (an exported `0001_…` name, spaces); then the exported name without its counter.
 */
function pageSlug(anchor: string | null, file: string, line: number): string {
  const stem = linkTargetSlug(slugFromPath(file).replace(TEXT_EXTENSION, ""));
  const candidates = [
    EXPORT_COUNTER.test(stem) ? null : stem,
    anchor?.toLowerCase() ?? null,
    stem.replace(EXPORT_COUNTER, ""),
  ];
  const slug = candidates.find((c): c is string => c !== null && SLUG_PATTERN.test(c));
  if (slug) return slug;
  throw new DocfxError(
    file,
    line,
    `no page slug: the file name "${stem}" is not one (lower-case letters, digits and hyphens) and the H1 has no <a name> anchor`,
  );
}

/** Options of {@link parseDocfx}. @example const options: ParseOptions = {}; */
export interface ParseOptions {
  /** Maps a line of `source` to the line of the file as written (after includes were inlined). */
  fileLine?: (line: number) => number;
}

/**
 * Reads one DocFX Markdown file into a page model: the front matter (keys in any case), the
 * slug, the clouds and roles of its "applies to" and "roles" lists (removed from the body), the
 * headings with their ids, and the machine-translated sentences with their English originals.
 * DocFX constructs Markdown lacks are rewritten first (comments, `:::image`). Whatever the
 * reader works around is listed in `warnings` with its line. No I/O: the caller reads the file
 * and passes its path for messages.
 *
 * @throws {DocfxError} naming `file` and the line, only when the file cannot be read as a page:
 *   no or broken front matter, an unsupported locale, no title, no slug, broken MT spans.
 * @example
 * const doc = parseDocfx(await readFile(path, "utf8"), "fr-FR/add-a-new-customer.md");
 * doc.slug; // "add-a-new-customer"
 * doc.locale; // "fr-FR"
 */
export function parseDocfx(
  source: string,
  file: string,
  options: ParseOptions = {},
): DocfxDocument {
  const fileLine = options.fileLine;
  if (!fileLine) return readDocument(source, file);
  try {
    const doc = readDocument(source, file);
    return { ...doc, warnings: doc.warnings.map((w) => ({ ...w, line: fileLine(w.line) })) };
  } catch (error) {
    if (!(error instanceof DocfxError)) throw error;
    throw new DocfxError(error.file, fileLine(error.line), error.reason);
  }
}

function readDocument(source: string, file: string): DocfxDocument {
  const clean = source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(SENTINELS, "");
  const { frontMatter, body: rawBody, warnings } = readFrontMatter(clean, file);
  const rawFenced = fencedLines(rawBody.split("\n"));
  const inCode = (offset: number): boolean => rawFenced[lineAt(rawBody, offset) - 1] === true;
  // Comments and images keep every line break, so offsets of the raw body keep their lines.
  const prepared = imagesToMarkdown(stripComments(rawBody, inCode));
  const included = dropIncludes(
    prepared,
    (offset) => lineAt(prepared, offset),
    (offset) => rawFenced[lineAt(prepared, offset) - 1] === true,
  );
  warnings.push(...included.warnings);
  const lines = included.text.split("\n");
  const fenced = fencedLines(lines);
  const lists = extractMetadataLists(lines, fenced);
  warnings.push(...lists.warnings);
  const { markdown, sentences } = extractSentences(
    lists.lines.join("\n"),
    file,
    (line) => fenced[line - 1] === true,
  );
  const { h1, headings } = readHeadings(lexDocfx(markdown));
  const h1Line = lines.findIndex((line, i) => !fenced[i] && H1_LINE.test(line)) + 1;
  const heading = plainTitle(h1?.text ?? "");
  const title = frontMatter.title === null ? heading : plainTitle(frontMatter.title);
  if (!title)
    throw new DocfxError(file, 1, "no title: the front matter has no title and the page no H1");
  if (frontMatter.title === null) {
    warnings.push({ line: h1Line || 1, message: "the front matter has no title: the H1 is used" });
  }
  return {
    file,
    slug: pageSlug(h1?.anchor ?? null, file, h1Line || 1),
    locale: frontMatter.locale,
    title,
    description: frontMatter.description && plainTitle(frontMatter.description),
    date: frontMatter.date,
    topic: frontMatter.topic,
    author: frontMatter.author,
    keywords: frontMatter.keywords,
    translation: frontMatter.translation,
    ms: frontMatter.ms,
    clouds: lists.clouds ?? [...CLOUD_IDS],
    appliesToAllClouds: lists.clouds === null,
    roles: lists.roles,
    roleLabels: lists.roleLabels,
    heading: heading || title,
    headings,
    sentences,
    markdown,
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
}

/**
 * Parses and renders in one step. Without a context, `portal:` links go to the page's first
 * cloud in its own locale and every relative page link is reported as unresolved.
 *
 * @example
 * const page = parseDocfxPage(source, "add-a-new-customer.md", {
 *   cloud: "global",
 *   locale: "en",
 *   resolveLink: createLinkResolver(slugs, (slug) => docsHref("global", "en", slug)),
 * });
 * page.html; // "<p>…</p>"
 */
export function parseDocfxPage(source: string, file: string, context?: RenderContext): DocfxPage {
  const doc = parseDocfx(source, file);
  const cloud = doc.clouds[0] ?? CLOUD_IDS[0] ?? "global";
  return { ...doc, ...renderDocfx(doc, context ?? { cloud }) };
}
