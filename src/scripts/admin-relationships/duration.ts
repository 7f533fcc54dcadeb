import { intlFormatter } from "../kit/format.ts";

const UNITS = [
  ["Y", "year"],
  ["M", "month"],
  ["D", "day"],
] as const;

/**
 * An ISO 8601 date duration in words, in the page's language (Intl unit formatting).
 *
 * @example
 * durationText("P1Y6M"); // "1 год 6 месяцев" on a Russian page
 */
export function durationText(duration: string): string {
  return UNITS.flatMap(([letter, unit]) => {
    const match = new RegExp(`(\\d+)${letter}`).exec(duration.replace(/^P/, ""));
    if (!match) return [];
    const options: Intl.NumberFormatOptions = { style: "unit", unit, unitDisplay: "long" };
    const format = intlFormatter(Intl.NumberFormat, options);
    return [format.format(Number(match[1]))];
  }).join(" ");
}
