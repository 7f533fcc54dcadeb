import { describe, expect, it } from "vitest";
import {
  isTocFile,
  parseToc,
  parseTocMarkdown,
  parseTocYaml,
  tocNavigation,
  tocPages,
  type TocEntry,
} from "../../../src/lib/docfx/toc.ts";
import { errorOf, fixture } from "./fixtures.ts";

/** Names only, nested: what a reader of the sidebar sees. */
interface Named {
  name: string;
  items: readonly Named[];
}
function outline(nodes: readonly Named[]): unknown[] {
  return nodes.map((node) =>
    node.items.length > 0 ? [node.name, outline(node.items)] : node.name,
  );
}

// Shapes copied from the published French and Russian Partner Center TOC.yml files.
const FRENCH_YAML = `- name: Documentation de l’Espace partenaires Microsoft
  href: index.yml
- name: Annonces
  href: announcements/TOC.md
- name: "Qu’est-ce que l’Espace partenaires\\_?"
  href: overview.md
- name: Adhésion au réseau des partenaires
  items:
    - name: "Devenez partenaire de\\_Microsoft"
      href: mpn-overview.md
      displayName: mpn
    - name: Avantages des adhésions
      items:
        - name: Vue d’ensemble des avantages
          href: manage-your-partner-network-benefits.md
          displayname: 'renew, mpn'
    - name: Services de planification
      href: software-assurance-dps.md
      items:
        - name: Conditions d’éligibilité
          href: software-assurance-dps-requirements.md
`;

const RUSSIAN_ANNOUNCEMENTS_MD = `# [Объявления Центра партнеров](index.md)
# [Май 2021 г.](2021-may.md)
# [Апрель 2021 г.](2021-april.md)
`;

const CHINA_MD = `# [Espace partenaires géré par 21Vianet](index.md)
## [Guide des programmes CSP](csp-program-guide-and-agreements.md)
## [Gérer votre compte](partner-center-account-setup.md)
### [Mettre à jour votre profil](update-your-partner-profile.md)
## Facturation
### [Lire votre facture](read-your-bill.md)
`;

describe("isTocFile", () => {
  it("knows TOC.yml, toc.yaml and TOC.md in any case, and nothing else", () => {
    expect(isTocFile("fr-FR/partner-center/TOC.yml")).toBe(true);
    expect(isTocFile("breadcrumb/toc.yml")).toBe(true);
    expect(isTocFile("a\\b\\Toc.yaml")).toBe(true);
    expect(isTocFile("announcements/TOC.md")).toBe(true);
    expect(isTocFile("toc-guide.md")).toBe(false);
    expect(isTocFile("index.yml")).toBe(false);
  });
});

describe("parseTocYaml", () => {
  it("reads names, hrefs and nested items, ignoring other keys", () => {
    const { entries, warnings } = parseTocYaml(FRENCH_YAML, "TOC.yml");
    expect(warnings).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual([
      "Documentation de l’Espace partenaires Microsoft",
      "Annonces",
      "Qu’est-ce que l’Espace partenaires\u00a0?",
      "Adhésion au réseau des partenaires",
    ]);
    const membership = entries[3] as TocEntry;
    expect(membership.href).toBeNull();
    expect(membership.line).toBe(7);
    expect(membership.items[1]?.items[0]?.href).toBe("manage-your-partner-network-benefits.md");
    // An entry with a page of its own and children.
    expect(membership.items[2]?.href).toBe("software-assurance-dps.md");
    expect(membership.items[2]?.items.map((e) => e.name)).toEqual(["Conditions d’éligibilité"]);
  });

  it("treats an href to another TOC or a folder as an include, and topicHref as the page", () => {
    const { entries } = parseTocYaml(
      `- name: Annonces
  href: announcements/TOC.md
- name: Marketplace
  href: marketplace/
  topicHref: marketplace/index.md
`,
      "TOC.yml",
    );
    expect(entries[0]).toMatchObject({ href: null, include: "announcements/TOC.md" });
    expect(entries[1]).toMatchObject({ href: "marketplace/index.md", include: "marketplace/" });
  });

  it("leaves out an entry without a name, with a warning on its line", () => {
    const { entries, warnings } = parseTocYaml("- href: a.md\n- name: B\n  href: b.md\n", "T.yml");
    expect(entries.map((e) => e.name)).toEqual(["B"]);
    expect(warnings).toEqual([{ line: 1, message: "TOC entry without a name left out" }]);
  });

  it("accepts a root `items:` list and a BOM", () => {
    const { entries } = parseTocYaml("\uFEFFitems:\n  - name: A\n    href: a.md\n", "T.yml");
    expect(entries[0]?.href).toBe("a.md");
  });

  it("names the file and line of YAML it cannot read", () => {
    expect(errorOf(() => parseTocYaml("- name: A\n  href: [a.md\n", "fr-FR/TOC.yml"))).toMatch(
      /^fr-FR\/TOC\.yml:\d+: TOC is not valid YAML/,
    );
    expect(errorOf(() => parseTocYaml("name: A\n", "fr-FR/TOC.yml"))).toBe(
      "fr-FR/TOC.yml:1: TOC must be a list of entries",
    );
  });
});

