/**
 * Dates and whole numbers in a language without constructing an Intl formatter in the browser.
 * A page's first `Intl.DateTimeFormat` or `Intl.NumberFormat` loads locale data on the main
 * thread: 27–255 ms in Chromium here, before any CPU throttling. So the site build asks Intl
 * once per language for the pieces (month names, the order of the fields and what stands between
 * them, the hour cycle, the digit grouping) and every page carries them as a small table
 * (`<html data-formats>`, Base.astro) that `src/scripts/kit/format.ts` fills in. The unit tests
 * hold the table's output to Intl's own for every month, day, hour and grouping.
 */
import { cachedFormatter } from "./intl.ts";

/** A piece of a date pattern: a field filled from the date, or text as it stands. */
export type DateToken = ["field", DateField] | ["text", string];
type DateField = "day" | "month" | "year" | "hour" | "minute" | "dayPeriod";

export interface DatePattern {
  tokens: DateToken[];
  /** Month names as this pattern writes them, January first (in Russian, "марта" in a date). */
  months: string[];
  /** Whether the day is written with two digits ("05"). */
  dayTwoDigits: boolean;
}

export interface FormatTable {
  /** A date: "1 March 2026", "1 марта 2026 г.". */
  date: DatePattern;
  /** A date and time: "Mar 1, 2026, 11:00 AM", "1 мар. 2026 г., 11:00". */
  dateTime: DatePattern;
  /** How hours count: "h12" (1–12 with a day period), "h23" (0–23), "h11", "h24". */
  hourCycle: "h11" | "h12" | "h23" | "h24";
  hourTwoDigits: boolean;
  /** The day periods, before noon and after ("AM", "PM"). */
  dayPeriods: [string, string];
  /** What separates groups of three digits ("," or a no-break space). */
  group: string;
  /** Whether a four-digit number is grouped ("5,000") or not ("5000"). */
  groupFourDigits: boolean;
}

/** What a page shows a date as (see `formatDate`). */
export const DATE_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "long" };
/** What a page shows a date and time as. */
export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  dateStyle: "medium",
  timeStyle: "short",
};

const FIELDS = new Set<string>(["day", "month", "year", "hour", "minute", "dayPeriod"]);

/** The build's formatter of `options` in UTC (made once: each pattern reads it many times). */
function utcFormatter(intl: string, options: Intl.DateTimeFormatOptions) {
  return cachedFormatter(Intl.DateTimeFormat, intl, { ...options, timeZone: "UTC" });
}

function partsOf(intl: string, options: Intl.DateTimeFormatOptions, date: Date) {
  return utcFormatter(intl, options).formatToParts(date);
}

/**
 * The parts of `date` with the text between them as `format` writes it: V8's `format` writes a
 * space where `formatToParts` has a narrow no-break space (for the web's sake), and pages show
 * `format`'s text.
 */
function textParts(intl: string, options: Intl.DateTimeFormatOptions, date: Date) {
  const formatted = utcFormatter(intl, options).format(date);
  const parts = partsOf(intl, options, date);
  const joined = (list: Intl.DateTimeFormatPart[]) => list.map((part) => part.value).join("");
  if (joined(parts) === formatted) return parts;
  const spaced = parts.map((part) =>
    part.type === "literal" ? { ...part, value: part.value.replaceAll("\u202f", " ") } : part,
  );
  if (joined(spaced) !== formatted) {
    throw new Error(`cannot read the parts of ${intl} dates: ${JSON.stringify(formatted)}`);
  }
  return spaced;
}

function patternOf(intl: string, options: Intl.DateTimeFormatOptions): DatePattern {
  const parts = textParts(intl, options, new Date(Date.UTC(2026, 2, 5, 9, 7)));
  const tokens = parts.map((part): DateToken =>
    FIELDS.has(part.type) ? ["field", part.type as DateField] : ["text", part.value],
  );
  const months = Array.from(
    { length: 12 },
    (_, month) =>
      partsOf(intl, options, new Date(Date.UTC(2026, month, 15, 9, 7))).find(
        (part) => part.type === "month",
      )?.value ?? "",
  );
  const day = parts.find((part) => part.type === "day")?.value;
  return { tokens, months, dayTwoDigits: day === "05" };
}

/**
 * The table for the Intl locale `intl`, asked of this runtime's Intl (the site build's).
 *
 * @example
 * formatTable("ru-RU").date.months[2]; // "марта"
 */
export function formatTable(intl: string): FormatTable {
  const time = utcFormatter(intl, DATE_TIME_OPTIONS);
  const at = (hour: number) => time.formatToParts(new Date(Date.UTC(2026, 2, 5, hour, 7)));
  const period = (hour: number) => at(hour).find((part) => part.type === "dayPeriod")?.value ?? "";
  const numbers = cachedFormatter(Intl.NumberFormat, intl, {});
  return {
    date: patternOf(intl, DATE_OPTIONS),
    dateTime: patternOf(intl, DATE_TIME_OPTIONS),
    hourCycle: time.resolvedOptions().hourCycle ?? "h23",
    hourTwoDigits: at(9).find((part) => part.type === "hour")?.value === "09",
    dayPeriods: [period(9), period(21)],
    group: numbers.formatToParts(1234567).find((part) => part.type === "group")?.value ?? "",
    groupFourDigits: numbers.format(5000).length > 4,
  };
}

const tables = new Map<string, string>();

/** {@link formatTable} as the JSON a page carries (made once per language per build). */
export function formatTableJson(intl: string): string {
  let json = tables.get(intl);
  if (json === undefined) {
    json = JSON.stringify(formatTable(intl));
    tables.set(intl, json);
  }
  return json;
}

const twoDigits = (value: number) => String(value).padStart(2, "0");

function hourOf(table: FormatTable, hours: number): number {
  switch (table.hourCycle) {
    case "h11":
      return hours % 12;
    case "h12":
      return hours % 12 || 12;
    case "h24":
      return hours || 24;
    default:
      return hours;
  }
}

/**
 * `date` in the reader's time zone as the table's language writes it, with the time when
 * `withTime`.
 *
 * @example
 * formatDateWith(formatTable("fr-FR"), new Date(2026, 2, 1), false); // "1 mars 2026"
 */
export function formatDateWith(table: FormatTable, date: Date, withTime: boolean): string {
  const pattern = withTime ? table.dateTime : table.date;
  const hour = hourOf(table, date.getHours());
  const values: Record<DateField, string> = {
    day: pattern.dayTwoDigits ? twoDigits(date.getDate()) : String(date.getDate()),
    month: pattern.months[date.getMonth()] ?? "",
    year: String(date.getFullYear()),
    hour: table.hourTwoDigits ? twoDigits(hour) : String(hour),
    minute: twoDigits(date.getMinutes()),
    dayPeriod: table.dayPeriods[date.getHours() < 12 ? 0 : 1],
  };
  return pattern.tokens.map(([kind, value]) => (kind === "field" ? values[value] : value)).join("");
}

/**
 * A whole number that is not negative as the table's language writes it ("5,000", "5 000"), or
 * undefined for any other number (left to Intl).
 */
export function formatCountWith(table: FormatTable, value: number): string | undefined {
  if (!Number.isSafeInteger(value) || value < 0) return undefined;
  const digits = String(value);
  if (digits.length < 4 || (digits.length === 4 && !table.groupFourDigits)) return digits;
  return digits.replace(/\B(?=(\d{3})+$)/g, table.group);
}
