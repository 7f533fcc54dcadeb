import { describe, expect, it } from "vitest";
import { CLOUD_IDS, hasFeature } from "../../src/domain/clouds.ts";
import { can, PERMISSIONS, ROLES } from "../../src/domain/roles.ts";

describe("permissions (SPEC §6)", () => {
  it("match the permission table", () => {
    const table = Object.fromEntries(
      Object.keys(PERMISSIONS).map((p) => [
        p,
        ROLES.filter((r) => can([r], p as keyof typeof PERMISSIONS)),
      ]),
    );
    expect(table).toEqual({
      "customers.read": ["global_admin", "admin_agent", "sales_agent", "helpdesk_agent"],
      "customers.create": ["global_admin", "admin_agent", "sales_agent"],
      "customers.update": ["global_admin", "admin_agent"],
      "customers.resetPassword": ["global_admin", "admin_agent"],
      "invitations.write": ["global_admin", "admin_agent", "sales_agent"],
      "relationships.remove": ["global_admin", "admin_agent"],
      "audit.read": ["global_admin"],
      "users.manage": ["global_admin"],
    });
    expect(can([], "customers.read")).toBe(false);
  });
});

describe("feature matrix (SPEC §2)", () => {
  it("gives china no relationships and usgov a single partner per customer", () => {
    const matrix = Object.fromEntries(
      CLOUD_IDS.map((cloud) => [
        cloud,
        [
          "customers",
          "resellerInvitations",
          "indirectInvitations",
          "relationshipRemoval",
          "multipartner",
        ].map((f) => hasFeature(cloud, f as "customers")),
      ]),
    );
    expect(matrix).toEqual({
      global: [true, true, true, true, true],
      usgov: [true, true, true, true, false],
      germany: [true, true, true, true, true],
      china: [true, false, false, false, false],
    });
  });
});
