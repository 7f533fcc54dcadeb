import type { CloudId } from "../../domain/clouds.ts";
import type { Locale } from "../../domain/locales.ts";
import { DocfxError, DocfxSetError, type DocfxSetProblem } from "./docfx-error.ts";
import { createLinkResolver, docsHref } from "./links.ts";
import type { DocfxDocument, DocfxPage } from "./page-model.ts";
import { parseDocfx } from "./parse.ts";
import { renderDocfx, type RenderContext } from "./render.ts";
import { classifySetFile } from "./set-files.ts";
import { listPagesFor, type DocfxWinner } from "./winners.ts";

/**
 * A page of one (cloud, locale), rendered, with `fallback` set when it is the English page.
 *
 * @example
 * const [first]: RenderedListing[] = renderPagesFor(winners, "global", "ru-RU");
 */
export interface RenderedListing {
  slug: string;
  fallback: boolean;
  page: DocfxPage;
}

/**
 * Reads every file of a documentation set: the pages, and the files that are not pages (a
 * table of contents the importer copied next to them) with the reason they are skipped.
 *
 * @example
 * const { documents, skipped, problems } = readDocfxSet({ "en/a.md": a, "en/TOC.md": toc });
 */
export function readDocfxSet(files: Readonly<Record<string, string>>): {
  documents: DocfxDocument[];
  skipped: { file: string; reason: string }[];
  problems: DocfxSetProblem[];
} {
  const documents: DocfxDocument[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const problems: DocfxSetProblem[] = [];
  const encoder = new TextEncoder();
  for (const [file, source] of Object.entries(files)) {
    const kind = classifySetFile(file, encoder.encode(source));
    if (kind.kind === "toc") {
      skipped.push({ file, reason: "table of contents" });
      continue;
    }
    if (kind.kind === "other") {
      skipped.push({ file, reason: kind.reason });
      continue;
    }
    try {
      documents.push(parseDocfx(source, file));
    } catch (error) {
      if (!(error instanceof DocfxError)) throw error;
      problems.push({ file, message: error.message });
    }
  }
  return { documents, skipped, problems };
}

/**
 * Parses every page of a documentation set, reporting all broken files at once (tables of
 * contents and other files that are not pages are left out: see {@link readDocfxSet}).
 *
 * @throws {DocfxSetError} with one problem per file that does not parse (message has file:line).
 * @example
 * const docs = parseDocfxSet({ "en/a.md": sourceA, "fr-FR/a.md": sourceB });
 */
export function parseDocfxSet(files: Readonly<Record<string, string>>): DocfxDocument[] {
  const { documents, problems } = readDocfxSet(files);
  if (problems.length > 0) throw new DocfxSetError(problems);
  return documents;
}

/**
 * Every documentation page of one (cloud, locale), rendered for it: links to other pages go to
 * `/{cloud}/{locale}/docs/{slug}/` when that page exists there (in the locale or as an English
 * fallback), `portal:` links to the task pages of the same cloud and locale (through
 * `options.resolvePortal` when the site knows which pages are built).
 *
 * @example
 * const winners = selectWinners(parseDocfxSet(files));
 * for (const { slug, fallback, page } of renderPagesFor(winners, "germany", "fr-FR")) {
 *   // page.html, page.unresolvedLinks, page.roles …
 * }
 */
export function renderPagesFor(
  winners: readonly DocfxWinner<DocfxDocument>[],
  cloud: CloudId,
  locale: Locale,
  options: Pick<RenderContext, "resolvePortal"> = {},
): RenderedListing[] {
  const listing = listPagesFor(winners, cloud, locale);
  const resolveLink = createLinkResolver(
    listing.map((entry) => entry.slug),
    (slug) => docsHref(cloud, locale, slug),
  );
  return listing.map(({ slug, document, fallback }) => ({
    slug,
    fallback,
    page: { ...document, ...renderDocfx(document, { ...options, cloud, locale, resolveLink }) },
  }));
}
