/**
 * Dates, numbers and names in the page's language, in the reader's time zone: from the tables the
 * page carries (built with Intl at build time, `domain/formats.ts`), so that a page constructs no
 * Intl formatter for them; from Intl for what the tables do not cover.
 */
import {
  DATE_OPTIONS,
  DATE_TIME_OPTIONS,
  formatCountWith,
  formatDateWith,
  type FormatTable,
} from "../../domain/formats.ts";
import { cachedFormatter } from "../../domain/intl.ts";
import { LOCALES } from "../../domain/locales.ts";
import { pageContext } from "../page.ts";

/** The page language's Intl locale. */
export function intlLocale(): string {
  return LOCALES[pageContext().locale].intl;
}

/**
 * One Intl formatter per kind and options in the page's language, made at its first use.
 *
 * @example
 * intlFormatter(Intl.NumberFormat, {}).format(5000); // "5 000" on a Russian page
 */
export function intlFormatter<T, O extends object>(
  Formatter: new (locales: string[], options: O) => T,
  options: NoInfer<O>,
): T {
  return cachedFormatter(Formatter, intlLocale(), options);
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
  const table = pageTable();
  if (table) return formatDateWith(table, date, withTime);
  return intlFormatter(Intl.DateTimeFormat, withTime ? DATE_TIME_OPTIONS : DATE_OPTIONS).format(
    date,
  );
}

/** A number in the page's language (`5 000`, `5,000`). */
export function formatNumber(value: number): string {
  const table = pageTable();
  return (
    (table && formatCountWith(table, value)) ?? intlFormatter(Intl.NumberFormat, {}).format(value)
  );
}

let pageFormats: FormatTable | null | undefined;

/** The build-time format table the page carries (`<html data-formats>`), if it does. */
function pageTable(): FormatTable | null {
  if (pageFormats === undefined) {
    const json = document.documentElement.dataset["formats"];
    pageFormats = json ? (JSON.parse(json) as FormatTable) : null;
  }
  return pageFormats;
}

/** The build-time names a page carries (`data-{type}-names`, components/customers/options.ts). */
const builtNames = new Map<string, Readonly<Record<string, string>>>();

function pageNames(type: "region" | "language"): Readonly<Record<string, string>> {
  let names = builtNames.get(type);
  if (!names) {
    const text = document.querySelector<HTMLElement>(`[data-${type}-names]`)?.dataset[
      `${type}Names`
    ];
    names = Object.fromEntries(
      (text ? text.split("|") : []).map((entry) => {
        const at = entry.indexOf("=");
        return [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
    builtNames.set(type, names);
  }
  return names;
}

/**
 * A name from the page's build-time table; from Intl.DisplayNames for a code the table lacks;
 * the code itself when Intl does not know it either.
 */
function displayName(type: "region" | "language", code: string): string {
  const built = pageNames(type);
  if (Object.hasOwn(built, code)) return built[code] ?? code;
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
