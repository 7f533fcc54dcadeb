/**
 * Writes as one guarded batch (SPEC §7, Guarantees; SPEC §9: every write one batch). A write's
 * preconditions — the object is the caller's, the version matches, the database-side rules hold —
 * are not read first: the batch's first statement inserts the audit record only when they hold,
 * every change after it runs only if that record exists, and the batch ends with statements that
 * report what they found. D1 runs a batch as one transaction, so check and change cannot be
 * separated by another writer, and the route learns from the report why nothing happened
 * (404, 409, 412, 400) without a second round trip.
 */
import { AUDIT_COLUMNS, auditParams, type AuditEntry } from "./audit.ts";

/** Parameters ?1–?9 of {@link insertAuditWhen} are the audit record's; a guard starts at ?10. */
export const GUARD_FIRST_PARAM = 10;

/**
 * The audit record of a write, inserted only when `guard` (SQL over ?10, ?11, … = `params`) holds.
 *
 * @example
 * insertAuditWhen(db, entry, "EXISTS (SELECT 1 FROM customers WHERE id = ?10)", [customerId]);
 */
export function insertAuditWhen(
  db: D1Database,
  entry: AuditEntry,
  guard: string,
  params: unknown[],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO ${AUDIT_COLUMNS} SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ${guard}`,
    )
    .bind(...auditParams(entry), ...params);
}

/**
 * The condition every other statement of a guarded batch carries: the audit record `?{param}`
 * was written, i.e. the guard held.
 *
 * @example
 * `UPDATE customers SET … WHERE id = ?1 AND ${whenAudited(2)}`
 */
export function whenAudited(param: number): string {
  return `EXISTS (SELECT 1 FROM audit_records WHERE id = ?${param})`;
}

/** Whether a D1 error is a UNIQUE violation on one of `columns` (`table.column`). */
export function isUniqueViolation(error: unknown, columns: string[]): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
  return (
    message.includes("UNIQUE constraint failed") &&
    columns.some((column) => message.includes(column))
  );
}
