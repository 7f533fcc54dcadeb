import { z } from "zod";
import { CSV_SEPARATORS } from "../csv-separators.ts";
import type { Locale } from "../locales.ts";

/**
 * The field separator of a CSV export. Spreadsheets split on their locale's list separator:
 * `,` in English, `;` where the comma is the decimal mark (French, German, Russian).
 */
export const CsvSeparator = z
  .enum(CSV_SEPARATORS)
  .describe("Field separator; by default a semicolon in fr-FR and ru-RU, a comma in English.");
export type CsvSeparator = z.infer<typeof CsvSeparator>;

/** The separator a reader of `locale` expects. */
export function defaultCsvSeparator(locale: Locale): CsvSeparator {
  return locale === "en" ? "comma" : "semicolon";
}

/** The character of `separator`. */
export function separatorCharacter(separator: CsvSeparator): "," | ";" {
  return separator === "comma" ? "," : ";";
}
