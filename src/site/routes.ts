import { CLOUD_IDS, type CloudId } from "../domain/clouds.ts";
import { LOCALES, LOCALE_IDS, type Locale } from "../domain/locales.ts";
import { OPERATOR_PAGES, TASK_IDS, TASK_PAGES, taskPageExists, type TaskId } from "./tasks.ts";

/**
 * A page of one cloud × locale, as its path relative to `/{cloud}/{segment}/`: `""` is the home,
 * `"sign-in/"` the sign-in page. Always ends with a slash unless empty.
 */
export type SiteRoute = string;

export const HOME_ROUTE: SiteRoute = "";
export const SIGN_IN_ROUTE: SiteRoute = "sign-in/";
/** The folder of the documentation pages (`docs/{slug}/`); it has no page of its own. */
export const DOCS_ROUTE: SiteRoute = "docs/";
/** The id of the home page's documentation section, which lists every documentation page. */
export const DOCS_SECTION_ID = "docs-title";

/** Pages every cloud × locale has (the operator console's too: every cloud has operators). */
const COMMON_ROUTES: ReadonlySet<SiteRoute> = new Set([
  HOME_ROUTE,
  SIGN_IN_ROUTE,
  ...Object.values(OPERATOR_PAGES),
]);

/**
 * Pages that are no task card of their own but belong to one: they exist wherever their task's
 * page does (the customer page beside the list, the acceptance page beside the invitations).
 */
const PAGES_OF_TASKS: Readonly<Record<SiteRoute, TaskId>> = {
  "customers/view/": "customers",
  "invitations/accept/": "invitations",
  "admin-relationships/view/": "adminRelationships",
  "admin-relationships/approve/": "adminRelationships",
  "admin-relationships/replace/": "adminRelationships",
};

/**
 * The home of one cloud × locale.
 *
 * @example
 * homePath("germany", "fr-FR"); // "/germany/fr-fr/"
 */
export function homePath(cloud: CloudId, locale: Locale): string {
  return `/${cloud}/${LOCALES[locale].segment}/`;
}

/**
 * The path of `route` in one cloud × locale.
 *
 * @example
 * pagePath("usgov", "ru-RU", "sign-in/"); // "/usgov/ru-ru/sign-in/"
 */
export function pagePath(cloud: CloudId, locale: Locale, route: SiteRoute): string {
  return homePath(cloud, locale) + route;
}

/**
 * Whether `route` is a page of `cloud` in `locale` (task pages only where the cloud offers the
 * feature and the page is built).
 *
 * @example
 * routeExists("china", "en", "invitations/"); // false
 */
export function routeExists(cloud: CloudId, locale: Locale, route: SiteRoute): boolean {
  if (!Object.hasOwn(LOCALES, locale)) return false;
  if (COMMON_ROUTES.has(route)) return true;
  const task = Object.hasOwn(PAGES_OF_TASKS, route)
    ? PAGES_OF_TASKS[route]
    : TASK_IDS.find((id) => TASK_PAGES[id].path === route);
  return task !== undefined && taskPageExists(cloud, task);
}

/**
 * Whether a route is a page of a cloud × locale. {@link routeExists} knows the task pages; the
 * documentation pages pass one that also knows theirs (src/site/docs.ts `docsRouteExists`).
 *
 * @example
 * const exists: RouteExists = routeExists;
 */
export type RouteExists = (cloud: CloudId, locale: Locale, route: SiteRoute) => boolean;

/**
 * Where a switcher link leads: the same page in the other cloud or locale, or that
 * cloud × locale's home when the page does not exist there (or when there is no page to keep,
 * as on a 404 page: `route` null).
 *
 * @example
 * switchPath("sign-in/", "china", "en"); // "/china/en/sign-in/"
 * switchPath("invitations/", "china", "en"); // "/china/en/"
 * switchPath("docs/add-a-new-customer/", "china", "en", docsRouteExists(catalog)); // "/china/en/docs/add-a-new-customer/"
 */
export function switchPath(
  route: SiteRoute | null,
  cloud: CloudId,
  locale: Locale,
  exists: RouteExists = routeExists,
): string {
  return route !== null && exists(cloud, locale, route)
    ? pagePath(cloud, locale, route)
    : homePath(cloud, locale);
}

/** Props every cloud × locale page receives from `getStaticPaths`. */
export interface CloudLocaleProps {
  cloud: CloudId;
  locale: Locale;
}

/**
 * The `getStaticPaths` entries of every cloud × locale, optionally only where `route` exists.
 *
 * @example
 * export const getStaticPaths = () => cloudLocalePaths();
 */
export function cloudLocalePaths(
  route?: SiteRoute,
): { params: { cloud: CloudId; locale: string }; props: CloudLocaleProps }[] {
  return CLOUD_IDS.flatMap((cloud) =>
    LOCALE_IDS.filter((locale) => route === undefined || routeExists(cloud, locale, route)).map(
      (locale) => ({
        params: { cloud, locale: LOCALES[locale].segment },
        props: { cloud, locale },
      }),
    ),
  );
}

/**
 * The sign-in page's `returnTo` target, if it is safe to go to: a same-origin path inside the
 * same cloud × locale (so an attacker cannot bounce a fresh session to another site, RFC 9700
 * §4.11 on open redirectors), and not the sign-in page itself. Otherwise `fallback`.
 *
 * @example
 * safeReturnTo("/global/en/customers/?q=a", "global", "en", "/global/en/"); // "/global/en/customers/?q=a"
 * safeReturnTo("//evil.example/global/en/", "global", "en", "/global/en/"); // "/global/en/"
 */
export function safeReturnTo(
  value: string | null | undefined,
  cloud: CloudId,
  locale: Locale,
  fallback: string,
): string {
  if (!value?.startsWith("/")) return fallback;
  // Resolving against a sentinel origin catches every way a "path" can name another host:
  // `//host`, `/\host`, tabs or newlines the URL parser strips (WHATWG URL, special schemes).
  const base = "https://portal.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  const prefix = homePath(cloud, locale);
  if (url.origin !== base || !url.pathname.startsWith(prefix)) return fallback;
  if (url.pathname === pagePath(cloud, locale, SIGN_IN_ROUTE)) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * The sign-in page's address that comes back to `returnTo` afterwards.
 *
 * @example
 * signInPath("global", "en", "/global/en/audit/"); // "/global/en/sign-in/?returnTo=%2Fglobal%2Fen%2Faudit%2F"
 */
export function signInPath(
  cloud: CloudId,
  locale: Locale,
  returnTo?: string,
  change = false,
): string {
  const params = new URLSearchParams();
  if (change) params.set("change", "1");
  if (returnTo) params.set("returnTo", returnTo);
  const query = params.toString();
  return pagePath(cloud, locale, SIGN_IN_ROUTE) + (query ? `?${query}` : "");
}
