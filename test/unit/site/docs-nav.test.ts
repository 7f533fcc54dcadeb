import { describe, expect, it } from "vitest";
import {
  DOCS_CONTENT_DIR,
  DOCS_FIXTURES_DIR,
  readDocsFiles,
  readTocFiles,
} from "../../../src/site/docs-files.ts";
import { loadDocs } from "../../../src/site/docs-checks.ts";
import {
  docsNavHtml,
  docsNavigation,
  readTocs,
  type DocsNavNode,
} from "../../../src/site/docs-nav.ts";
import { docsEntries, type DocsCatalog } from "../../../src/site/docs.ts";

const ROOT = new URL("../../../", import.meta.url);
const tocs = readTocs(await readTocFiles(ROOT), DOCS_CONTENT_DIR);
const catalog: DocsCatalog = { ...loadDocs(await readDocsFiles(ROOT)), tocs };

/** Names, nested, with the slug of each page: what the sidebar shows. */
function outline(nodes: readonly DocsNavNode[]): unknown[] {
  return nodes.map((node) => {
    const name = node.entry ? `${node.name} → ${node.entry.slug}` : node.name;
    return node.items.length > 0 ? [name, outline(node.items)] : name;
  });
}

describe("docsNavigation", () => {
  it("follows the locale's TOC.yml, leaving out what the cloud does not publish", () => {
    expect(outline(docsNavigation(catalog, "china", "fr-FR"))).toEqual([
      [
        "Comptes clients",
        [
          "Vue d’ensemble des comptes clients → customer-accounts-overview",
          "Ajouter un nouveau client → add-a-new-customer",
          "Afficher la liste de vos clients → see-your-customer-list",
          "Mettre à jour les informations d’un compte client → update-customer-account-details",
        ],
      ],
      "Aide pour les administrateurs des clients → customer-administrator-help",
    ]);
    const global = docsNavigation(catalog, "global", "ru-RU");
    expect(global.map((node) => node.name)).toEqual([
      "Учетные записи клиентов",
      "Отношения торгового посредника",
      "Связи администрирования",
      "Справка для администраторов клиентов",
    ]);
    expect(global[1]?.items.map((node) => node.entry?.slug)).toEqual([
      "request-a-reseller-relationship",
      "invite-with-an-indirect-provider",
      "remove-a-reseller-relationship",
      "indirect-reseller-tasks",
    ]);
  });

  it("puts the pages no TOC reaches in an 'other pages' group, English ones marked", async () => {
    const files = await readDocsFiles(ROOT, [DOCS_CONTENT_DIR, DOCS_FIXTURES_DIR]);
    const withFixtures: DocsCatalog = { ...loadDocs(files), tocs };
    const nav = docsNavigation(withFixtures, "global", "ru-RU");
    const other = nav.at(-1);
    expect(other?.name).toBe("Другие страницы");
    expect(other?.items.map((node) => [node.entry?.slug, node.lang])).toEqual([
      ["fixture-reset-admin-password", "en"],
    ]);
  });

  it("uses the English TOC where a locale has none, and titles in order without any TOC", () => {
    const english = { ...catalog, tocs: { en: tocs.en ?? new Map() } };
    const nav = docsNavigation(english, "global", "fr-FR");
    expect(nav[0]?.name).toBe("Customer accounts");
    expect(nav[0]?.lang).toBe("en");
    // The pages are the French ones, under the English TOC's names.
    expect(nav[0]?.items[0]?.entry?.href).toBe("/global/fr-fr/docs/customer-accounts-overview/");

    const none = docsNavigation({ ...catalog, tocs: {} }, "global", "fr-FR");
    expect(none.map((node) => node.entry?.slug)).toEqual(
      docsEntries(catalog, "global", "fr-FR").map((entry) => entry.slug),
    );
    expect(none.every((node) => node.items.length === 0)).toBe(true);
  });

  it("matches TOC hrefs to pages by path, then by slug or file name", () => {
    const toc = new Map([
      [
        `${DOCS_CONTENT_DIR}en/guide/TOC.yml`,
        [
          { name: "By slug", href: "../add-a-new-customer.md", include: null, items: [], line: 1 },
          { name: "Elsewhere", href: "../gone.md", include: null, items: [], line: 2 },
        ],
      ],
    ]);
    const nav = docsNavigation({ ...catalog, tocs: { en: toc } }, "global", "en");
    expect(nav[0]?.entry?.slug).toBe("add-a-new-customer");
    expect(nav[1]?.name).toBe("Other pages");
    expect(nav[1]?.items.map((node) => node.entry?.slug)).not.toContain("add-a-new-customer");
  });
});

describe("docsNavHtml", () => {
  const html = docsNavHtml(docsNavigation(catalog, "global", "en"), "en");

  it("opens the current page's section, marks the page, and closes the others", () => {
    const page = html("request-a-reseller-relationship");
    const sections = page.split("<li><details").slice(1);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatch(/^ class="docs-nav__group">/);
    expect(sections[1]).toMatch(/^ class="docs-nav__group" open>/);
    expect(page.match(/aria-current="page"/g)).toHaveLength(1);
    expect(page).toContain(
      '<a class="docs-nav__link" href="/global/en/docs/request-a-reseller-relationship/" aria-current="page">Request a reseller relationship</a>',
    );
    // Every page of the set is still one click away, open or closed.
    expect(page.match(/<a /g)).toHaveLength(10);
    expect(page).not.toContain("\u0000");
  });

  it("marks a top-level page without opening any section", () => {
    const page = html("customer-administrator-help");
    expect(page).not.toContain(" open>");
    expect(page).toContain(
      'href="/global/en/docs/customer-administrator-help/" aria-current="page"',
    );
  });

  it("keeps only the first level of a closed section, sub-groups linking to their first page", () => {
    const entry = docsEntries(catalog, "global", "en");
    const find = (slug: string) => entry.find((e) => e.slug === slug) ?? null;
    const leaf = (slug: string): DocsNavNode => ({
      name: slug,
      lang: null,
      entry: find(slug),
      items: [],
    });
    const nav: DocsNavNode[] = [
      {
        name: "A",
        lang: null,
        entry: null,
        items: [
          leaf("add-a-new-customer"),
          {
            name: "Deep",
            lang: null,
            entry: null,
            items: [leaf("see-your-customer-list"), leaf("indirect-reseller-tasks")],
          },
        ],
      },
      { name: "B", lang: null, entry: null, items: [leaf("customer-administrator-help")] },
    ];
    const page = docsNavHtml(nav, "en")("customer-administrator-help");
    expect(page).toContain(
      '<li><details class="docs-nav__group"><summary class="docs-nav__summary">A</summary><ul class="docs-nav__list" role="list"><li><a class="docs-nav__link" href="/global/en/docs/add-a-new-customer/">add-a-new-customer</a></li><li><a class="docs-nav__link" href="/global/en/docs/see-your-customer-list/">Deep</a></li></ul></details></li>',
    );
    expect(page).not.toContain("indirect-reseller-tasks");
    // Open, the same section shows its whole tree.
    const inside = docsNavHtml(nav, "en")("indirect-reseller-tasks");
    expect(inside.match(/ open>/g)).toHaveLength(2);
    expect(inside).toContain('href="/global/en/docs/indirect-reseller-tasks/" aria-current="page"');
  });

  it("escapes names", () => {
    const [first] = docsEntries(catalog, "global", "en");
    const page = docsNavHtml([{ name: "<b>&", lang: null, entry: first ?? null, items: [] }], "en");
    expect(page("x")).toContain(">&lt;b&gt;&amp;</a>");
  });
});
