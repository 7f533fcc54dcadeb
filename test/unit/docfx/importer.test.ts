import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocs, type DocsImportReport } from "../../../scripts/docs-importer.ts";
import { FIXTURES } from "./fixtures.ts";

const SET = path.join(FIXTURES, "import");
const root = mkdtempSync(path.join(tmpdir(), "docs-import-"));
const out = path.join(root, "docs");
const media = path.join(root, "media");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const written = (file: string): string => readFileSync(path.join(out, file), "utf8");
const page = (report: DocsImportReport, file: string, englishFrom: string | null = null) =>
  report.pages.find((p) => p.file === file && p.englishFrom === englishFrom);

describe("importDocs", () => {
  let report: DocsImportReport;
  beforeAll(async () => {
    report = await importDocs({ folder: SET, out, media });
  });

  it("accounts for every file of the set: imported, skipped or in error", () => {
    const files = readdirSync(SET, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(SET, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
    const accounted = new Set([
      ...report.pages.map((p) => p.file),
      ...report.skipped.map((s) => s.file),
      ...report.errors.map((e) => e.file),
    ]);
    expect([...accounted].sort()).toEqual(files.sort());
    expect(report.files).toBe(files.length);
  });

  it("recognises pages by content, whatever their name, and names the slug by the identity rule", () => {
    expect(report.pages.map((p) => [p.file, p.output])).toEqual([
      ["broken/unknown-role.md", "en/unknown-role.md"],
      ["en/customer-accounts-overview.md", "en/customer-accounts-overview.md"],
      ["en/customers/Add Customer.md", "en/add-a-new-customer.md"],
      [
        "en/customers/customer-accounts-overview.china.md",
        "en/customer-accounts-overview.china.md",
      ],
      ["en/see-your-customer-list.md", "en/see-your-customer-list.md"],
      ["export/0001_Liste des clients.txt", "fr-FR/see-your-customer-list.md"],
      ["export/0002", "ru-RU/invite-with-an-indirect-provider.md"],
      ["translations/fr/add-a-new-customer.md", "fr-FR/add-a-new-customer.md"],
      ["translations/fr/only-in-french.md", "fr-FR/only-in-french.md"],
      ["translations/ru/customer-accounts-overview.md", "ru-RU/customer-accounts-overview.md"],
      ["export/0002", "en/invite-with-an-indirect-provider.md"],
    ]);
  });

  it("lists the files that are not pages, each with its reason", () => {
    expect(report.skipped).toEqual([
      {
        file: ".openpublishing.publish.config.json",
        reason: "publishing configuration (.openpublishing.*)",
      },
      { file: "README.md", reason: "repository file (readme, licence, notices)" },
      { file: "TOC.yml", reason: "table of contents: copied to en/TOC.yml for the navigation" },
      {
        file: "breadcrumb/toc.yml",
        reason: "breadcrumb table of contents (site chrome, not navigation)",
      },
      { file: "docfx.json", reason: "DocFX build configuration (docfx.json)" },
      { file: "includes/prerequisites.md", reason: "include: inlined into the pages that use it" },
      { file: "media/add-customer.png", reason: "image: copied with the pages that show it" },
      { file: "notes.txt", reason: "not a DocFX page (.txt without front matter)" },
    ]);
  });

  it("keeps errors for files that cannot be read as a page, naming file and line", () => {
    expect(report.errors.map((e) => [e.file, e.line])).toEqual([
      ["broken/bad-yaml.md", 2],
      ["de/seite.md", 3],
      ["no-front-matter.md", 1],
      ["translations/ru/customer-accounts-overview.txt", 1],
    ]);
    expect(report.errors[0]?.message).toMatch(/^broken\/bad-yaml\.md:2: broken YAML: /);
    expect(report.errors[1]?.message).toContain('"de-DE" is not a portal locale');
    expect(report.errors[3]?.message).toBe(
      'translations/ru/customer-accounts-overview.txt:1: translations/ru/customer-accounts-overview.txt and translations/ru/customer-accounts-overview.md both claim "customer-accounts-overview" in ru-RU for china',
    );
  });

  it("reports what it worked around as warnings with their line", () => {
    expect(page(report, "broken/unknown-role.md")).toMatchObject({
      roles: [],
      roleLabels: ["Janitor"],
      warnings: [
        { line: 9, message: '"Janitor" is not one of the portal\'s roles: shown as written' },
      ],
    });
    expect(page(report, "en/customers/Add Customer.md")).toMatchObject({
      roles: ["global_admin", "admin_agent", "sales_agent"],
      unresolvedLinks: ["missing.md", "../../media/review-step.png"],
      unresolvedInSet: [],
      warnings: [
        { line: 18, message: 'link to "missing.md" is not in the set: kept as text' },
        {
          line: 24,
          message: 'image "../../media/review-step.png" is not in the set: its alt text is shown',
        },
      ],
    });
  });

  it("rewrites links to the imported names, inlines includes and copies the images shown", () => {
    const added = written("en/add-a-new-customer.md");
    expect(added).toContain("[your customer list](see-your-customer-list.md)");
    expect(added).toContain("[the overview](customer-accounts-overview.md#roles)");
    expect(added).toContain("a page that was never written.");
    expect(added).toContain("You need the **Admin agent** or **Global admin** role.");
    expect(added).toContain("![The Add customer page](/docs-media/en/media/add-customer.png)");
    expect(added).not.toMatch(/review-step|INCLUDE/);
    expect(added).toContain('ms.importedfrom: "en/customers/Add Customer.md"');
    expect(existsSync(path.join(media, "en/media/add-customer.png"))).toBe(true);
    expect(written("fr-FR/see-your-customer-list.md")).toContain(
      "[l’ajout d’un client](add-a-new-customer.md)",
    );
  });

  it("copies the table of contents, its links pointing at the imported files", () => {
    expect(written("en/TOC.yml")).toBe(
      [
        "- name: Customers",
        "  items:",
        "    - name: Customer accounts",
        "      href: customer-accounts-overview.md",
        "    - name: Add a customer",
        "      href: add-a-new-customer.md",
        "    - name: Your customer list",
        "      href: see-your-customer-list.md",
        "- name: Partner Center on the web",
        "  href: https://partner.microsoft.com/",
        "",
      ].join("\n"),
    );
  });

  it("publishes a translation without its English page and lists it", () => {
    expect(report.translationOnly).toEqual([
      {
        file: "translations/fr/only-in-french.md",
        slug: "only-in-french",
        locale: "fr-FR",
        clouds: ["global", "usgov", "germany", "china"],
      },
    ]);
  });

  it("builds the English page of a side-by-side machine translation from its originals", () => {
    expect(page(report, "export/0002", "export/0002")).toMatchObject({
      locale: "en",
      title: "Invite with an indirect provider",
      roles: ["sales_agent"],
    });
    const english = written("en/invite-with-an-indirect-provider.md");
    expect(english).toContain('ms.englishfrom: "export/0002"');
    expect(english).toContain("This English page is built from the English original sentences");
    expect(english).toContain(
      "Select **Invitations**. See [your customer list](see-your-customer-list.md).",
    );
    expect(english).not.toMatch(/[а-я]/i);
  });

  it("replaces its own earlier import, but never a page of the portal", async () => {
    const again = await importDocs({ folder: SET, out, media, check: true });
    expect(again.errors).toHaveLength(report.errors.length);
    const portal = await importDocs({
      folder: SET,
      out: path.join(FIXTURES, "../../../src/content/docs"),
      check: true,
    });
    expect(portal.errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /^en\/customers\/Add Customer\.md:1: .* and .*src\/content\/docs\/en\/add-a-new-customer\.md both claim/,
      ),
    );
  });

  it("writes nothing with check", async () => {
    const elsewhere = path.join(root, "checked");
    const checked = await importDocs({
      folder: SET,
      out: elsewhere,
      media: elsewhere,
      check: true,
    });
    expect(checked.pages).toHaveLength(report.pages.length);
    expect(existsSync(elsewhere)).toBe(false);
  });
});
