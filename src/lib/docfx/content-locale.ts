import { LOCALE_IDS, type Locale } from "../../domain/locales.ts";

/**
 * The portal locale for a DocFX `ms.contentlocale` value: an exact tag first (any case), then
 * the same language (`en-US` → `en`, `fr-CA` → `fr-FR`); `undefined` for other languages.
 *
 * @example
 * contentLocale("FR-fr"); // "fr-FR"
 * contentLocale("en-us"); // "en"
 * contentLocale("de-DE"); // undefined
 */
export function contentLocale(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase().replace(/_/g, "-");
  const exact = LOCALE_IDS.find((id) => id.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split("-")[0];
  return LOCALE_IDS.find((id) => id.toLowerCase().split("-")[0] === language);
}

/**
 * The ISO date (`YYYY-MM-DD`) of an `ms.date` as DocFX writes it (`MM/DD/YYYY`) or as ISO;
 * `undefined` when it is not a real calendar date.
 *
 * @example
 * isoDate("03/09/2024"); // "2024-03-09"
 * isoDate("2024-02-30"); // undefined
 */
export function isoDate(value: string): string | undefined {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value.trim(),
  );
  const [year, month, day] = us
    ? [Number(us[3]), Number(us[1]), Number(us[2])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [NaN, NaN, NaN];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    Number.isNaN(date.getTime()) ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}
