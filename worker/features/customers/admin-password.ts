/**
 * Resetting a customer administrator's password (SPEC §7, `POST /customers/{id}/admin-password`)
 * as one guarded batch: the partner needs an active relationship (else 404) and either legacy
 * delegated admin privileges or, for the acting user, an admin role that enables the reset
 * through an admin relationship assigned to one of their groups (else 403: `admin_role_required`
 * when the partner has an admin relationship with the customer, `delegated_admin_required` when
 * it has neither). Every session of that administrator ends in the same batch.
 */
import { newId } from "../../lib/crypto.ts";
import { resetAdminPasswordRow } from "./repo.ts";

export interface AdminPasswordChange {
  /** ISO 8601 UTC time of the change. */
  now: string;
  partnerId: string;
  actorUserId: string;
  requestId: string;
  customerId: string;
  /** PBKDF2 hash of the new temporary password. */
  passwordHash: string;
}

export type AdminPasswordOutcome =
  | { kind: "reset"; userPrincipalName: string }
  | { kind: "not_found" | "no_delegated_admin" | "no_admin_role" };

/** Sets a new temporary password (to be changed at next sign-in), or reports why not. */
export async function resetAdminPassword(
  db: D1Database,
  change: AdminPasswordChange,
): Promise<AdminPasswordOutcome> {
  const report = await resetAdminPasswordRow(db, {
    audit: {
      id: newId(),
      partnerId: change.partnerId,
      actorUserId: change.actorUserId,
      action: "customer.admin_password_reset",
      targetType: "customer",
      targetId: change.customerId,
      requestId: change.requestId,
      occurredAt: change.now,
    },
    partnerId: change.partnerId,
    customerId: change.customerId,
    passwordHash: change.passwordHash,
  });
  if (!report) throw new Error("admin password batch returned no report");
  if (report.reset === 1 && report.user_principal_name) {
    return { kind: "reset", userPrincipalName: report.user_principal_name };
  }
  if (report.visible !== 1) return { kind: "not_found" };
  if (report.delegated !== 1 && report.granted !== 1) {
    return { kind: report.granular === 1 ? "no_admin_role" : "no_delegated_admin" };
  }
  return { kind: "not_found" };
}
