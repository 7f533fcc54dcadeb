/**
 * The admin roles a partner can ask for in a customer's tenant (SPEC §6, Admin relationship):
 * one catalog read by the site, the API and the docs. Names and descriptions are in the locale
 * files (`adminRelationships.role.<id>.name` / `.description`); ids are stable and stored.
 */
import { hasFeature, type CloudId } from "./clouds.ts";

/**
 * How much a role can do, least first: the role picker groups by it, so a partner reaches for a
 * reader before an administrator.
 */
export const ADMIN_ROLE_TIERS = ["read", "limited", "privileged", "highest"] as const;
export type AdminRoleTier = (typeof ADMIN_ROLE_TIERS)[number];

/** The catalog, least privilege first within each tier. */
export const ADMIN_ROLES = [
  { id: "directory_readers", tier: "read" },
  { id: "global_reader", tier: "read" },
  { id: "security_reader", tier: "read" },
  { id: "service_support_administrator", tier: "limited" },
  { id: "helpdesk_administrator", tier: "limited" },
  { id: "license_administrator", tier: "limited" },
  { id: "billing_administrator", tier: "limited" },
  { id: "user_administrator", tier: "privileged" },
  { id: "exchange_administrator", tier: "privileged" },
  { id: "security_administrator", tier: "privileged" },
  { id: "privileged_authentication_administrator", tier: "highest" },
  { id: "global_administrator", tier: "highest" },
] as const satisfies readonly { id: string; tier: AdminRoleTier }[];

export type AdminRoleId = (typeof ADMIN_ROLES)[number]["id"];
export const ADMIN_ROLE_IDS = ADMIN_ROLES.map((role) => role.id) as [AdminRoleId, ...AdminRoleId[]];

/** The role that can never be auto-extended (SPEC §6): it must be asked for again. */
export const GLOBAL_ADMINISTRATOR: AdminRoleId = "global_administrator";

/**
 * The portal actions on a customer that need an admin role in its tenant, and the roles that
 * enable each. `requires` is the least of them, the one a refusal names. Only actions inside the
 * customer's tenant belong here: updating the customer's details, removing the reseller
 * relationship and revoking DAP change the partner's own records and stay partner permissions.
 */
export const ADMIN_ACTIONS = {
  /** Resetting the customer admin's password: user administrator or higher. */
  resetAdminPassword: {
    requires: "user_administrator",
    roles: [
      "user_administrator",
      "privileged_authentication_administrator",
      "global_administrator",
    ],
  },
} as const satisfies Record<string, { requires: AdminRoleId; roles: readonly AdminRoleId[] }>;
export type AdminAction = keyof typeof ADMIN_ACTIONS;

/** Whether `role` is an id of the catalog. */
export function isAdminRoleId(role: string): role is AdminRoleId {
  return (ADMIN_ROLE_IDS as readonly string[]).includes(role);
}

/**
 * The roles a partner can ask for in `cloud`: the whole catalog where admin relationships are
 * available (SPEC §2 feature matrix), none elsewhere.
 *
 * @example
 * adminRolesOf("china"); // []
 */
export function adminRolesOf(cloud: CloudId): readonly (typeof ADMIN_ROLES)[number][] {
  return hasFeature(cloud, "adminRelationships") ? ADMIN_ROLES : [];
}

/** The portal actions `roles` enable together. */
export function actionsEnabledBy(roles: readonly string[]): AdminAction[] {
  return (Object.keys(ADMIN_ACTIONS) as AdminAction[]).filter((action) =>
    ADMIN_ACTIONS[action].roles.some((role) => roles.includes(role)),
  );
}
