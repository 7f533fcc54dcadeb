import { describe, expect, it } from "vitest";
import {
  actionsEnabledBy,
  ADMIN_ACTIONS,
  ADMIN_ROLE_IDS,
  ADMIN_ROLE_TIERS,
  ADMIN_ROLES,
  adminRolesOf,
} from "../../src/domain/admin-roles.ts";
import { CLOUD_IDS } from "../../src/domain/clouds.ts";
import { translator, type MessageKey } from "../../src/domain/i18n.ts";
import { LOCALE_IDS } from "../../src/domain/locales.ts";
import {
  CreateAdminRelationshipRequest,
  durationDays,
  mayAutoExtend,
} from "../../src/domain/schemas/admin-relationship.ts";

describe("admin role catalog", () => {
  it("has a dozen roles with stable ids, least privilege first", () => {
    expect(ADMIN_ROLE_IDS).toHaveLength(12);
    expect(new Set(ADMIN_ROLE_IDS).size).toBe(12);
    const tiers = ADMIN_ROLES.map((role) => ADMIN_ROLE_TIERS.indexOf(role.tier));
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
  });

  it("names and describes every role in every locale, each in its own words", () => {
    for (const locale of LOCALE_IDS) {
      const t = translator(locale);
      for (const id of ADMIN_ROLE_IDS) {
        for (const part of ["name", "description"]) {
          const key = `adminRelationships.role.${id}.${part}` as MessageKey;
          expect(t(key), `${locale} ${key}`).not.toBe(key);
        }
      }
    }
    expect(translator("ru-RU")("adminRelationships.role.user_administrator.name")).toBe(
      "Администратор пользователей",
    );
  });

  it("lets user administrator or higher reset the customer admin's password", () => {
    expect(ADMIN_ACTIONS.resetAdminPassword.requires).toBe("user_administrator");
    expect(actionsEnabledBy(["helpdesk_administrator", "global_reader"])).toEqual([]);
    expect(actionsEnabledBy(["user_administrator"])).toEqual(["resetAdminPassword"]);
    expect(actionsEnabledBy(["global_administrator"])).toEqual(["resetAdminPassword"]);
  });

  it("is offered where the feature is, and not in china", () => {
    const counts = Object.fromEntries(CLOUD_IDS.map((c) => [c, adminRolesOf(c).length]));
    expect(counts).toEqual({ global: 12, usgov: 12, germany: 12, china: 0 });
  });
});

describe("admin relationship request", () => {
  it.each([
    ["P1D", 1],
    ["P90D", 90],
    ["P1Y6M", 545],
    ["P2Y", 730],
  ])("measures %s as %i days", (text, days) => {
    expect(durationDays(text)).toBe(days);
  });

  it("accepts P1D to P2Y and refuses the rest", () => {
    const body = (duration: string) =>
      CreateAdminRelationshipRequest.safeParse({
        displayName: "x",
        roles: ["global_reader"],
        duration,
      }).success;
    expect(["P1D", "P2Y", "P730D", "P24M"].map(body)).toEqual([true, true, true, true]);
    expect(["P0D", "P731D", "P2Y1D", "P", "PT1H", "1D", "p1d"].map(body)).toEqual(
      Array(7).fill(false),
    );
  });

  it("never auto-extends global administrator", () => {
    expect(mayAutoExtend(["global_reader"])).toBe(true);
    expect(mayAutoExtend(["global_reader", "global_administrator"])).toBe(false);
  });
});
