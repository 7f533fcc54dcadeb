import { describe, expect, it } from "vitest";
import {
  checkDocs,
  listPagesFor,
  parseDocfxSet,
  renderPagesFor,
  selectWinners,
} from "../../../src/lib/docfx/index.ts";
import { errorOf, fixture, parseFixture } from "./fixtures.ts";

const variants = [
  "sets/variants/overview.md",
  "sets/variants/overview.china.md",
  "sets/variants/overview.fr.md",
  "sets/variants/extra.md",
];

describe("winner selection", () => {
  it("picks one document per (cloud, locale, slug)", () => {
    const winners = selectWinners(variants.map(parseFixture));
    const of = (cloud: string, locale: string): string | undefined =>
      winners.find((w) => w.cloud === cloud && w.locale === locale && w.slug === "overview")
        ?.document.file;
    expect(of("global", "en")).toBe("sets/variants/overview.md");
    expect(of("china", "en")).toBe("sets/variants/overview.china.md");
    expect(of("germany", "fr-FR")).toBe("sets/variants/overview.fr.md");
    expect(of("china", "fr-FR")).toBeUndefined();
  });

  it("lists pages per (cloud, locale) with English fallbacks", () => {
    const winners = selectWinners(variants.map(parseFixture));
    const listing = (cloud: "global" | "china", locale: "fr-FR" | "ru-RU") =>
      listPagesFor(winners, cloud, locale).map((p) => [p.slug, p.document.file, p.fallback]);
    expect(listing("global", "fr-FR")).toEqual([
      ["extra", "sets/variants/extra.md", true],
      ["overview", "sets/variants/overview.fr.md", false],
    ]);
    expect(listing("china", "ru-RU")).toEqual([
      ["extra", "sets/variants/extra.md", true],
      ["overview", "sets/variants/overview.china.md", true],
    ]);
  });

  it("names both files when two documents claim the same cloud", () => {
    const docs = ["sets/duplicate/a/dup.md", "sets/duplicate/b/dup.md"].map(parseFixture);
    expect(errorOf(() => selectWinners(docs))).toBe(
      'sets/duplicate/b/dup.md and sets/duplicate/a/dup.md both claim "dup" in en for usgov',
    );
  });

  it("publishes a translation without its English page in its own locale, and lists it", () => {
    const docs = [
      "sets/orphan/en/english-page.md",
      "sets/orphan/fr-FR/only-in-french.md",
      "sets/orphan/fr-FR-china/english-page.md",
    ].map(parseFixture);
    const { problems, translationOnly, winners } = checkDocs(docs);
    expect(problems).toEqual([]);
    expect(translationOnly).toEqual([
      {
        file: "sets/orphan/fr-FR/only-in-french.md",
        slug: "only-in-french",
        locale: "fr-FR",
        clouds: ["global", "usgov", "germany", "china"],
      },
      {
        file: "sets/orphan/fr-FR-china/english-page.md",
        slug: "english-page",
        locale: "fr-FR",
        clouds: ["china"],
      },
    ]);
    const french = listPagesFor(winners, "global", "fr-FR").map((p) => [p.slug, p.fallback]);
    expect(french).toEqual([
      ["english-page", true],
      ["only-in-french", false],
    ]);
    expect(listPagesFor(winners, "global", "en").map((p) => p.slug)).toEqual(["english-page"]);
  });

  it("renders a (cloud, locale) with links resolved inside it", () => {
    const files = Object.fromEntries(variants.map((f) => [f, fixture(f)]));
    const pages = renderPagesFor(selectWinners(parseDocfxSet(files)), "usgov", "fr-FR");
    const overview = pages.find((p) => p.slug === "overview");
    expect(overview?.fallback).toBe(false);
    expect(overview?.page.html).toContain(
      '<a href="/usgov/fr-fr/docs/extra/">la page supplémentaire</a>',
    );
    expect(overview?.page.unresolvedLinks).toEqual([]);
  });

  it("reports every broken file of a set at once", () => {
    const files = {
      "a.md": fixture("malformed/no-front-matter.md"),
      "b.md": fixture("malformed/unclosed-span.md"),
      "c.md": fixture("sets/variants/extra.md"),
      "TOC.md": "# [Overview](c.md)\n",
    };
    expect(errorOf(() => parseDocfxSet(files)).split("\n")).toEqual([
      "a.md:1: missing YAML front matter: the file must start with ---",
      'b.md:10: <span data-ttu-id="c2"> is not closed',
    ]);
  });
});
