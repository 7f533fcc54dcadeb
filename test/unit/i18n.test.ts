import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkCatalogs, translator } from "../../src/domain/i18n.ts";

function catalog(locale: string): Record<string, string> {
  return JSON.parse(readFileSync(`locales/${locale}.json`, "utf8")) as Record<string, string>;
}

describe("locale catalogs", () => {
  it("are complete in every locale", () => {
    expect(
      checkCatalogs({ en: catalog("en"), "fr-FR": catalog("fr-FR"), "ru-RU": catalog("ru-RU") }),
    ).toEqual([]);
  });

  it("report a missing key, an extra key, a lost placeholder and a missing Russian plural form", () => {
    const en = {
      "a.greeting": "Hello {{name}}",
      "a.items_one": "{{count}} item",
      "a.items_other": "{{count}} items",
    };
    const problems = checkCatalogs({
      en,
      "fr-FR": {
        "a.greeting": "Bonjour",
        "a.items_one": "{{count}} élément",
        "a.items_many": "{{count}} d’éléments",
        "a.items_other": "{{count}} éléments",
        "a.extra": "x",
      },
      "ru-RU": { "a.items_one": "{{count}} элемент", "a.items_other": "{{count}} элемента" },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "fr-FR: a.greeting placeholders differ from en (name)",
        "fr-FR: key a.extra is not in en",
        "ru-RU: missing key a.greeting",
        "ru-RU: missing plural form a.items_few",
        "ru-RU: missing plural form a.items_many",
      ]),
    );
  });

  it("reports a file that is not a flat map of strings", () => {
    expect(checkCatalogs({ en: { "a.b": 1 }, "fr-FR": {}, "ru-RU": {} })[0]).toMatch(/^en: a\.b/);
  });
});

describe("translator", () => {
  it("translates with interpolation in each locale and falls back to English for nothing", () => {
    expect(translator("fr-FR")("errors.payload_too_large.detail", { limit: 10 })).toBe(
      "Le corps de la requête dépasse 10 octets.",
    );
    expect(translator("ru-RU")("errors.not_found.title")).toBe("Не найдено");
  });
});
