/**
 * An admin relationship's state, computed from what was decided (`status`) and its times
 * against "now" (SPEC §6): `expiring` 30 days before its end, `expired` at its end (never with
 * auto-extension, which moves the end on by 180 days each time it is reached), and
 * `request_expired` 90 days after an unanswered request. The same rules as SQL (for filters and
 * guards) and as TypeScript (for the items a read returns).
 */
import type { AdminRelationshipState } from "../../../src/domain/schemas/admin-relationship.ts";
import { raw, sql, type Sql } from "../../lib/sql.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long before its end an active relationship shows as expiring. */
export const EXPIRING_DAYS = 30;
/** How long a request waits for its answer. */
export const REQUEST_DAYS = 90;

/** The instants the state rules compare with, as stored text. */
export interface StateClock {
  now: string;
  /** `now` plus {@link EXPIRING_DAYS}. */
  soon: string;
}

/** The state clock at `nowMs`. */
export function stateClock(nowMs: number): StateClock {
  return {
    now: new Date(nowMs).toISOString(),
    soon: new Date(nowMs + EXPIRING_DAYS * DAY_MS).toISOString(),
  };
}

/** `iso` plus `days` days. */
export function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** The stored columns the state depends on. */
export interface StateColumns {
  status: "created" | "approval_pending" | "active" | "terminated" | "rejected";
  auto_extend_days: number;
  request_expires_at: string;
  ends_at: string | null;
}

/**
 * When a relationship ends, auto-extensions included: an auto-extended relationship whose end
 * has passed has been extended by 180 days as many times as it took to pass `now`.
 */
export function effectiveEnd(row: StateColumns, now: string): string | null {
  if (!row.ends_at || row.auto_extend_days === 0 || row.ends_at > now) return row.ends_at;
  const period = row.auto_extend_days * DAY_MS;
  const behind = Date.parse(now) - Date.parse(row.ends_at);
  return new Date(
    Date.parse(row.ends_at) + (Math.floor(behind / period) + 1) * period,
  ).toISOString();
}

/** The state of `row` at `clock`. */
export function stateOf(row: StateColumns, clock: StateClock): AdminRelationshipState {
  switch (row.status) {
    case "created":
    case "approval_pending":
      return row.request_expires_at <= clock.now ? "request_expired" : row.status;
    case "active": {
      if (row.auto_extend_days > 0 || !row.ends_at) return "active";
      if (row.ends_at <= clock.now) return "expired";
      return row.ends_at <= clock.soon ? "expiring" : "active";
    }
    default:
      return row.status;
  }
}

/** The state of relationship `a` at `clock`, as SQL (the twin of {@link stateOf}). */
export function stateSql(clock: StateClock, a = "a"): Sql {
  const t = raw(a);
  return sql`(CASE
    WHEN ${t}.status IN ('created', 'approval_pending') AND ${t}.request_expires_at <= ${clock.now} THEN 'request_expired'
    WHEN ${t}.status = 'active' AND ${t}.auto_extend_days = 0 AND ${t}.ends_at <= ${clock.now} THEN 'expired'
    WHEN ${t}.status = 'active' AND ${t}.auto_extend_days = 0 AND ${t}.ends_at <= ${clock.soon} THEN 'expiring'
    ELSE ${t}.status END)`;
}

/**
 * Relationship `a` gives its roles at `now`: approved, not terminated, not past its end.
 * An expiring relationship still does.
 */
export function usableSql(now: string, a = "a"): Sql {
  const t = raw(a);
  return sql`(${t}.status = 'active' AND (${t}.auto_extend_days > 0 OR ${t}.ends_at > ${now}))`;
}

/** Relationship `a` still waits for its customer's answer at `now`. */
export function awaitingSql(now: string, a = "a"): Sql {
  const t = raw(a);
  return sql`(${t}.status IN ('created', 'approval_pending') AND ${t}.request_expires_at > ${now})`;
}

/** Relationships in `state` at `clock`, as a condition on `a`. */
export function stateIs(state: AdminRelationshipState, clock: StateClock, a = "a"): Sql {
  const t = raw(a);
  switch (state) {
    case "created":
    case "approval_pending":
      return sql`(${t}.status = ${state} AND ${t}.request_expires_at > ${clock.now})`;
    case "request_expired":
      return sql`(${t}.status IN ('created', 'approval_pending') AND ${t}.request_expires_at <= ${clock.now})`;
    case "active":
      return sql`(${t}.status = 'active' AND (${t}.auto_extend_days > 0 OR ${t}.ends_at > ${clock.soon}))`;
    case "expiring":
      return sql`(${t}.status = 'active' AND ${t}.auto_extend_days = 0 AND ${t}.ends_at > ${clock.now} AND ${t}.ends_at <= ${clock.soon})`;
    case "expired":
      return sql`(${t}.status = 'active' AND ${t}.auto_extend_days = 0 AND ${t}.ends_at <= ${clock.now})`;
    case "terminated":
    case "rejected":
      return sql`${t}.status = ${state}`;
  }
}
