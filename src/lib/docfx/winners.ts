import type { CloudId } from "../../domain/clouds.ts";
import { DEFAULT_LOCALE, type Locale } from "../../domain/locales.ts";
import { DocfxSetError, type DocfxSetProblem } from "./docfx-error.ts";

/**
 * What winner selection needs to know about a document (a DocfxDocument or DocfxPage).
 *
 * @example
 * const ref: DocfxRef = { file: "en/a.md", slug: "a", locale: "en", clouds: ["global"] };
 */
export interface DocfxRef {
  file: string;
  slug: string;
  locale: Locale;
  clouds: readonly CloudId[];
}

/**
 * The one document shown for a (cloud, locale, slug).
 *
 * @example
 * const winner: DocfxWinner<DocfxRef> = { cloud: "global", locale: "en", slug: "a", document: ref };
 */
export interface DocfxWinner<T extends DocfxRef> {
  cloud: CloudId;
  locale: Locale;
  slug: string;
  document: T;
}

/**
 * A page listed for a (cloud, locale): its own translation, or English with `fallback: true`.
 *
 * @example
 * const entry: DocfxListing<DocfxRef> = { slug: "a", document: ref, fallback: true };
 */
export interface DocfxListing<T extends DocfxRef> {
  slug: string;
  document: T;
  fallback: boolean;
}

const keyOf = (cloud: CloudId, locale: Locale, slug: string): string =>
  `${cloud}\u0000${locale}\u0000${slug}`;

/**
 * A translation published without its English page (SPEC §5: localized sets hold only
 * translations): allowed, and listed in the build and import reports.
 *
 * @example
 * const entry: TranslationOnly = { file: "fr-FR/x.md", slug: "x", locale: "fr-FR", clouds: ["global"] };
 */
export interface TranslationOnly {
  file: string;
  slug: string;
  locale: Locale;
  clouds: CloudId[];
}

/**
 * Checks a set of documents without throwing: for each (cloud, locale, slug) the first
 * document claiming it wins and any other claimant is a problem naming both files. A
 * translation whose English page does not exist for some of its clouds is not a problem: it is
 * listed in `translationOnly`, with those clouds.
 *
 * @example
 * const { winners, problems, translationOnly } = checkDocs(docs);
 * problems; // [{ file: "b.md", message: 'b.md and a.md both claim "x" in en for global' }]
 */
export function checkDocs<T extends DocfxRef>(
  documents: readonly T[],
): { winners: DocfxWinner<T>[]; problems: DocfxSetProblem[]; translationOnly: TranslationOnly[] } {
  const byKey = new Map<string, DocfxWinner<T>>();
  const problems: DocfxSetProblem[] = [];
  for (const document of documents) {
    const clashes = new Map<string, CloudId[]>();
    for (const cloud of document.clouds) {
      const key = keyOf(cloud, document.locale, document.slug);
      const winner = byKey.get(key);
      if (winner)
        clashes.set(winner.document.file, [...(clashes.get(winner.document.file) ?? []), cloud]);
      else byKey.set(key, { cloud, locale: document.locale, slug: document.slug, document });
    }
    for (const [other, clouds] of clashes) {
      problems.push({
        file: document.file,
        message: `${document.file} and ${other} both claim "${document.slug}" in ${document.locale} for ${clouds.join(", ")}`,
      });
    }
  }
  const orphans = new Map<T, CloudId[]>();
  for (const winner of byKey.values()) {
    if (winner.locale === DEFAULT_LOCALE) continue;
    if (byKey.has(keyOf(winner.cloud, DEFAULT_LOCALE, winner.slug))) continue;
    orphans.set(winner.document, [...(orphans.get(winner.document) ?? []), winner.cloud]);
  }
  const translationOnly = [...orphans].map(([document, clouds]) => ({
    file: document.file,
    slug: document.slug,
    locale: document.locale,
    clouds,
  }));
  return { winners: [...byKey.values()], problems, translationOnly };
}

/**
 * The winning document of every (cloud, locale, slug).
 *
 * @throws {DocfxSetError} listing every conflict (two documents claiming one cloud, locale, slug).
 * @example
 * const winners = selectWinners(docs);
 * winners.find((w) => w.cloud === "china" && w.slug === "customer-accounts-overview");
 */
export function selectWinners<T extends DocfxRef>(documents: readonly T[]): DocfxWinner<T>[] {
  const { winners, problems } = checkDocs(documents);
  if (problems.length > 0) throw new DocfxSetError(problems);
  return winners;
}

/**
 * The pages of one (cloud, locale), sorted by slug: the locale's own documents (translations
 * without an English page included), plus the English ones it lacks, marked `fallback: true` so
 * the site shows a "not translated" notice.
 *
 * @example
 * listPagesFor(winners, "global", "ru-RU");
 * // [{ slug: "add-a-new-customer", document: …, fallback: false }, …]
 */
export function listPagesFor<T extends DocfxRef>(
  winners: readonly DocfxWinner<T>[],
  cloud: CloudId,
  locale: Locale,
): DocfxListing<T>[] {
  const inCloud = winners.filter((w) => w.cloud === cloud);
  const own = inCloud.filter((w) => w.locale === locale);
  const ownSlugs = new Set(own.map((w) => w.slug));
  const fallbacks = inCloud.filter((w) => w.locale === DEFAULT_LOCALE && !ownSlugs.has(w.slug));
  return [
    ...own.map((w) => ({ slug: w.slug, document: w.document, fallback: false })),
    ...fallbacks.map((w) => ({ slug: w.slug, document: w.document, fallback: true })),
  ].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}
