import { CLOUDS, CLOUD_IDS, type CloudId } from "../domain/clouds.ts";
import { translator } from "../domain/i18n.ts";
import { DEFAULT_LOCALE, LOCALES, LOCALE_IDS, type Locale } from "../domain/locales.ts";
import {
  docsHref,
  linkTargetSlug,
  listPagesFor,
  portalHref,
  renderDocfx,
  type DocfxDocument,
  type DocfxPage,
  type DocfxWinner,
} from "../lib/docfx/index.ts";
import { stripInlineMarkdown } from "../lib/docfx/text.ts";
import {
  explainUnavailableLinks,
  revealableOriginals,
  unavailableHref,
  type UnavailableReason,
} from "./docs-html.ts";
import type { DocsTocs } from "./docs-nav.ts";
import { SIGN_IN_ROUTE, pagePath, routeExists, type SiteRoute } from "./routes.ts";
import { TASK_IDS, TASK_PAGES, taskOffered, type TaskId } from "./tasks.ts";

/**
 * The documentation half of the site: which pages each cloud × locale has, in sidebar order,
 * rendered with the portal's links (SPEC §5). Pure: the set is loaded and checked by
 * docs-checks.ts from files read from disk (docs-files.ts) or by Vite (docs-content.ts).
 */

/**
 * The sidebar order of the known pages (SPEC §5 order: overview, customer tasks, relationships,
 * indirect reselling, help for customer administrators). Other pages follow, by title.
 */
export const DOCS_ORDER: readonly string[] = [
  "customer-accounts-overview",
  "add-a-new-customer",
  "see-your-customer-list",
  "update-customer-account-details",
  "request-a-reseller-relationship",
  "invite-with-an-indirect-provider",
  "remove-a-reseller-relationship",
  "indirect-reseller-tasks",
  "admin-relationships",
  "customer-administrator-help",
];

/**
 * The portal page that performs the task each page describes (SPEC §5): the page offers it as
 * its main action, on top of the links in its text.
 */
export const DOCS_TASKS: Readonly<Record<string, TaskId | "signIn">> = {
  "customer-accounts-overview": "customers",
  "add-a-new-customer": "newCustomer",
  "see-your-customer-list": "customers",
  "update-customer-account-details": "customers",
  "request-a-reseller-relationship": "invitations",
  "invite-with-an-indirect-provider": "indirectProviders",
  "remove-a-reseller-relationship": "customers",
  "indirect-reseller-tasks": "indirectProviders",
  "customer-administrator-help": "signIn",
  "admin-relationships": "adminRelationships",
};

/**
 * The main action of a documentation page in one cloud × locale: the task page's address, or
 * null while that page is not built (or not offered in the cloud); undefined when the page
 * describes no task.
 *
 * @example
 * docsTask("china", "en", "customer-administrator-help"); // { task: "signIn", href: "/china/en/sign-in/" }
 */
export function docsTask(
  cloud: CloudId,
  locale: Locale,
  slug: string,
): { task: TaskId | "signIn"; href: string | null } | undefined {
  const task = DOCS_TASKS[slug];
  if (task === undefined) return undefined;
  const route = task === "signIn" ? SIGN_IN_ROUTE : TASK_PAGES[task].path;
  return { task, href: routeExists(cloud, locale, route) ? pagePath(cloud, locale, route) : null };
}

/**
 * Portal routes of SPEC §4 that documentation may link to (`portal:customers/view/`) before
 * their page is built; any other `portal:` path is a broken link.
 */
const PLANNED_ROUTES: readonly SiteRoute[] = ["customers/view/", "invitations/accept/"];
const KNOWN_ROUTES: ReadonlySet<SiteRoute> = new Set([
  "",
  "sign-in/",
  ...Object.values(TASK_PAGES).map((task) => task.path),
  ...PLANNED_ROUTES,
]);

/**
 * The route of a documentation page in its cloud × locale.
 *
 * @example
 * docsRoute("add-a-new-customer"); // "docs/add-a-new-customer/"
 */
export function docsRoute(slug: string): SiteRoute {
  return `docs/${slug}/`;
}

/**
 * The slug of a documentation route, or null for any other route.
 *
 * @example
 * docsSlugOf("docs/add-a-new-customer/"); // "add-a-new-customer"
 * docsSlugOf("sign-in/"); // null
 */
export function docsSlugOf(route: SiteRoute | null): string | null {
  return /^docs\/([a-z0-9][a-z0-9_-]*)\/$/.exec(route ?? "")?.[1] ?? null;
}

/**
 * A documentation set checked and ready to render: every document, and the one winner of each
 * (cloud, locale, slug).
 */
