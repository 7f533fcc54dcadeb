/**
 * The field separators of a CSV export, without the schema library: the list pages check a
 * chosen separator with this alone, so they load no schema code (schemas/csv.ts builds the API's
 * schema from the same list).
 */
export const CSV_SEPARATORS = ["comma", "semicolon"] as const;

/** Whether `value` names one of {@link CSV_SEPARATORS}. */
export function isCsvSeparator(value: unknown): value is (typeof CSV_SEPARATORS)[number] {
  return (CSV_SEPARATORS as readonly unknown[]).includes(value);
}
