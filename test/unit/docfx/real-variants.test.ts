import { describe, expect, it } from "vitest";
import {
  cloudFromName,
  parseDocfx,
  renderDocfx,
  roleFromName,
} from "../../../src/lib/docfx/index.ts";
import { classifySetFile } from "../../../src/lib/docfx/set-files.ts";
import { yamlPageToMarkdown } from "../../../src/lib/docfx/yaml-pages.ts";
import { fixture, parseFixture } from "./fixtures.ts";

/** Fixtures written from published sets: see test/fixtures/docfx/real/README.md. */
const real = (file: string) => parseFixture(`real/${file}`);
const messages = (file: string): string[] => real(file).warnings.map((w) => w.message);

describe("applies-to lists as published sets write them", () => {
  it("reads an inline French list with a curly apostrophe, out-of-bold colon, joined words", () => {
    const doc = real("fr-FR/national-clouds.md");
    expect(doc.clouds).toEqual(["usgov", "germany"]);
    expect(doc.warnings).toContainEqual({
      line: 11,
      message: '"Espace partenaires Inde" is not one of the portal\'s clouds: ignored',
    });
  });

  it("reads a bulleted list under a bold label with a straight apostrophe", () => {
    expect(real("fr-FR/china-billing.md").clouds).toEqual(["china"]);
  });

  it("reads names in any case, mixed languages and with typos, label without bold", () => {
    expect(real("fr-FR/mixed-names.md").clouds).toEqual(["global", "usgov"]);
    expect(real("fr-FR/request-a-relationship.md").clouds).toEqual(["global", "usgov"]);
  });

  it("reads the Russian labels «Область применения» and «Применяется к»", () => {
    expect(real("ru-RU/germany.md").clouds).toEqual(["global", "usgov"]);
    expect(real("ru-RU/china-support.md").clouds).toEqual(["china"]);
  });

  it("applies a list naming none of our clouds to every cloud, with warnings", () => {
    const doc = real("ru-RU/connectors.md");
    expect(doc.appliesToAllClouds).toBe(true);
    expect(messages("ru-RU/connectors.md")).toEqual([
      '"Dynamics 365 CRM" is not one of the portal\'s clouds: ignored',
      '"SalesForce CRM" is not one of the portal\'s clouds: ignored',
      'the "applies to" list names none of the portal\'s clouds: the page applies to every cloud',
    ]);
  });

  it("does not take a table with an «applies to» column for the list", () => {
    const doc = real("fr-FR/national-clouds.md");
    expect(doc.clouds).not.toContain("china");
    expect(doc.markdown).toContain("| Ajouter un client | Espace partenaires géré par 21Vianet |");
  });

  it("names clouds the way real files spell them", () => {
    expect(cloudFromName("Центр партнеров, предоставляемый 21Vianet")).toBe("china");
    expect(cloudFromName("espace partenaires pour Microsoft Cloud Allemagne")).toBe("germany");
    expect(cloudFromName("Partner Center for MicrosoftCloud Germany")).toBe("germany");
    expect(cloudFromName("Espace partenaires de Microsoft Cloud for US Government")).toBe("usgov");
    expect(cloudFromName("PARTNER CENTER")).toBe("global");
    expect(cloudFromName("Центр партнеров Индии")).toBeUndefined();
    expect(cloudFromName("Dynamics 365 CRM")).toBeUndefined();
  });
});

describe("roles lists as published sets write them", () => {
  it("maps localized synonyms in any case to our four roles, in the three languages", () => {
    expect(real("fr-FR/national-clouds.md").roles).toEqual([
      "global_admin",
      "admin_agent",
      "sales_agent",
    ]);
    expect(real("fr-FR/china-billing.md").roles).toEqual([
      "admin_agent",
      "sales_agent",
      "helpdesk_agent",
    ]);
    expect(real("ru-RU/germany.md").roles).toEqual([
      "global_admin",
      "admin_agent",
      "sales_agent",
      "helpdesk_agent",
    ]);
    expect(real("en/constructs.md").roles).toEqual(["global_admin"]);
  });

  it("reads a Russian label followed by a dash", () => {
    expect(real("ru-RU/connectors.md").roles).toEqual(["global_admin"]);
  });

  it("keeps other roles as labels, with one warning each", () => {
    expect(real("en/constructs.md").roleLabels).toEqual([
      "Billing admin",
      "Account admin",
      "Referrals admin",
    ]);
    expect(real("ru-RU/germany.md").roleLabels).toEqual(["Администратор учетной записи"]);
    expect(messages("fr-FR/china-billing.md")).toEqual([
      '"Administrateur de facturation" is not one of the portal\'s roles: shown as written',
    ]);
  });

  it("knows the synonyms published sets use", () => {
    expect(roleFromName("agent admin")).toBe("admin_agent");
    expect(roleFromName("Commercial")).toBe("sales_agent");
    expect(roleFromName("Агент продаж")).toBe("sales_agent");
    expect(roleFromName("agent d’aide")).toBe("helpdesk_agent");
  });
});

