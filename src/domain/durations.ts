/**
 * ISO 8601 date durations of admin relationships (`P1Y6M`, `P90D`): read, and said in words.
 * No zod here: the browser modules use it too.
 */
import { cachedFormatter } from "./intl.ts";

const DURATION = /^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})D)?$/;

/** The years, months and days of an ISO 8601 date duration (`P1Y6M`, `P90D`), if it is one. */
export function parseDuration(
  text: string,
): { years: number; months: number; days: number } | undefined {
  const match = DURATION.exec(text);
  if (!match || text === "P") return undefined;
  const [, years = "0", months = "0", days = "0"] = match;
  return { years: Number(years), months: Number(months), days: Number(days) };
}

const UNITS = [
  ["years", "year"],
  ["months", "month"],
  ["days", "day"],
] as const;

/**
 * A duration in words in the Intl locale `intl` (Intl unit formatting); the text itself when it
 * is no duration.
 *
 * @example
 * durationWords("P1Y6M", "ru-RU"); // "1 год 6 месяцев"
 */
export function durationWords(duration: string, intl: string): string {
  const parts = parseDuration(duration);
  if (!parts) return duration;
  return UNITS.filter(([part]) => parts[part] > 0)
    .map(([part, unit]) =>
      cachedFormatter(Intl.NumberFormat, intl, { style: "unit", unit, unitDisplay: "long" }).format(
        parts[part],
      ),
    )
    .join(" ");
}
