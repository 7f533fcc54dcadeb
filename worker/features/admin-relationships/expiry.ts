/**
 * The scheduled run (SPEC §6, "expiry you cannot miss"): moves every admin relationship whose
 * computed state has changed since it was last recorded — `expiring`, `expired`,
 * `request_expired` — and extends those with auto-extension whose end has come, each with an
 * audit record, as one batch per cloud. Reads never wait for it (states are computed from the
 * clock); the run is what puts the moments in the partner's audit trail.
 *
 * Idempotent: each record's id names the relationship, the transition and the instant it
 * belongs to (`INSERT OR IGNORE`), and the changes run only where the stored bookkeeping is
 * behind, so a second run at the same time changes nothing.
 */
import { AUDIT_INTO, SYSTEM_ACTOR_PREFIX } from "../../lib/audit.ts";
import { prepare, raw, sql } from "../../lib/sql.ts";
import { stateClock, stateSql } from "./state.ts";

/** The states only the clock moves a relationship into. */
const CLOCK_STATES = raw("('active', 'expiring', 'expired', 'request_expired')");

/** The actor of the scheduled run's records: no user. */
export const SCHEDULER = `${SYSTEM_ACTOR_PREFIX}scheduler`;

export interface ExpiryRun {
  extended: number;
  moved: number;
}

/** Runs the state moves of one cloud's database at `nowMs`. */
export async function advanceAdminRelationships(db: D1Database, nowMs: number): Promise<ExpiryRun> {
  const clock = stateClock(nowMs);
  const { now } = clock;
  const requestId = `scheduled:${now}`;
  const due = sql`a.status = 'active' AND a.auto_extend_days > 0 AND a.ends_at <= ${now}`;
  // As many periods as it takes to pass `now` (state.ts `effectiveEnd` is the same rule).
  const extendedEnd = sql`strftime('%Y-%m-%dT%H:%M:%fZ', a.ends_at, '+' || (a.auto_extend_days *
    (CAST((julianday(${now}) - julianday(a.ends_at)) / a.auto_extend_days AS INTEGER) + 1)) || ' days')`;
  const state = stateSql(clock);
  const behind = sql`a.status IN ('created', 'approval_pending', 'active')
    AND ${state} IN ${CLOCK_STATES} AND ${state} <> a.recorded_state`;
  const results = await db.batch([
    prepare(
      db,
      sql`SELECT (SELECT COUNT(*) FROM admin_relationships a WHERE ${due}) AS extended,
           (SELECT COUNT(*) FROM admin_relationships a WHERE ${behind}) AS moved`,
    ),
    prepare(
      db,
      sql`INSERT OR IGNORE INTO ${AUDIT_INTO}
         SELECT 'extended:' || a.id || ':' || a.ends_at, a.partner_id, ${SCHEDULER},
           'adminRelationship.extended', 'admin_relationship', a.id, ${requestId}, ${now},
           json_object('from', a.ends_at, 'to', ${extendedEnd})
         FROM admin_relationships a WHERE ${due}`,
    ),
    prepare(db, sql`UPDATE admin_relationships AS a SET ends_at = ${extendedEnd} WHERE ${due}`),
    prepare(
      db,
      sql`INSERT OR IGNORE INTO ${AUDIT_INTO}
         SELECT 'state:' || a.id || ':' || ${state} || ':' || COALESCE(a.ends_at, a.request_expires_at),
           a.partner_id, ${SCHEDULER}, 'adminRelationship.' || ${state}, 'admin_relationship', a.id,
           ${requestId}, ${now}, json_object('from', a.recorded_state)
         FROM admin_relationships a WHERE ${behind}`,
    ),
    prepare(db, sql`UPDATE admin_relationships AS a SET recorded_state = ${state} WHERE ${behind}`),
  ]);
  const report = results[0]?.results[0] as ExpiryRun | undefined;
  return report ?? { extended: 0, moved: 0 };
}
