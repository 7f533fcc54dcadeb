import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DATE_OPTIONS,
  DATE_TIME_OPTIONS,
  formatCountWith,
  formatDateWith,
  formatTable,
} from "../../src/domain/formats.ts";
import { LOCALE_IDS, LOCALES } from "../../src/domain/locales.ts";

const intls = LOCALE_IDS.map((locale) => LOCALES[locale].intl);

describe.each(intls)("the format table of %s writes what Intl writes", (intl) => {
  const table = formatTable(intl);
  const date = new Intl.DateTimeFormat([intl], DATE_OPTIONS);
  const dateTime = new Intl.DateTimeFormat([intl], DATE_TIME_OPTIONS);
  const numbers = new Intl.NumberFormat([intl]);

  it("for every month, day with one and two digits, and hour of the day", () => {
    for (let month = 0; month < 12; month++) {
      for (const day of [1, 9, 10, 28]) {
        for (let hour = 0; hour < 24; hour++) {
          const at = new Date(2026, month, day, hour, hour % 2 ? 5 : 59);
          expect(formatDateWith(table, at, false)).toBe(date.format(at));
          expect(formatDateWith(table, at, true)).toBe(dateTime.format(at));
        }
      }
    }
  });

  it("for any instant from 1970 to 2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7_258_118_400_000 }), (ms) => {
        const at = new Date(ms);
        expect(formatDateWith(table, at, false)).toBe(date.format(at));
        expect(formatDateWith(table, at, true)).toBe(dateTime.format(at));
      }),
      { numRuns: 2000 },
    );
  });

  it("for whole numbers, and leaves the others to Intl", () => {
    for (const value of [0, 7, 42, 999, 1000, 5000, 9999, 10_000, 123_456, 1_234_567]) {
      expect(formatCountWith(table, value)).toBe(numbers.format(value));
    }
    fc.assert(
      fc.property(fc.nat(), (value) => {
        expect(formatCountWith(table, value)).toBe(numbers.format(value));
      }),
    );
    expect(formatCountWith(table, -5)).toBeUndefined();
    expect(formatCountWith(table, 1.5)).toBeUndefined();
  });
});
