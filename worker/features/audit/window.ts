/**
 * The time window of an audit read (SPEC §7: at most 90 days; the last 30 days by default),
 * as the half-open range [from, toExclusive) of ISO 8601 UTC instants the database stores.
 */
import type { MessageKey } from "../../../src/domain/i18n.ts";
import {
  AUDIT_DEFAULT_WINDOW_DAYS,
  AUDIT_MAX_WINDOW_DAYS,
  type AuditExportQuery,
} from "../../../src/domain/schemas/audit.ts";
import type { FieldIssue } from "../../lib/problem.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A window of whole local days spans one hour more than its days when a daylight-saving change
 * falls inside it (the site sends the reader's local midnights); that hour is allowed.
 */
const DAYLIGHT_SAVING_SLACK_MS = 60 * 60 * 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Half-open: `from` ≤ occurred_at < `toExclusive`, both as `Date#toISOString()` text. */
export interface AuditWindow {
  from: string;
  toExclusive: string;
}

export type WindowOutcome = { ok: true; window: AuditWindow } | { ok: false; issues: FieldIssue[] };

/**
 * The instant a bound names, in ms: a day's first instant (or, for the end, the next day's), a
 * date-time itself (or, for the end, the millisecond after it). Undefined when it names none
 * (bad syntax, 2026-02-30, 25:00).
 */
function instantOf(value: string, side: "start" | "end"): number | undefined {
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March: a day that does not exist is refused.
    if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return undefined;
    return side === "end" ? ms + DAY_MS : ms;
  }
  if (!DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return side === "end" ? ms + 1 : ms;
}

function issue(path: "from" | "to", code: string, message: MessageKey, values?: object) {
  return { path, code, message, ...(values ? { values: { ...values } } : {}) };
}

/**
 * Resolves the window `query` asks for at `now` (ms), or the localized reasons it cannot be
 * read: a bound that is not a date, an end before the start, more than 90 days.
 *
 * @example
 * auditWindow({ from: "2026-01-01", to: "2026-01-31" }, Date.now());
 * // { ok: true, window: { from: "2026-01-01T00:00:00.000Z", toExclusive: "2026-02-01T00:00:00.000Z" } }
 */
export function auditWindow(query: AuditExportQuery, now: number): WindowOutcome {
  const issues: FieldIssue[] = [];
  const end = query.to === undefined ? now + 1 : instantOf(query.to, "end");
  if (end === undefined) issues.push(issue("to", "invalid_date", "audit.error.invalidDate"));
  const start =
    query.from === undefined
      ? (end ?? now) - AUDIT_DEFAULT_WINDOW_DAYS * DAY_MS
      : instantOf(query.from, "start");
  if (start === undefined) issues.push(issue("from", "invalid_date", "audit.error.invalidDate"));
  if (start === undefined || end === undefined) return { ok: false, issues };
  if (start >= end) {
    return { ok: false, issues: [issue("to", "window_order", "audit.error.windowOrder")] };
  }
  if (end - start > AUDIT_MAX_WINDOW_DAYS * DAY_MS + DAYLIGHT_SAVING_SLACK_MS) {
    return {
      ok: false,
      issues: [
        issue("from", "window_too_long", "audit.error.windowTooLong", {
          days: AUDIT_MAX_WINDOW_DAYS,
        }),
      ],
    };
  }
  return {
    ok: true,
    window: { from: new Date(start).toISOString(), toExclusive: new Date(end).toISOString() },
  };
}
