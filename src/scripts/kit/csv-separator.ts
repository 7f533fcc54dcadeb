import { isCsvSeparator } from "../../domain/csv-separators.ts";
import type { CsvSeparator } from "../../domain/schemas/csv.ts";

/**
 * The export query part for the separator chosen in the `[data-csv-separator]` select inside
 * `root` (components/CsvSeparatorSelect.astro); none lets the API default by locale.
 *
 * @example
 * customers.exportCsv({ q, ...csvSeparatorQuery(root) });
 */
export function csvSeparatorQuery(root: ParentNode): { separator?: CsvSeparator } {
  const value = root.querySelector<HTMLSelectElement>("[data-csv-separator]")?.value;
  return isCsvSeparator(value) ? { separator: value } : {};
}
