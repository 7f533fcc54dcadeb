/**
 * Dates, numbers and names in the page's language (Intl; the reader's time zone).
 */
import { LOCALES } from "../../domain/locales.ts";
import { pageContext } from "../page.ts";

/** The page language's Intl locale. */
export function intlLocale(): string {
  return LOCALES[pageContext().locale].intl;
}

const formatters = new Map<string, unknown>();

/**
 * One Intl formatter per kind and options for the page's life: constructing one loads locale
 * data and costs far more than formatting with it, and a list formats a value per row.
 *
 * @example
 * intlFormatter(Intl.NumberFormat, {}).format(5000); // "5 000" on a Russian page
 */
export function intlFormatter<T, O extends object>(
  Formatter: new (locales: string[], options: O) => T,
  options: O,
): T {
  const key = `${Formatter.name} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = new Formatter([intlLocale()], options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * An ISO 8601 instant as a date (and time) in the page's language; the text as given when it is
 * no date.
 *
 * @example
 * formatDate("2026-03-01T10:00:00Z"); // "1 mars 2026"
 * formatDate("2026-03-01T10:00:00Z", true); // "1 mars 2026, 11:00"
 */
export function formatDate(iso: string, withTime = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = withTime
    ? { dateStyle: "medium", timeStyle: "short" }
    : { dateStyle: "long" };
  return intlFormatter(Intl.DateTimeFormat, options).format(date);
}

/** A number in the page's language (`5 000`, `5,000`). */
export function formatNumber(value: number): string {
  return intlFormatter(Intl.NumberFormat, {}).format(value);
}

/** A name from Intl.DisplayNames, the code itself when Intl does not know it. */
function displayName(type: "region" | "language", code: string): string {
  try {
    return intlFormatter(Intl.DisplayNames, { type, languageDisplay: "standard" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A country or region's name in the page's language. */
export const regionName = (code: string): string => displayName("region", code);

/** A language's name in the page's language. */
export const languageName = (tag: string): string => displayName("language", tag);
