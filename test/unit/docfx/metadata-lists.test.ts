import { describe, expect, it } from "vitest";
import { CLOUD_IDS, CLOUDS } from "../../../src/domain/clouds.ts";
import { LOCALE_IDS } from "../../../src/domain/locales.ts";
import { cloudFromName, roleFromName } from "../../../src/lib/docfx/index.ts";
import { errorOf, parseFixture } from "./fixtures.ts";

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
    expect(parseFixture("mt/fr-FR-see-customers.md").clouds).toEqual(["global", "china"]);
    const ru = parseFixture("mt/ru-RU-see-customers.md");
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

  it("names file, line and name for an unknown cloud", () => {
    expect(errorOf(() => parseFixture("malformed/unknown-cloud.md"))).toBe(
      'malformed/unknown-cloud.md:10: unknown cloud name "Partner Center on the Moon"',
    );
  });

  it("names file, line and name for an unknown role", () => {
    expect(errorOf(() => parseFixture("malformed/unknown-role.md"))).toBe(
      'malformed/unknown-role.md:11: unknown role "Stagiaire"',
    );
  });

  it("rejects a label without a list", () => {
    expect(errorOf(() => parseFixture("malformed/empty-applies-to.md"))).toMatch(
      /^malformed\/empty-applies-to\.md:7: "\*\*Applies to\*\*" must be followed by a bulleted list$/,
    );
  });
});
