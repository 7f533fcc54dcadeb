import type { CloudId } from "../../domain/clouds.ts";
import type { Locale } from "../../domain/locales.ts";
import { pagePath, type SiteRoute } from "../../site/routes.ts";

/**
 * The customer page (`customers/view/?id=…`): one static page for every customer, which reads
 * the id from its query (SPEC §4). Not a task page of src/site/tasks.ts: no home card leads to
 * it, the list does.
 */
export const CUSTOMER_VIEW_ROUTE: SiteRoute = "customers/view/";

/**
 * The address of the customer page, without the id (the browser adds `?id=`).
 *
 * @example
 * customerViewPath("germany", "ru-RU"); // "/germany/ru-ru/customers/view/"
 */
export function customerViewPath(cloud: CloudId, locale: Locale): string {
  return pagePath(cloud, locale, CUSTOMER_VIEW_ROUTE);
}
