/**
 * Audit records (SPEC §6): who, what, when, target, request id; never a secret. The statement
 * is always added to the batch of the write it records, so both land or neither does.
 */
import { list, prepare, raw, sql, type Sql } from "./sql.ts";

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

/**
 * What the actor id of a record made by the portal itself starts with (the scheduled run's
 * `system:scheduler`): no user, no key.
 */
export const SYSTEM_ACTOR_PREFIX = "system:";

/** The table and column list of an audit insert, in {@link auditValues} order. */
export const AUDIT_INTO = raw(
  "audit_records (id, partner_id, actor_user_id, action, target_type, target_id, request_id, occurred_at, details)",
);

/** The values of an audit insert, in {@link AUDIT_INTO} order. */
export function auditValues(entry: AuditEntry): Sql {
  return list([
    entry.id,
    entry.partnerId,
    entry.actorUserId,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.requestId,
    entry.occurredAt,
    JSON.stringify(entry.details ?? {}),
  ]);
}

/** The statement that writes one audit record; always part of the write's batch. */
export function insertAudit(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return prepare(db, sql`INSERT INTO ${AUDIT_INTO} VALUES (${auditValues(entry)})`);
}
