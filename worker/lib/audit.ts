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

/** The column list of an audit insert; its values are ?1–?9 from {@link auditParams}. */
export const AUDIT_COLUMNS =
  "audit_records (id, partner_id, actor_user_id, action, target_type, target_id, request_id, occurred_at, details)";

/** The bound values ?1–?9 of an audit insert, in {@link AUDIT_COLUMNS} order. */
export function auditParams(entry: AuditEntry): unknown[] {
  return [
    entry.id,
    entry.partnerId,
    entry.actorUserId,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.requestId,
    entry.occurredAt,
    JSON.stringify(entry.details ?? {}),
  ];
}

/** The statement that writes one audit record; always part of the write's batch. */
export function insertAudit(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO ${AUDIT_COLUMNS} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`)
    .bind(...auditParams(entry));
}