export interface DocsCatalog {
  documents: readonly DocfxDocument[];
  winners: readonly DocfxWinner<DocfxDocument>[];
  /** The set's tables of contents, by locale (docs-nav.ts); none: pages in sidebar order. */
  tocs?: DocsTocs;
}

/**
 * A page in a cloud × locale's sidebar (and on its home): enough to link to it.
 *
 * @example
 * const entry: DocsEntry = docsEntries(catalog, "china", "ru-RU")[0];
 */
export interface DocsEntry {
  slug: string;
  /** The front matter title (the document's `<title>`). */
  title: string;
  /** The H1: the page's name in the sidebar and on the page. */
  heading: string;
  description: string | null;
  href: string;
  /** The locale's translation is missing: the English page is shown. */
  fallback: boolean;
  /** The `lang` of the page's content (English on a fallback page). */
  lang: string;
}

/**
 * A documentation page rendered for one cloud × locale: the page model, and its body HTML with
 * the English originals of machine-translated sentences ready to reveal and links that cannot be
 * followed in this cloud explained in words.
 */
export interface DocsPage extends DocsEntry {
  page: DocfxPage;
  html: string;
  /** The English original of a machine-translated H1, when the file gives it. */
  headingOriginal: string | null;
}

/**
 * Every slug the set has, in any cloud.
 *
 * @example
 * allSlugs(catalog).has("request-a-reseller-relationship"); // true
 */
export function allSlugs(catalog: DocsCatalog): Set<string> {
  return new Set(catalog.winners.map((w) => w.slug));
}

/**
 * The slugs of the pages that apply to `cloud` (the same in every locale: a page a locale lacks
 * is shown in English).
 *
 * @example
 * docsSlugs(catalog, "china").has("request-a-reseller-relationship"); // false
 */
export function docsSlugs(catalog: DocsCatalog, cloud: CloudId): Set<string> {
  return new Set(
    catalog.winners
      .filter((w) => w.cloud === cloud && w.locale === DEFAULT_LOCALE)
      .map((w) => w.slug),
  );
}

/**
 * The locales that have their own translation of a page in `cloud` (no English fallback).
 *
 * @example
 * translatedLocales(catalog, "global", "add-a-new-customer"); // ["en", "fr-FR", "ru-RU"]
 */
export function translatedLocales(catalog: DocsCatalog, cloud: CloudId, slug: string): Locale[] {
  return translationIndex(catalog).get(`${cloud}/${slug}`) ?? [];
}

/** Per catalog, once: `cloud/slug` → the locales with their own translation, in LOCALE_IDS order. */
const translations = new WeakMap<DocsCatalog, Map<string, Locale[]>>();
function translationIndex(catalog: DocsCatalog): Map<string, Locale[]> {
  let index = translations.get(catalog);
  if (!index) {
    const found = new Map<string, Set<Locale>>();
    for (const w of catalog.winners) {
      const key = `${w.cloud}/${w.slug}`;
      found.set(key, (found.get(key) ?? new Set()).add(w.locale));
    }
    index = new Map(
      [...found].map(([key, locales]) => [key, LOCALE_IDS.filter((id) => locales.has(id))]),
    );
    translations.set(catalog, index);
  }
  return index;
}

/**
 * Whether `route` is a page of `cloud` in `locale`, documentation pages included: what the
 * switchers and `hreflang` alternates of a documentation page need.
 *
 * @example
 * const exists = docsRouteExists(catalog);
 * exists("china", "fr-FR", "docs/remove-a-reseller-relationship/"); // false
 */
export function docsRouteExists(
  catalog: DocsCatalog,
): (cloud: CloudId, locale: Locale, route: SiteRoute) => boolean {
  let exists = routeChecks.get(catalog);
  if (!exists) {
    // A page with an English document is built in every locale (with the fallback notice);
    // a translation-only page only in the locales that have it.
    const slugs = new Map(CLOUD_IDS.map((cloud) => [cloud, docsSlugs(catalog, cloud)]));
    exists = (cloud, locale, route) => {
      const slug = docsSlugOf(route);
      if (slug === null) return routeExists(cloud, locale, route);
      return (
        (slugs.get(cloud)?.has(slug) ?? false) ||
        translatedLocales(catalog, cloud, slug).includes(locale)
      );
    };
    routeChecks.set(catalog, exists);
  }
  return exists;
}

/** Every documentation page calls docsRouteExists: its slug sets are built once per catalog. */
const routeChecks = new WeakMap<
  DocsCatalog,
  (cloud: CloudId, locale: Locale, route: SiteRoute) => boolean
>();

function sidebarRank(slug: string): number {
  const rank = DOCS_ORDER.indexOf(slug);
  return rank < 0 ? DOCS_ORDER.length : rank;
}

