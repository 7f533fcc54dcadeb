import { ADMIN_ACTIONS, type AdminAction } from "../../../src/domain/admin-roles.ts";
import { translator, type MessageKey } from "../../../src/domain/i18n.ts";
import type { Locale } from "../../../src/domain/locales.ts";
import { AppError } from "../../lib/problem.ts";

/**
 * The 403 of an action the caller holds no admin role for: `admin_role_required`, naming (in
 * the reader's language) the least role that enables it.
 *
 * @example
 * throw adminRoleRequired("resetAdminPassword", "fr-FR"); // "… le rôle Administrateur d’utilisateurs …"
 */
export function adminRoleRequired(action: AdminAction, locale: Locale): AppError {
  const role = ADMIN_ACTIONS[action].requires;
  return new AppError(403, "admin_role_required", {
    values: { role: translator(locale)(`adminRelationships.role.${role}.name` as MessageKey) },
  });
}
