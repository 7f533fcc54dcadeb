/**
 * Audit records (SPEC §6): who, what, when, target, request id; never a secret. The statement
 * is always added to the batch of the write it records, so both land or neither does.
 */

/** Audit fields every write records (SPEC §6, audit record). */
export interface AuditEntry {
  id: string;
  partnerId: string | null;
  actorUserId: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId: string;
  occurredAt: string;
  details?: Record<string, unknown>;
}

/** The statement that writes one audit record; always part of the write's batch. */
export function insertAudit(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_records (id, partner_id, actor_user_id, action, target_type, target_id, request_id, occurred_at, details)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
    )
    .bind(
      entry.id,
      entry.partnerId,
      entry.actorUserId,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.requestId,
      entry.occurredAt,
      JSON.stringify(entry.details ?? {}),
    );
}