/**
 * The pages of one cloud × locale in sidebar order, without rendering them.
 *
 * @example
 * docsEntries(catalog, "china", "ru-RU").map((e) => e.slug);
 * // ["customer-accounts-overview", "add-a-new-customer", …]
 */
export function docsEntries(catalog: DocsCatalog, cloud: CloudId, locale: Locale): DocsEntry[] {
  return listPagesFor(catalog.winners, cloud, locale)
    .map(({ slug, document, fallback }) => ({
      slug,
      title: document.title,
      heading: document.heading,
      description: document.description,
      href: docsHref(cloud, locale, slug),
      fallback,
      lang: LOCALES[document.locale].lang,
    }))
    .sort(
      (a, b) =>
        sidebarRank(a.slug) - sidebarRank(b.slug) || a.heading.localeCompare(b.heading, "en"),
    );
}

/**
 * Every documentation page of one cloud × locale, rendered, in sidebar order. Links go to the
 * same cloud and locale; a link to a page or task this cloud does not have, or to a task page
 * not built yet, becomes text that says so.
 *
 * @example
 * for (const page of renderDocs(catalog, "germany", "fr-FR")) page.html;
 */
export function renderDocs(catalog: DocsCatalog, cloud: CloudId, locale: Locale): DocsPage[] {
  // The build checks render every cloud × locale to find broken links; the pages then reuse it.
  const cached = renderings.get(catalog)?.get(`${cloud}/${locale}`);
  if (cached) return cached;
  const pages = renderPages(catalog, cloud, locale);
  if (!renderings.has(catalog)) renderings.set(catalog, new Map());
  renderings.get(catalog)?.set(`${cloud}/${locale}`, pages);
  return pages;
}

const renderings = new WeakMap<DocsCatalog, Map<string, DocsPage[]>>();

function renderPages(catalog: DocsCatalog, cloud: CloudId, locale: Locale): DocsPage[] {
  const entries = docsEntries(catalog, cloud, locale);
  const here = new Set(entries.map((e) => e.slug));
  const elsewhere = allSlugs(catalog);
  const listing = new Map(
    listPagesFor(catalog.winners, cloud, locale).map((l) => [l.slug, l.document]),
  );
  const resolveLink = (target: string): string | null => {
    const slug = linkTargetSlug(target);
    if (here.has(slug)) return docsHref(cloud, locale, slug);
    return elsewhere.has(slug) ? unavailableHref("cloud") : null;
  };
  const resolvePortal = (path: string): string | null => portalLink(cloud, locale, path);
  const t = translator(locale);
  const notes: Record<UnavailableReason, string> = {
    cloud: t("docs.unavailable.cloud", { cloud: CLOUDS[cloud].names[locale] }),
    soon: t("docs.unavailable.soon"),
  };
  return entries.flatMap((entry) => {
    const document = listing.get(entry.slug);
    if (!document) return [];
    const rendered = renderDocfx(document, { cloud, locale, resolveLink, resolvePortal });
    const noteLang = entry.fallback ? LOCALES[locale].lang : null;
    const html = revealableOriginals(
      explainUnavailableLinks(rendered.html, notes, noteLang),
      document.translation === "MT",
    );
    return [
      {
        ...entry,
        page: { ...document, ...rendered },
        html,
        headingOriginal: headingOriginal(document),
      },
    ];
  });
}

/**
 * The href of a `portal:` link: the task page when it exists in this cloud and locale, the
 * "unavailable" marker when SPEC §4 has the route but this cloud does not offer it or it is not
 * built yet, or null (a broken link) for anything else.
 */
function portalLink(cloud: CloudId, locale: Locale, path: string): string | null {
  const clean = path.replace(/^\/+/, "");
  const route = clean.replace(/[?#].*$/, "");
  const normalized = route === "" || route.endsWith("/") ? route : `${route}/`;
  if (!KNOWN_ROUTES.has(normalized)) return null;
  if (routeExists(cloud, locale, normalized)) {
    return pagePath(cloud, locale, normalized) + clean.slice(route.length);
  }
  const task = TASK_IDS.find((id) => TASK_PAGES[id].path === normalized);
  const offered =
    portalHref(cloud, locale, clean) !== null && (task === undefined || taskOffered(cloud, task));
  return unavailableHref(offered ? "soon" : "cloud");
}

/** The English original of a machine-translated H1: the sentence whose translation it is. */
function headingOriginal(document: DocfxDocument): string | null {
  if (document.translation !== "MT") return null;
  const heading = document.heading.trim();
  const sentence = document.sentences.find((s) => stripInlineMarkdown(s.translated) === heading);
  return sentence?.original ?? null;
}
