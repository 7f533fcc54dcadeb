import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { LOCALE_IDS } from "../../../src/domain/locales.ts";
import {
  DocfxPageSchema,
  parseDocfxSet,
  renderPagesFor,
  selectWinners,
  type DocfxDocument,
} from "../../../src/lib/docfx/index.ts";

const CONTENT = fileURLToPath(new URL("../../../src/content/docs/", import.meta.url));
const files = Object.fromEntries(
  readdirSync(CONTENT, { recursive: true })
    .map((f) => String(f).split("\\").join("/"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => [f, readFileSync(CONTENT + f, "utf8")]),
);
const docs = parseDocfxSet(files);
const winners = selectWinners(docs);

const SLUGS = [
  "add-a-new-customer",
  "admin-relationships",
  "customer-accounts-overview",
  "customer-administrator-help",
  "indirect-reseller-tasks",
  "invite-with-an-indirect-provider",
  "remove-a-reseller-relationship",
  "request-a-reseller-relationship",
  "see-your-customer-list",
  "update-customer-account-details",
];
const PARTNER_CLOUDS = ["global", "usgov", "germany"];
const variantsOf = (locale: string): string[] =>
  docs
    .filter((d) => d.locale === locale)
    .map((d) => `${d.slug}:${d.clouds.join(",")}`)
    .sort();

describe("documentation content", () => {
  it("parses every file and has one winner per (cloud, locale, slug)", () => {
    expect(docs.length).toBe(36);
    expect(winners.length).toBeGreaterThan(0);
  });

  it("keeps each file in its locale's folder, named after its slug, written by humans", () => {
    for (const doc of docs) {
      const [folder, name] = doc.file.split("/");
      expect(folder, doc.file).toBe(doc.locale);
      expect(name, doc.file).toMatch(new RegExp(`^${doc.slug}(\\.[a-z-]+)?\\.md$`));
      expect(doc.translation, doc.file).toBe("HT");
      expect(doc.appliesToAllClouds, doc.file).toBe(false);
      expect(doc.description, doc.file).not.toBeNull();
    }
  });

  it("has every page, in the same variants, in every locale", () => {
    const english = variantsOf("en");
    expect([...new Set(docs.map((d) => d.slug))].sort()).toEqual(SLUGS);
    for (const locale of LOCALE_IDS) expect(variantsOf(locale), locale).toEqual(english);
  });

  it("offers China only the customer account pages", () => {
    const china = renderPagesFor(winners, "china", "en").map((p) => p.slug);
    expect(china).toEqual([
      "add-a-new-customer",
      "customer-accounts-overview",
      "customer-administrator-help",
      "see-your-customer-list",
      "update-customer-account-details",
    ]);
    const overview = (clouds: string): DocfxDocument | undefined =>
      docs.find(
        (d) =>
          d.locale === "en" &&
          d.slug === "customer-accounts-overview" &&
          d.clouds.join() === clouds,
      );
    expect(overview("china")?.markdown).not.toMatch(/portal:invitations|portal:indirect-providers/);
    expect(overview(PARTNER_CLOUDS.join())).toBeDefined();
    for (const slug of SLUGS.filter((s) => /reseller|indirect/.test(s))) {
      for (const doc of docs.filter((d) => d.slug === slug))
        expect(doc.clouds, doc.file).toEqual(PARTNER_CLOUDS);
    }
  });

  it.each(CLOUD_IDS.flatMap((cloud) => LOCALE_IDS.map((locale) => [cloud, locale] as const)))(
    "renders %s/%s fully translated, without a dead link",
    (cloud, locale) => {
      for (const { slug, fallback, page } of renderPagesFor(winners, cloud, locale)) {
        expect(fallback, slug).toBe(false);
        expect(page.unresolvedLinks, page.file).toEqual([]);
        expect(DocfxPageSchema.safeParse(page).success, page.file).toBe(true);
        expect(page.html, page.file).toMatch(
          /<a href="\/[a-z]+\/[a-z-]+\/(docs\/[a-z-]+\/|[a-z-/]*)/,
        );
        expect(page.html, page.file).toContain('class="alert alert-');
      }
    },
  );

  it("says where the US Government cloud allows one partner, and that removal keeps DAP", () => {
    const english = (slug: string): string =>
      docs.find((d) => d.locale === "en" && d.slug === slug && d.clouds.includes("usgov"))
        ?.markdown ?? "";
    for (const slug of [
      "customer-accounts-overview",
      "request-a-reseller-relationship",
      "invite-with-an-indirect-provider",
      "remove-a-reseller-relationship",
      "indirect-reseller-tasks",
      "customer-administrator-help",
    ]) {
      expect(english(slug), slug).toMatch(/can have only one partner/);
    }
    expect(english("remove-a-reseller-relationship")).toMatch(
      /Delegated admin privileges are not changed/,
    );
  });

  it("keeps English pages between 300 and 700 words", () => {
    for (const doc of docs.filter((d) => d.locale === "en")) {
      const words = doc.markdown.split(/\s+/).filter((w) => /\w/.test(w)).length;
      expect(words, doc.file).toBeGreaterThanOrEqual(300);
      expect(words, doc.file).toBeLessThanOrEqual(700);
    }
  });
});
