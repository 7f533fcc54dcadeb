/**
 * The portal's locales, declared once. Everything that needs a locale list (routes, i18next,
 * the language switcher, Accept-Language negotiation) reads it from here.
 *
 * @example
 * LOCALES["fr-FR"].segment; // "fr-fr"
 */
export const LOCALES = {
  en: { label: "English", lang: "en", segment: "en", dir: "ltr", intl: "en-US" },
  "fr-FR": { label: "Français", lang: "fr-FR", segment: "fr-fr", dir: "ltr", intl: "fr-FR" },
  "ru-RU": { label: "Русский", lang: "ru-RU", segment: "ru-ru", dir: "ltr", intl: "ru-RU" },
} as const satisfies Record<
  string,
  { label: string; lang: string; segment: string; dir: "ltr" | "rtl"; intl: string }
>;

export type Locale = keyof typeof LOCALES;
export type LocaleSegment = (typeof LOCALES)[Locale]["segment"];

export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_IDS = Object.keys(LOCALES) as Locale[];

/** The locale whose URL segment is `segment` (`"fr-fr"` → `"fr-FR"`), or undefined. */
export function localeFromSegment(segment: string): Locale | undefined {
  return LOCALE_IDS.find((id) => LOCALES[id].segment === segment.toLowerCase());
}

/** Whether `value` is one of the portal's locale ids (exact case). */
export function isLocale(value: string): value is Locale {
  return Object.hasOwn(LOCALES, value);
}

/**
 * The best portal locale for an `Accept-Language` header (RFC 9110 §12.5.4): highest q first,
 * an exact tag before its primary language; `undefined` when nothing matches.
 *
 * @example
 * negotiateLocale("ru,en;q=0.8"); // "ru-RU"
 */
export function negotiateLocale(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    const exact = LOCALE_IDS.find((id) => id.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split("-")[0];
    const byLanguage = LOCALE_IDS.find((id) => id.toLowerCase().split("-")[0] === primary);
    if (byLanguage) return byLanguage;
  }
  return undefined;
}
