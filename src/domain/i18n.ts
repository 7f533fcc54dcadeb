import i18next, { type TFunction } from "i18next";
import { z } from "zod";
import en from "../../locales/en.json" with { type: "json" };
import frFR from "../../locales/fr-FR.json" with { type: "json" };
import ruRU from "../../locales/ru-RU.json" with { type: "json" };
import { LOCALES, LOCALE_IDS, type Locale } from "./locales.ts";

/** i18next plural suffixes (CLDR categories), e.g. `licenses_few`. */
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** A message key without its plural suffix: `licenses_few` → `licenses`. */
export function baseKey(key: string): string {
  return key.replace(PLURAL_SUFFIX, "");
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? "").sort();
}

const Messages = z.record(z.string().regex(/^[a-z][\w]*(\.[\w-]+)+$/), z.string().min(1));

/**
 * Checks every locale's messages against the English ones: the same keys (plural keys need
 * exactly the CLDR categories of their language), the same `{{placeholders}}`, no empty string.
 * Returns human-readable problems; an empty list means the catalogs are complete.
 *
 * @example
 * checkCatalogs({ en: { "a.b": "Hi" }, "fr-FR": {} }); // ["fr-FR: missing key a.b"]
 */
export function checkCatalogs(catalogs: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const parsed = new Map<string, Record<string, string>>();
  for (const id of LOCALE_IDS) {
    const result = Messages.safeParse(catalogs[id]);
    if (!result.success) {
      problems.push(
        ...result.error.issues.map((i) => `${id}: ${i.path.join(".") || "(file)"}: ${i.message}`),
      );
    } else parsed.set(id, result.data);
  }
  const reference = parsed.get("en");
  if (!reference) return problems;
  const referenceBases = new Map<string, string[]>();
  for (const [key, message] of Object.entries(reference)) {
    referenceBases.set(baseKey(key), placeholders(message));
  }
  for (const [id, messages] of parsed) {
    const categories = new Intl.PluralRules(LOCALES[id as Locale].intl).resolvedOptions()
      .pluralCategories;
    const bases = new Set(Object.keys(messages).map(baseKey));
    for (const base of referenceBases.keys()) {
      if (!bases.has(base)) problems.push(`${id}: missing key ${base}`);
    }
    for (const [key, message] of Object.entries(messages)) {
      const base = baseKey(key);
      const expected = referenceBases.get(base);
      if (!expected) {
        problems.push(`${id}: key ${key} is not in en`);
        continue;
      }
      if (JSON.stringify(placeholders(message)) !== JSON.stringify(expected)) {
        problems.push(`${id}: ${key} placeholders differ from en (${expected.join(", ")})`);
      }
    }
    const pluralBases = new Set(
      Object.keys(reference)
        .filter((k) => PLURAL_SUFFIX.test(k))
        .map(baseKey),
    );
    for (const base of pluralBases) {
      for (const category of categories) {
        if (!(`${base}_${category}` in messages)) {
          problems.push(`${id}: missing plural form ${base}_${category}`);
        }
      }
    }
  }
  return problems;
}

const catalogs = { en, "fr-FR": frFR, "ru-RU": ruRU } as Record<Locale, Record<string, string>>;

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(LOCALE_IDS.map((id) => [id, { translation: catalogs[id] }])),
  lng: "en",
  fallbackLng: "en",
  supportedLngs: LOCALE_IDS,
  initAsync: false,
  keySeparator: false,
  nsSeparator: false,
  returnNull: false,
  interpolation: { escapeValue: false },
});

/** The message keys, typed from the English catalog. */
export type MessageKey = keyof typeof en extends infer K
  ? K extends `${infer B}_${"one" | "other" | "few" | "many"}`
    ? B
    : K
  : never;

/**
 * A translator bound to `locale`. Interpolated values are not HTML-escaped: Astro and the DOM
 * escape at output.
 *
 * @example
 * t("ru-RU")("licenses.count", { count: 5 }); // "5 лицензий"
 */
export function translator(
  locale: Locale,
): (key: MessageKey, options?: Record<string, unknown>) => string {
  const fixed: TFunction = instance.getFixedT(locale);
  return (key, options) => {
    // Without `returnObjects` i18next answers a string; the key stands in for anything else.
    const text: unknown = fixed(key, options ?? {});
    return typeof text === "string" ? text : key;
  };
}

/** The raw messages of one locale (for the build check and the browser bundle). */
export function messagesOf(locale: Locale): Record<string, string> {
  return catalogs[locale];
}
