import { CLOUD_IDS, type CloudId } from "../../src/domain/clouds.ts";
import { LOCALE_IDS, type Locale } from "../../src/domain/locales.ts";
import { readDocsFiles } from "../../src/site/docs-files.ts";
import { loadDocs } from "../../src/site/docs-checks.ts";
import { docsEntries, type DocsCatalog, type DocsEntry } from "../../src/site/docs.ts";

/** The documentation the production build is made of (src/content/docs), read as it does. */
export const catalog: DocsCatalog = loadDocs(
  await readDocsFiles(new URL("../../", import.meta.url)),
);

/**
 * The documentation pages of one cloud × locale, in sidebar order.
 *
 * @example
 * entries("china", "ru-RU").map((e) => e.href);
 */
export function entries(cloud: CloudId, locale: Locale): DocsEntry[] {
  return docsEntries(catalog, cloud, locale);
}

/** Every documentation page of the site, as paths: `/global/en/docs/add-a-new-customer/`. */
export const allDocsPaths: string[] = CLOUD_IDS.flatMap((cloud) =>
  LOCALE_IDS.flatMap((locale) => entries(cloud, locale).map((e) => e.href)),
);
