import { describe, expect, it } from "vitest";
import { renderDocfx } from "../../../src/lib/docfx/index.ts";
import { errorOf, parseFixture } from "./fixtures.ts";

describe("machine-translated pages", () => {
  it("keeps each sentence with its English original (French)", () => {
    const doc = parseFixture("mt/fr-FR/see-your-customer-list.md");
    expect(doc.slug).toBe("see-your-customer-list");
    expect(doc.heading).toBe("Afficher la liste de vos clients");
    expect(doc.sentences).toEqual([
      {
        id: "a1",
        translated: "Afficher la liste de vos clients",
        original: "See your customer list",
      },
      {
        id: "a5",
        translated: "Sélectionnez **Clients** dans le menu.",
        original: "Select Customers in the menu.",
      },
      {
        id: "a6",
        translated: "Consultez [ajouter un client](add-customer.md).",
        original: "See add a customer.",
      },
      {
        id: "a7",
        translated: 'La liste affiche "50" clients par page & plus.',
        original: 'The list shows "50" customers per page & more.',
      },
      { id: "a8", translated: "Filtres", original: "Filters" },
      { id: "a9", translated: "Saisissez un nom.", original: "Type a name." },
    ]);
    expect(doc.headings).toEqual([{ depth: 2, id: "filters", text: "Filtres" }]);
  });

  it("shows the translation and carries the escaped original", () => {
    const doc = parseFixture("mt/fr-FR/see-your-customer-list.md");
    const { html } = renderDocfx(doc, {
      cloud: "global",
      resolveLink: () => "/global/fr-fr/docs/add-a-new-customer/",
    });
    expect(html).toContain(
      '<span class="mt-sentence" data-original="Select Customers in the menu.">Sélectionnez <strong>Clients</strong> dans le menu.</span>',
    );
    expect(html).toContain(
      'data-original="The list shows &quot;50&quot; customers per page &amp; more.">La liste affiche &quot;50&quot; clients par page &amp; plus.</span>',
    );
    expect(html).toContain(
      '<a href="/global/fr-fr/docs/add-a-new-customer/">ajouter un client</a>',
    );
    expect(html).toContain(
      '<h2 id="filters"><span class="mt-sentence" data-original="Filters">Filtres</span></h2>',
    );
    expect(html).not.toMatch(/data-ttu-id|sxs-lookup|data-stu-id|[\uE000-\uE002]/);
  });

  it("keeps sentences without an original (Russian)", () => {
    const doc = parseFixture("mt/ru-RU/see-your-customer-list.md");
    expect(doc.sentences.map((s) => [s.id, s.original])).toEqual([
      ["b1", "See your customer list"],
      ["b4", "Select Customers."],
      ["b5", null],
    ]);
    const { html } = renderDocfx(doc, { cloud: "germany" });
    expect(html).toContain('<span class="mt-sentence">Перевод без оригинала.</span>');
    expect(html).toContain(
      'data-original="Select Customers.">Выберите <strong>Клиенты</strong>.</span>',
    );
  });

  it.each([
    [
      "malformed/unclosed-span.md",
      'malformed/unclosed-span.md:10: <span data-ttu-id="c2"> is not closed',
    ],
    [
      "malformed/unclosed-lookup.md",
      'malformed/unclosed-lookup.md:9: <span class="sxs-lookup"> for "d1" is not closed',
    ],
    [
      "malformed/mismatched-lookup.md",
      'malformed/mismatched-lookup.md:9: data-stu-id "e2" does not match data-ttu-id "e1"',
    ],
  ])("reports %s with file and line", (file, message) => {
    expect(errorOf(() => parseFixture(file))).toBe(message);
  });
});
