import type { CloudId } from "../domain/clouds.ts";
import type { Locale } from "../domain/locales.ts";

/** What the layout tells browser modules about the page (`<html data-*>`, see Base.astro). */
export interface PageContext {
  cloud: CloudId;
  locale: Locale;
  /** The page's route relative to the cloud × locale home; null on a 404 page. */
  route: string | null;
  home: string;
  signIn: string;
}

/**
 * Reads the page context the layout rendered on `<html>`.
 *
 * @example
 * pageContext().locale; // "fr-FR"
 */
export function pageContext(): PageContext {
  const root = document.documentElement;
  const { cloud, route, home, signIn } = root.dataset;
  return {
    cloud: cloud as CloudId,
    locale: root.lang as Locale,
    route: route ?? null,
    home: home ?? "/",
    signIn: signIn ?? "/",
  };
}
