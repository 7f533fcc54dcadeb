import { describe, expect, it } from "vitest";
import { CLOUD_IDS, CLOUDS } from "../../../src/domain/clouds.ts";
import { LOCALE_IDS } from "../../../src/domain/locales.ts";
import { cloudFromName, roleFromName } from "../../../src/lib/docfx/index.ts";
import { parseFixture } from "./fixtures.ts";

describe("applies-to and roles lists", () => {
  it("reads the English lists", () => {
    const doc = parseFixture("en/add-customer.md");
    expect(doc.clouds).toEqual(["global", "usgov", "germany"]);
    expect(doc.appliesToAllClouds).toBe(false);
    expect(doc.roles).toEqual(["global_admin", "admin_agent", "sales_agent"]);
  });

  it("reads the French lists (typographic apostrophe, colon)", () => {
    const doc = parseFixture("fr-FR/add-customer.md");
    expect(doc.clouds).toEqual(["global", "germany"]);
    expect(doc.roles).toEqual(["global_admin", "admin_agent"]);
  });

  it("reads the Russian lists (no emphasis, ё spelling)", () => {
    const doc = parseFixture("ru-RU/add-customer.md");
    expect(doc.clouds).toEqual(["global", "germany", "china"]);
    expect(doc.roles).toEqual(["sales_agent", "helpdesk_agent"]);
  });

  it("reads machine-translated lists, inline lists included", () => {
    expect(parseFixture("mt/fr-FR/see-your-customer-list.md").clouds).toEqual(["global", "china"]);
    const ru = parseFixture("mt/ru-RU/see-your-customer-list.md");
    expect(ru.roles).toEqual(["global_admin", "helpdesk_agent"]);
    expect(ru.appliesToAllClouds).toBe(true);
    expect(ru.clouds).toEqual(CLOUD_IDS);
  });

  it("removes both lists from the body", () => {
    const doc = parseFixture("en/add-customer.md");
    expect(doc.markdown).not.toMatch(/Applies to|Appropriate roles|Partner Center|Sales agent/);
  });

  it("knows every official cloud name in every locale", () => {
    for (const id of CLOUD_IDS) {
      for (const locale of LOCALE_IDS) expect(cloudFromName(CLOUDS[id].names[locale])).toBe(id);
    }
    expect(cloudFromName("  partner center FOR microsoft cloud for u.s. government ")).toBe(
      "usgov",
    );
    expect(cloudFromName("Центр партнеров, управляемый 21Vianet")).toBe("china");
    expect(cloudFromName("Partner Center on the Moon")).toBeUndefined();
  });

  it("knows role names in the three languages", () => {
    expect(roleFromName("Helpdesk agent")).toBe("helpdesk_agent");
    expect(roleFromName("Agent du support technique")).toBe("helpdesk_agent");
    expect(roleFromName("Глобальный администратор")).toBe("global_admin");
    expect(roleFromName("Stagiaire")).toBeUndefined();
  });

  it("warns about a cloud that is not one of ours, with its line, and keeps the page", () => {
    const doc = parseFixture("malformed/unknown-cloud.md");
    expect(doc.warnings).toContainEqual({
      line: 10,
      message: '"Partner Center on the Moon" is not one of the portal\'s clouds: ignored',
    });
  });

  it("keeps a role that is not one of ours as a label, with a warning", () => {
    const doc = parseFixture("malformed/unknown-role.md");
    expect(doc.roles).toEqual(["sales_agent"]);
    expect(doc.roleLabels).toEqual(["Stagiaire"]);
    expect(doc.warnings).toEqual([
      { line: 11, message: '"Stagiaire" is not one of the portal\'s roles: shown as written' },
    ]);
  });

  it("warns about a label without a list and reads the page as applying to every cloud", () => {
    const doc = parseFixture("malformed/empty-applies-to.md");
    expect(doc.appliesToAllClouds).toBe(true);
    expect(doc.warnings).toEqual([
      { line: 7, message: '"**Applies to**" is not followed by a list: ignored' },
    ]);
  });
});
