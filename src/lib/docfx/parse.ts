import { CLOUD_IDS } from "../../domain/clouds.ts";
import { DocfxError } from "./docfx-error.ts";
import { readFrontMatter } from "./front-matter.ts";
import { readHeadings } from "./headings.ts";
import { lexDocfx } from "./markdown-lexer.ts";
import { extractMetadataLists } from "./metadata-lists.ts";
import { extractSentences, SENTINELS } from "./mt-sentences.ts";
import { SLUG_PATTERN, type DocfxDocument, type DocfxPage } from "./page-model.ts";
import { renderDocfx, type RenderContext } from "./render.ts";
import { fencedLines, slugFromPath } from "./text.ts";

const H1_LINE = /^ {0,3}#(?:\s|$)/;

/** The page slug: the H1 anchor, else the file name up to its first dot. */
function pageSlug(anchor: string | null, file: string, line: number): string {
  const slug = (anchor ?? slugFromPath(file).split(".")[0] ?? "").toLowerCase();
  if (!SLUG_PATTERN.test(slug)) {
    const what = anchor === null ? "the file name" : "the H1 anchor";
    throw new DocfxError(
      file,
      line,
      `${what} "${slug}" is not a valid page slug (use lower-case letters, digits and hyphens)`,
    );
  }
  return slug;
}

/**
 * Reads one DocFX Markdown file into a page model: validated front matter, the slug from the
 * H1 anchor, the clouds and roles of its "applies to" and "roles" lists (removed from the
 * body), the headings with their ids, and the machine-translated sentences with their English
 * originals. No I/O: the caller reads the file and passes its path for messages.
 *
 * @throws {DocfxError} naming `file` and the line, for anything an author must fix.
 * @example
 * const doc = parseDocfx(await readFile(path, "utf8"), "fr-FR/add-a-new-customer.md");
 * doc.slug; // "add-a-new-customer"
 * doc.locale; // "fr-FR"
 */
export function parseDocfx(source: string, file: string): DocfxDocument {
  const clean = source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(SENTINELS, "");
  const { frontMatter, body } = readFrontMatter(clean, file);
  const lines = body.split("\n");
  const fenced = fencedLines(lines);
  const lists = extractMetadataLists(lines, fenced, file);
  const { markdown, sentences } = extractSentences(
    lists.lines.join("\n"),
    file,
    (line) => fenced[line - 1] === true,
  );
  const { h1, headings } = readHeadings(lexDocfx(markdown));
  const h1Line = lines.findIndex((line, i) => !fenced[i] && H1_LINE.test(line)) + 1;
  return {
    file,
    slug: pageSlug(h1?.anchor ?? null, file, h1Line || 1),
    locale: frontMatter.locale,
    title: frontMatter.title,
    description: frontMatter.description,
    date: frontMatter.date,
    topic: frontMatter.topic,
    author: frontMatter.author,
    keywords: frontMatter.keywords,
    translation: frontMatter.translation,
    ms: frontMatter.ms,
    clouds: lists.clouds ?? [...CLOUD_IDS],
    appliesToAllClouds: lists.clouds === null,
    roles: lists.roles,
    heading: h1?.text || frontMatter.title,
    headings,
    sentences,
    markdown,
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
