/**
 * Resetting a customer administrator's password (SPEC §7, `POST /customers/{id}/admin-password`)
 * as one guarded batch: the partner needs an active relationship (else 404) and delegated admin
 * privileges (else 403) — DAP are what let a partner administer a customer's tenant. Every
 * session of that administrator ends in the same batch.
 */
import { newId } from "../../lib/crypto.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";

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
  { kind: "reset"; userPrincipalName: string } | { kind: "not_found" | "no_delegated_admin" };

interface Report {
  reset: number;
  visible: number;
  delegated: number;
  user_principal_name: string | null;
}

/** Sets a new temporary password (to be changed at next sign-in), or reports why not. */
export async function resetAdminPassword(
  db: D1Database,
  change: AdminPasswordChange,
): Promise<AdminPasswordOutcome> {
  const { now } = change;
  const auditId = newId();
  // ?10 partner, ?11 customer.
  const relationship = (partner: number, customer: number) =>
    `EXISTS (SELECT 1 FROM relationships WHERE partner_id = ?${partner} AND customer_id = ?${customer} AND state = 'active')`;
  const delegated = (partner: number, customer: number) =>
    `EXISTS (SELECT 1 FROM delegated_admin_grants WHERE partner_id = ?${partner} AND customer_id = ?${customer} AND state = 'active')`;
  const adminEmail = (customer: number) =>
    `(SELECT 'admin@' || domain FROM customers WHERE id = ?${customer})`;
  const results = await db.batch([
    insertAuditWhen(
      db,
      {
        id: auditId,
        partnerId: change.partnerId,
        actorUserId: change.actorUserId,
        action: "customer.admin_password_reset",
        targetType: "customer",
        targetId: change.customerId,
        requestId: change.requestId,
        occurredAt: now,
      },
      `${relationship(10, 11)} AND ${delegated(10, 11)}
       AND EXISTS (SELECT 1 FROM users WHERE customer_id = ?11 AND email = ${adminEmail(11)})`,
      [change.partnerId, change.customerId],
    ),
    db
      .prepare(
        `UPDATE users SET password_hash = ?3, must_change_password = 1, updated_at = ?4
         WHERE customer_id = ?2 AND email = ${adminEmail(2)} AND ${whenAudited(1)}`,
      )
      .bind(auditId, change.customerId, change.passwordHash, now),
    // Every session of the admin ends: the next one starts with the temporary password.
    db
      .prepare(
        `DELETE FROM sessions WHERE user_id IN
           (SELECT id FROM users WHERE customer_id = ?2 AND email = ${adminEmail(2)})
         AND ${whenAudited(1)}`,
      )
      .bind(auditId, change.customerId),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS reset, ${relationship(2, 3)} AS visible,
           ${delegated(2, 3)} AS delegated, ${adminEmail(3)} AS user_principal_name`,
      )
      .bind(auditId, change.partnerId, change.customerId),
  ]);
  const report = results.at(-1)?.results[0] as Report | undefined;
  if (!report) throw new Error("admin password batch returned no report");
  if (report.reset === 1 && report.user_principal_name) {
    return { kind: "reset", userPrincipalName: report.user_principal_name };
  }
  if (report.visible !== 1) return { kind: "not_found" };
  if (report.delegated !== 1) return { kind: "no_delegated_admin" };
  return { kind: "not_found" };
}
