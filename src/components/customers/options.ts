/**
 * Build-time data for the customer forms: the country, language and culture pickers with names
 * in the reader's language (Intl, at build time), and each country's rules as `data-*`
 * attributes, so the browser adapts the address fields without shipping zod or the rule table.
 */
import {
  COUNTRY_CODES,
  CULTURES,
  LANGUAGES,
  countryRule,
  type CountryCode,
  type Language,
} from "../../domain/countries.ts";
import { LOCALES, type Locale } from "../../domain/locales.ts";
import { DomainPrefix } from "../../domain/schemas/customer.ts";

/** One `<option>`: its value, label and `data-*` attributes. */
export interface Option {
  value: string;
  label: string;
  data?: Record<`data-${string}`, string>;
}

function sortByLabel(options: Option[], locale: Locale): Option[] {
  const collator = new Intl.Collator(LOCALES[locale].intl);
  return options.sort((a, b) => collator.compare(a.label, b.label));
}

/**
 * The supported countries, named in `locale` and sorted for it, each with its rules:
 * `data-states` (space-separated codes), `data-postal` (pattern source) and
 * `data-postal-example`, `data-phone` / `data-registration` (`required`), `data-cultures`.
 *
 * @example
 * countryOptions("ru-RU").find((o) => o.value === "RU")?.label; // "Россия"
 */
export function countryOptions(locale: Locale): Option[] {
  const names = new Intl.DisplayNames([LOCALES[locale].intl], { type: "region" });
  return sortByLabel(
    COUNTRY_CODES.map((code) => {
      const rule = countryRule(code);
      const data: Record<`data-${string}`, string> = { "data-cultures": rule.cultures.join(" ") };
      if (rule.states) data["data-states"] = rule.states.join(" ");
      if (rule.postalCode) {
        data["data-postal"] = rule.postalCode.pattern.source;
        data["data-postal-example"] = rule.postalCode.example;
      }
      if (rule.phoneRequired) data["data-phone"] = "required";
      if (rule.registrationNumberRequired) data["data-registration"] = "required";
      return { value: code, label: names.of(code) ?? code, data };
    }),
    locale,
  );
}

/**
 * The languages a customer account can use, named in `locale`.
 *
 * @example
 * languageOptions("fr-FR").find((o) => o.value === "de")?.label; // "allemand"
 */
export function languageOptions(locale: Locale): Option[] {
  const names = new Intl.DisplayNames([LOCALES[locale].intl], { type: "language" });
  return sortByLabel(
    LANGUAGES.map((code) => ({ value: code, label: names.of(code) ?? code })),
    locale,
  );
}

/**
 * Every culture, named in `locale` with its tag (the browser keeps those of the chosen country).
 *
 * @example
 * cultureOptions("en").find((o) => o.value === "fr-CA")?.label; // "French (Canada) · fr-CA"
 */
export function cultureOptions(locale: Locale): Option[] {
  // "standard": the language and its region ("French (Canada)"), never a dialect name.
  const names = new Intl.DisplayNames([LOCALES[locale].intl], {
    type: "language",
    languageDisplay: "standard",
  });
  return sortByLabel(
    CULTURES.map((tag) => ({ value: tag, label: `${names.of(tag) ?? tag} · ${tag}` })),
    locale,
  );
}

/** The country a new customer most likely has for a reader of `locale` (en: the US). */
export function defaultCountry(locale: Locale): CountryCode {
  const region = LOCALES[locale].intl.split("-")[1];
  return COUNTRY_CODES.find((code) => code === region) ?? "US";
}

/** The communication language matching the reader's own. */
export function defaultLanguage(locale: Locale): Language {
  const language = LOCALES[locale].lang.split("-")[0];
  return LANGUAGES.find((code) => code === language) ?? "en";
}

/**
 * The domain prefix pattern of the API's schema, for the browser's pre-check (`pattern`).
 *
 * @example
 * domainPrefixPattern(); // "^[A-Za-z][A-Za-z0-9]{2,26}$"
 */
export function domainPrefixPattern(): string {
  for (const check of DomainPrefix.def.checks ?? []) {
    const definition = check._zod.def as { format?: string; pattern?: RegExp };
    if (definition.format === "regex" && definition.pattern) return definition.pattern.source;
  }
  throw new Error("DomainPrefix has no pattern");
}

/**
 * The names the browser shows for countries, languages and cultures, made here at build time
 * (`data-region-names`, `data-language-names` on a page element; scripts/kit/format.ts reads
 * them): a page then needs no Intl.DisplayNames, whose first use costs a phone tens of
 * milliseconds of main thread.
 *
 * @example
 * nameAttributes("ru-RU")["data-region-names"]; // "US=Соединенные Штаты|CA=Канада|…"
 */
export function nameAttributes(
  locale: Locale,
): Record<"data-region-names" | "data-language-names", string> {
  const intl = LOCALES[locale].intl;
  const regions = new Intl.DisplayNames([intl], { type: "region" });
  const languages = new Intl.DisplayNames([intl], {
    type: "language",
    languageDisplay: "standard",
  });
  // `code=name|code=name…`: shorter in an attribute than JSON, whose quotes it would escape.
  const table = (codes: readonly string[], names: Intl.DisplayNames) =>
    codes.map((code) => `${code}=${(names.of(code) ?? code).replaceAll("|", "/")}`).join("|");
  return {
    "data-region-names": table(COUNTRY_CODES, regions),
    "data-language-names": table([...LANGUAGES, ...CULTURES], languages),
  };
}
