import { describe, expect, it } from "vitest";
import { localeFromSegment, negotiateLocale } from "../../src/domain/locales.ts";

describe("negotiateLocale", () => {
  it.each([
    ["ru", "ru-RU"],
    ["fr-CA,fr;q=0.9", "fr-FR"],
    ["de-DE,fr;q=0.5,en;q=0.3", "fr-FR"],
    ["en;q=0.2,ru-RU;q=0.8", "ru-RU"],
    ["RU-ru", "ru-RU"],
    ["*", undefined],
    ["de;q=1, ja", undefined],
    ["fr;q=0", undefined],
    ["", undefined],
  ])("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe("localeFromSegment", () => {
  it("maps URL segments to locale ids and nothing else", () => {
    expect(localeFromSegment("fr-fr")).toBe("fr-FR");
    expect(localeFromSegment("en")).toBe("en");
    expect(localeFromSegment("de-de")).toBeUndefined();
  });
});
