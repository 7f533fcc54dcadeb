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
    expect(parseFixture("mt/ru-RU-see-customers.md")).toMatchObject({
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
    [
      "malformed/bad-translation-type.md",
      /^malformed\/bad-translation-type\.md:3: ms\.translationtype must be HT or MT$/,
    ],
    ["malformed/bad-date.md", /^malformed\/bad-date\.md:3: ms\.date must be a date/],
    ["malformed/bad-locale.md", /^malformed\/bad-locale\.md:3: ms\.contentlocale "de-DE" is not/],
    ["malformed/missing-title.md", /^malformed\/missing-title\.md:1: title is required$/],
    [
      "malformed/no-front-matter.md",
      /^malformed\/no-front-matter\.md:1: missing YAML front matter/,
    ],
  ])("reports %s with file and line", (file, message) => {
    expect(errorOf(() => parseFixture(file))).toMatch(message);
  });

  it("throws a DocfxError carrying file and line", () => {
    try {
      parseFixture("malformed/bad-translation-type.md");
    } catch (error) {
      expect(error).toBeInstanceOf(DocfxError);
      expect(error).toMatchObject({ file: "malformed/bad-translation-type.md", line: 3 });
    }
  });
});