describe("parseTocMarkdown", () => {
  it("nests headings by level; a heading without a link is a group", () => {
    const { entries } = parseTocMarkdown(CHINA_MD, "China/TOC.md");
    expect(entries).toHaveLength(1);
    expect(outline(entries)).toEqual([
      [
        "Espace partenaires géré par 21Vianet",
        [
          "Guide des programmes CSP",
          ["Gérer votre compte", ["Mettre à jour votre profil"]],
          ["Facturation", ["Lire votre facture"]],
        ],
      ],
    ]);
    expect(entries[0]?.items[2]?.href).toBeNull();
    expect(entries[0]?.items[2]?.line).toBe(5);
  });

  it("reads top-level headings as siblings (the announcements TOC)", () => {
    const { entries } = parseTocMarkdown(RUSSIAN_ANNOUNCEMENTS_MD, "announcements/TOC.md");
    expect(entries.map((e) => [e.name, e.href])).toEqual([
      ["Объявления Центра партнеров", "index.md"],
      ["Май 2021 г.", "2021-may.md"],
      ["Апрель 2021 г.", "2021-april.md"],
    ]);
  });

  it("reads nested lists of links, below a heading or on their own", () => {
    const { entries } = parseTocMarkdown(
      "# Clients\n- [Ajouter](add.md)\n  - [Détails](add.md#details)\n- **Liste**\n",
      "TOC.md",
    );
    expect(outline(entries)).toEqual([["Clients", [["Ajouter", ["Détails"]], "Liste"]]]);
    expect(entries[0]?.items[0]?.items[0]?.href).toBe("add.md#details");
  });

  it("is chosen by extension", () => {
    expect(parseToc(CHINA_MD, "China/TOC.md").entries).toHaveLength(1);
    expect(parseToc(FRENCH_YAML, "TOC.yml").entries).toHaveLength(4);
  });
});

describe("tocNavigation", () => {
  const tocs = new Map<string, TocEntry[]>([
    ["fr-FR/pc/TOC.yml", parseTocYaml(FRENCH_YAML, "fr-FR/pc/TOC.yml").entries],
    [
      "fr-FR/pc/announcements/TOC.md",
      parseTocMarkdown("# [Annonces](index.md)\n# [Mai 2021](2021-may.md)\n", "x").entries,
    ],
    [
      "fr-FR/pc/breadcrumb/toc.yml",
      parseTocYaml("- name: Bread\n  topicHref: ../overview.md\n", "x").entries,
    ],
  ]);

  it("resolves pages relative to each TOC, inlines included TOCs, drops what is not here", () => {
    const published = new Set([
      "fr-FR/pc/overview.md",
      "fr-FR/pc/mpn-overview.md",
      "fr-FR/pc/software-assurance-dps-requirements.md",
      "fr-FR/pc/announcements/2021-may.md",
    ]);
    const asked: string[] = [];
    const nav = tocNavigation(tocs, (file) => {
      asked.push(file);
      return published.has(file) ? file : null;
    });
    expect(asked).toContain("fr-FR/pc/index.yml");
    expect(asked).toContain("fr-FR/pc/announcements/index.md");
    // index.yml is no page here; the benefits group lost its only page; the breadcrumb TOC is
    // no navigation.
    expect(outline(nav)).toEqual([
      ["Annonces", ["Mai 2021"]],
      "Qu’est-ce que l’Espace partenaires\u00a0?",
      [
        "Adhésion au réseau des partenaires",
        [
          "Devenez partenaire de\u00a0Microsoft",
          ["Services de planification", ["Conditions d’éligibilité"]],
        ],
      ],
    ]);
    // A group kept for its children has no page of its own.
    expect(nav[2]?.items[1]?.page).toBeNull();
    expect(tocPages(nav)).toEqual([
      "fr-FR/pc/announcements/2021-may.md",
      "fr-FR/pc/overview.md",
      "fr-FR/pc/mpn-overview.md",
      "fr-FR/pc/software-assurance-dps-requirements.md",
    ]);
  });

  it("follows ../ and folder includes, and stops at a TOC that includes itself", () => {
    const nested = new Map<string, TocEntry[]>([
      ["en/TOC.yml", parseTocYaml("- name: Sub\n  href: sub/\n", "x").entries],
      [
        "en/sub/TOC.yml",
        parseTocYaml("- name: Up\n  href: ../top.md\n- name: Loop\n  href: ../TOC.yml\n", "x")
          .entries,
      ],
    ]);
    const nav = tocNavigation(nested, (file) => (file === "en/top.md" ? file : null));
    expect(outline(nav)).toEqual([["Sub", ["Up"]]]);
  });

  it("leaves out absolute and external hrefs", () => {
    const asked: string[] = [];
    tocNavigation(
      new Map([
        [
          "en/TOC.yml",
          parseTocYaml(
            "- name: A\n  href: /partner-center/a\n- name: B\n  href: https://example.com/b.md\n",
            "x",
          ).entries,
        ],
      ]),
      (file) => {
        asked.push(file);
        return null;
      },
    );
    expect(asked).toEqual([]);
  });
});

describe("the real TOC fixtures", () => {
  it("read without warnings in French and Russian", () => {
    for (const file of ["imported/fr-FR/TOC.yml", "imported/ru-RU/TOC.yml"]) {
      const { entries, warnings } = parseToc(fixture(file), file);
      expect(warnings, file).toEqual([]);
      expect(entries.length, file).toBeGreaterThan(3);
    }
  });
});
