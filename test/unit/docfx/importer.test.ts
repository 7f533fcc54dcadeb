import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), "docs-import-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runImporter(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["scripts/docs-import.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("docs:import", () => {
  let run: ReturnType<typeof runImporter>;
  beforeAll(() => {
    run = runImporter("test/fixtures/docfx/import", "--out", out, "--json");
  });

  it("prints exactly one JSON object describing the imported pages", () => {
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { pages: Record<string, unknown>[] };
    expect(report.pages).toEqual([
      {
        file: "en/customers/Add Customer.md",
        slug: "add-a-new-customer",
        locale: "en",
        title: "Add a new customer",
        clouds: ["global", "usgov", "germany"],
        translation: "HT",
        roles: ["global_admin", "admin_agent", "sales_agent"],
        unresolvedLinks: ["missing.md"],
      },
      expect.objectContaining({ file: "en/customers/overview-china.md", clouds: ["china"] }),
      expect.objectContaining({ file: "en/list.md", slug: "see-your-customer-list", roles: [] }),
      expect.objectContaining({ file: "en/overview.md", slug: "customer-accounts-overview" }),
      expect.objectContaining({ file: "translations/fr/ajouter-client.md", locale: "fr-FR" }),
      expect.objectContaining({
        file: "translations/ru/a-obzor.md",
        locale: "ru-RU",
        translation: "MT",
        clouds: ["china"],
        unresolvedLinks: [],
      }),
    ]);
  });

  it("lists the files it could not import, with the reason", () => {
    const { errors } = JSON.parse(run.stdout) as { errors: { file: string; message: string }[] };
    expect(errors.map((e) => e.file)).toEqual([
      "broken/bad-yaml.md",
      "broken/unknown-role.md",
      "translations/fr/orphelin.md",
      "translations/ru/z-duplicate.md",
    ]);
    expect(errors[0]?.message).toMatch(/^broken\/bad-yaml\.md:2: broken YAML: /);
    expect(errors[1]?.message).toBe('broken/unknown-role.md:9: unknown role "Janitor"');
    expect(errors[2]?.message).toContain('no English page "only-in-french"');
    expect(errors[3]?.message).toContain("translations/ru/a-obzor.md");
  });

  it("writes the content layout, naming the second variant after its clouds", () => {
    const files = readdirSync(out, { recursive: true }).map(String).sort();
    expect(files.filter((f) => f.endsWith(".md")).map((f) => f.split(path.sep).join("/"))).toEqual([
      "en/add-a-new-customer.md",
      "en/customer-accounts-overview.china.md",
      "en/customer-accounts-overview.md",
      "en/see-your-customer-list.md",
      "fr-FR/add-a-new-customer.md",
      "ru-RU/customer-accounts-overview.md",
    ]);
  });

  it("rewrites links between imported files to their new names", () => {
    const added = readFileSync(path.join(out, "en/add-a-new-customer.md"), "utf8");
    expect(added).toContain("[your customer list](see-your-customer-list.md)");
    expect(added).toContain("[the overview](customer-accounts-overview.md#roles)");
    expect(added).toContain("(missing.md)");
    const list = readFileSync(path.join(out, "en/see-your-customer-list.md"), "utf8");
    expect(list).toContain("[adding a customer](add-a-new-customer.md)");
  });

  it("prints a human summary without --json", () => {
    const human = runImporter("test/fixtures/docfx/import", "--out", out);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain("Imported 6 page(s)");
    expect(human.stdout).toMatch(/locales: +en 4, fr-FR 1, ru-RU 1/);
    expect(human.stdout).toMatch(/translations: +HT 5, MT 1/);
    expect(human.stdout).toContain("en/customers/Add Customer.md → missing.md");
  });

  it("exits with 1 on bad arguments", () => {
    expect(runImporter().status).toBe(1);
    expect(runImporter("test/fixtures/docfx/no-such-folder").status).toBe(1);
    expect(runImporter("test/fixtures/docfx/import", "--bogus").status).toBe(1);
  });
});