describe("DocFX constructs of published sets", () => {
  const doc = real("en/constructs.md");
  const html = renderDocfx(doc, { cloud: "global" }).html;

  it("reads front matter keys in any case and ms.date as MM/DD/YYYY", () => {
    expect(doc).toMatchObject({
      description: "Every construct published sets use.",
      date: "2021-07-01",
    });
    expect(real("fr-FR/national-clouds.md").description).toBe(
      "Les clouds nationaux de l’Espace partenaires.",
    );
  });

  it("keeps no markup in titles and headings", () => {
    expect(real("fr-FR/national-clouds.md").title).toBe("Clouds nationaux : vue d’ensemble");
    expect(real("fr-FR/national-clouds.md").heading).toBe(
      "Clouds nationaux de l’Espace partenaires",
    );
    expect(real("fr-FR/request-a-relationship.md").title).toBe("Relations de revendeur");
  });

  it("reads a file with a BOM and CRLF line ends", () => {
    expect(fixture("real/fr-FR/request-a-relationship.md").startsWith("\uFEFF---\r\n")).toBe(true);
    expect(real("fr-FR/request-a-relationship.md").headings).toEqual([
      { depth: 2, id: "étapes", text: "Étapes" },
    ]);
  });

  it("takes the slug from the file name when the H1 has no anchor", () => {
    expect(doc.slug).toBe("constructs");
    expect(real("fr-FR/mixed-names.md").slug).toBe("mixed-names");
  });

  it("ignores HTML comments, even one that looks like a list", () => {
    expect(doc.clouds).toEqual(["global", "usgov"]);
    expect(html).not.toContain("localization team");
  });

  it("takes an <a name> anchor anywhere in a heading as its id", () => {
    expect(doc.headings).toEqual([{ depth: 2, id: "before", text: "Before you begin" }]);
  });

  it("leaves out an include the reader cannot resolve, with a warning, but not in code", () => {
    expect(doc.warnings).toContainEqual({
      line: 17,
      message: 'include "includes/banner.md" is not in the set: left out',
    });
    expect(html).toContain("[!INCLUDE[left alone](in-code.md)]");
    expect(html).toContain("&lt;!-- also left alone --&gt;");
  });

  it("renders :::image as an image, zone pivots labelled, a video as a link, nextstepaction", () => {
    expect(html).toContain('<span class="unresolved-image">The page.</span>');
    expect(html).toContain(
      '<div class="docfx-zone" data-pivot="api"><p class="docfx-zone__label">For api</p>',
    );
    expect(html).toContain(
      '<p class="docfx-video"><a href="https://www.youtube.com/embed/abc">Video: https://www.youtube.com/embed/abc</a></p>',
    );
    expect(html).toContain('<div class="docfx-div docfx-nextstepaction">');
    expect(html).not.toMatch(/:::|\[!div|\[!VIDEO/);
  });

  it("reads an indented :::image with glued attributes, and :::no-loc as its text", () => {
    expect(html).toContain('<span class="unresolved-image">The tenant.</span>');
    expect(html).toContain("<p>Enter Partner Center as the name.</p>");
  });

  it("shows an image the importer copied", () => {
    const copied = parseDocfx("---\ntitle: A\n---\n![Alt](/docs-media/en/media/a.png)\n", "a.md");
    expect(renderDocfx(copied, { cloud: "global" }).html).toContain(
      '<img src="/docs-media/en/media/a.png" alt="Alt" loading="lazy">',
    );
  });
});

describe("files of a published set", () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

  it("recognises pages by content, whatever the name", () => {
    const page = bytes("---\ntitle: A\n---\n# A\n");
    expect(classifySetFile("export/0001_page.txt", page)).toEqual({ kind: "page", yaml: false });
    expect(classifySetFile("export/0002", page)).toEqual({ kind: "page", yaml: false });
    expect(
      classifySetFile("a/payout-faq.yml", bytes(fixture("real/fr-FR/payout-faq.yml"))),
    ).toEqual({ kind: "page", yaml: true });
  });

  it("tells the files that are not pages, and a Markdown page without front matter", () => {
    expect(classifySetFile("partner-center/TOC.yml", bytes("- name: A"))).toEqual({ kind: "toc" });
    expect(classifySetFile("Archive/TOC.md", bytes("# [A](a.md)"))).toEqual({ kind: "toc" });
    expect(classifySetFile("partner-center/includes/x.md", bytes("Hi"))).toEqual({
      kind: "include",
    });
    expect(classifySetFile("media/a.png", new Uint8Array([137, 80, 0]))).toEqual({ kind: "media" });
    expect(classifySetFile("LICENSE-CODE", bytes("MIT"))).toMatchObject({ kind: "other" });
    expect(classifySetFile("docfx.json", bytes("{}"))).toMatchObject({ kind: "other" });
    expect(classifySetFile(".openpublishing.build.ps1", bytes("x"))).toMatchObject({
      kind: "other",
    });
    expect(classifySetFile("a.md", bytes("# Title\n"))).toMatchObject({
      kind: "unreadable",
      line: 1,
    });
  });

  it("turns YAML FAQ and Landing pages into Markdown pages", () => {
    const faq = parseDocfx(
      yamlPageToMarkdown(fixture("real/fr-FR/payout-faq.yml")) ?? "",
      "payout-faq.yml",
    );
    expect(faq).toMatchObject({ slug: "payout-faq", locale: "fr-FR", translation: "MT" });
    expect(faq.headings.map((h) => h.text)).toEqual([
      "Paiements",
      "Pourquoi mes gains sont-ils manquants ?",
    ]);
    expect(faq.roleLabels).toEqual(["administrateur d’incentives", "Utilisateur d’incentives"]);
    const landing = yamlPageToMarkdown(fixture("real/en/index.yml")) ?? "";
    expect(landing).toContain("- [Add a customer](add-a-new-customer.md)");
    expect(parseDocfx(landing, "index.yml").title).toBe("Partner Center documentation");
  });
});
