/**
 * Writes as one guarded batch (SPEC §7, Guarantees; SPEC §9: every write one batch). A write's
 * preconditions — the object is the caller's, the version matches, the database-side rules hold —
 * are not read first: the batch's first statement inserts the audit record only when they hold,
 * every change after it runs only if that record exists, and the batch ends with statements that
 * report what they found. D1 runs a batch as one transaction, so check and change cannot be
 * separated by another writer, and the route learns from the report why nothing happened
 * (404, 409, 412, 400) without a second round trip.
 */
import { AUDIT_INTO, auditValues, type AuditEntry } from "./audit.ts";
import { prepare, sql, type Sql } from "./sql.ts";
import { errorText } from "./problem.ts";

/**
 * The audit record of a write, inserted only when `guard` holds.
 *
 * @example
 * insertAuditWhen(db, entry, sql`EXISTS (SELECT 1 FROM customers WHERE id = ${customerId})`);
 */
export function insertAuditWhen(
  db: D1Database,
  entry: AuditEntry,
  guard: Sql,
): D1PreparedStatement {
  return prepare(db, sql`INSERT INTO ${AUDIT_INTO} SELECT ${auditValues(entry)} WHERE ${guard}`);
}

/**
 * The condition every other statement of a guarded batch carries: the audit record `auditId`
 * was written, i.e. the guard held.
 *
 * @example
 * sql`UPDATE customers SET … WHERE id = ${customerId} AND ${whenAudited(auditId)}`
 */
export function whenAudited(auditId: string): Sql {
  return sql`EXISTS (SELECT 1 FROM audit_records WHERE id = ${auditId})`;
}

/** Whether a D1 error is a UNIQUE violation on one of `columns` (`table.column`). */
export function isUniqueViolation(error: unknown, columns: string[]): boolean {
  const message = errorText(error);
  return (
    message.includes("UNIQUE constraint failed") &&
    columns.some((column) => message.includes(column))
  );
}
