/** Partner user roles (SPEC §6). */
export const ROLES = ["global_admin", "admin_agent", "sales_agent", "helpdesk_agent"] as const;
export type Role = (typeof ROLES)[number];

/** Partner types (SPEC §6). */
export const PARTNER_TYPES = ["direct_reseller", "indirect_reseller", "indirect_provider"] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** Every action the permission table of SPEC §6 names. */
export const PERMISSIONS = {
  "customers.read": ["global_admin", "admin_agent", "sales_agent", "helpdesk_agent"],
  "customers.create": ["global_admin", "admin_agent", "sales_agent"],
  "customers.update": ["global_admin", "admin_agent"],
  "customers.resetPassword": ["global_admin", "admin_agent"],
  "invitations.write": ["global_admin", "admin_agent", "sales_agent"],
  "relationships.remove": ["global_admin", "admin_agent"],
  "audit.read": ["global_admin"],
  // Add, disable and remove the partner's users, set their roles, keep them in groups.
  "users.manage": ["global_admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Whether any of `roles` grants `permission`.
 *
 * @example
 * can(["sales_agent"], "customers.update"); // false
 */
export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
