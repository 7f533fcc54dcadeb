import { describe, expect, it } from "vitest";
import {
  DocfxSetError,
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
    const docs = ["sets/duplicate/a.md", "sets/duplicate/b.md"].map(parseFixture);
    expect(errorOf(() => selectWinners(docs))).toBe(
      'sets/duplicate/b.md and sets/duplicate/a.md both claim "dup" in en for usgov',
    );
  });

  it("rejects a translation whose English page does not exist for its clouds", () => {
    const docs = ["sets/orphan/en.md", "sets/orphan/fr.md", "sets/orphan/fr-other-cloud.md"].map(
      parseFixture,
    );
    let error: unknown;
    try {
      selectWinners(docs);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DocfxSetError);
    expect((error as DocfxSetError).problems.map((p) => p.message)).toEqual([
      'sets/orphan/fr.md translates "only-in-french" into fr-FR, but no English page "only-in-french" exists for global, usgov, germany, china',
      'sets/orphan/fr-other-cloud.md translates "english-page" into fr-FR, but no English page "english-page" exists for china',
    ]);
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
      "a.md": fixture("malformed/unknown-cloud.md"),
      "b.md": fixture("malformed/unclosed-span.md"),
      "c.md": fixture("sets/variants/extra.md"),
    };
    expect(errorOf(() => parseDocfxSet(files)).split("\n")).toEqual([
      'a.md:10: unknown cloud name "Partner Center on the Moon"',
      'b.md:10: <span data-ttu-id="c2"> is not closed',
    ]);
  });
});
