import { describe, expect, it } from "vitest";
import { contentLocale, DocfxError, isoDate } from "../../../src/lib/docfx/index.ts";
import { errorOf, parseFixture } from "./fixtures.ts";

describe("front matter", () => {
  it("reads every field of an English page", () => {
    const doc = parseFixture("en/add-customer.md");
    expect(doc).toMatchObject({
      title: "Add a customer (fixture)",
      description: "Fixture page exercising every DocFX construct in English.",
      date: "2024-03-09",
      locale: "en",
      translation: "HT",
      topic: "how-to",
      author: "fixture-author",
      keywords: ["customers", "add"],
      ms: { "ms.service": "partner-portal" },
    });
  });

  it("accepts ISO dates and locale tags in any case", () => {
    expect(parseFixture("fr-FR/add-customer.md")).toMatchObject({
      locale: "fr-FR",
      date: "2024-03-09",
    });
    expect(parseFixture("ru-RU/add-customer.md")).toMatchObject({
      locale: "ru-RU",
      translation: "HT",
    });
    expect(parseFixture("mt/ru-RU/see-your-customer-list.md")).toMatchObject({
      locale: "ru-RU",
      translation: "MT",
    });
  });

  it("maps content locales to portal locales", () => {
    expect(contentLocale("en-US")).toBe("en");
    expect(contentLocale("FR-fr")).toBe("fr-FR");
    expect(contentLocale("ru")).toBe("ru-RU");
    expect(contentLocale("de-DE")).toBeUndefined();
  });

  it("normalises DocFX and ISO dates and rejects impossible ones", () => {
    expect(isoDate("3/9/2024")).toBe("2024-03-09");
    expect(isoDate("2024-03-09T10:00:00Z")).toBe("2024-03-09");
    expect(isoDate("02/30/2024")).toBeUndefined();
    expect(isoDate("yesterday")).toBeUndefined();
  });

  it.each([
    [
      "malformed/broken-yaml.md",
      /^malformed\/broken-yaml\.md:3: broken YAML: Missing closing "quote$/,
    ],
    ["malformed/bad-locale.md", /^malformed\/bad-locale\.md:3: ms\.contentlocale "de-DE" is not/],
    [
      "malformed/no-front-matter.md",
      /^malformed\/no-front-matter\.md:1: missing YAML front matter/,
    ],
  ])("reports %s with file and line", (file, message) => {
    expect(errorOf(() => parseFixture(file))).toMatch(message);
  });

  it("throws a DocfxError carrying file and line", () => {
    let caught: unknown;
    try {
      parseFixture("malformed/bad-locale.md");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DocfxError);
    expect(caught).toMatchObject({ file: "malformed/bad-locale.md", line: 3 });
  });

  it.each([
    ["malformed/bad-translation-type.md", 3, "ms.translationtype must be HT or MT: ignored"],
    ["malformed/bad-date.md", 3, "ms.date must be a date (MM/DD/YYYY or YYYY-MM-DD): ignored"],
    ["malformed/missing-title.md", 5, "the front matter has no title: the H1 is used"],
  ])("reads %s as a page, with a warning on line %i", (file, line, message) => {
    const doc = parseFixture(file);
    expect(doc.warnings).toEqual([{ line, message }]);
  });

  it("takes the H1 as title when the front matter has none", () => {
    expect(parseFixture("malformed/missing-title.md").title).toBe("Missing title");
  });
});
