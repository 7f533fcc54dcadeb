import type { CloudId } from "../../domain/clouds.ts";
import type { Locale } from "../../domain/locales.ts";
import { DocfxError, DocfxSetError, type DocfxSetProblem } from "./docfx-error.ts";
import { createLinkResolver, docsHref } from "./links.ts";
import type { DocfxDocument, DocfxPage } from "./page-model.ts";
import { parseDocfx } from "./parse.ts";
import { renderDocfx, type RenderContext } from "./render.ts";
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
 * Parses every file of a documentation set, reporting all broken files at once.
 *
 * @throws {DocfxSetError} with one problem per file that does not parse (message has file:line).
 * @example
 * const docs = parseDocfxSet({ "en/a.md": sourceA, "fr-FR/a.md": sourceB });
 */
export function parseDocfxSet(files: Readonly<Record<string, string>>): DocfxDocument[] {
  const docs: DocfxDocument[] = [];
  const problems: DocfxSetProblem[] = [];
  for (const [file, source] of Object.entries(files)) {
    try {
      docs.push(parseDocfx(source, file));
    } catch (error) {
      if (!(error instanceof DocfxError)) throw error;
      problems.push({ file, message: error.message });
    }
  }
  if (problems.length > 0) throw new DocfxSetError(problems);
  return docs;
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
