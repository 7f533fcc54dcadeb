import { durationWords } from "../../domain/durations.ts";
import { intlLocale } from "../kit/format.ts";

/**
 * An ISO 8601 date duration in words, in the page's language.
 *
 * @example
 * durationText("P1Y6M"); // "1 год 6 месяцев" on a Russian page
 */
export function durationText(duration: string): string {
  return durationWords(duration, intlLocale());
}
