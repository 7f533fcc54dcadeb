/**
 * Audit reads (SPEC §6–7). A partner reads only the records filed under its own partner id;
 * every page is one statement over the index `audit_records_by_partner (partner_id,
 * occurred_at, id)`, newest first, so a page costs the same however long the history is.
 */
import type { AuditRecord } from "../../../src/domain/schemas/audit.ts";
import { prepare, raw, sql } from "../../lib/sql.ts";
import type { AuditWindow } from "./window.ts";

export interface AuditRow {
  id: string;
  occurred_at: string;
  action: string;
  actor_user_id: string;
  actor_name: string | null;
  /** The name of the partner's API key that acted, when a key did. */
  actor_key_name: string | null;
  target_type: string;
  target_id: string;
  target_name: string | null;
  request_id: string;
  /** JSON object text. */
  details: string;
}

export interface AuditPage {
  partnerId: string;
  window: AuditWindow;
  /** The (occurred_at, id) of the last record already read; the page starts after it. */
  after: [string, string] | undefined;
  /** Rows to fetch (one more than the page, to know whether another follows). */
  limit: number;
}

/**
 * One page of partner `partnerId`'s records in the window, newest first. Names are joined only
 * where the partner may know them: an actor who is its own staff, one of its own API keys or the
 * admin of the customer the record is about, a customer or one of its own users, groups or keys
 * as the target.
 *
 * @example
 * const { results } = await auditPage(db, { partnerId, window, after: undefined, limit: 51 }).all<AuditRow>();
 */
export function auditPage(db: D1Database, page: AuditPage): D1PreparedStatement {
  const position = page.after
    ? sql`AND (a.occurred_at, a.id) < (${page.after[0]}, ${page.after[1]})`
    : raw("");
  return prepare(
    db,
    sql`SELECT a.id, a.occurred_at, a.action, a.actor_user_id, actor.display_name AS actor_name,
         actor_key.name AS actor_key_name, a.target_type, a.target_id,
         COALESCE(c.company_name, target_user.display_name, target_key.name, target_group.name)
           AS target_name,
         a.request_id, a.details
       FROM audit_records a
       LEFT JOIN users actor ON actor.id = a.actor_user_id
         AND (actor.partner_id = a.partner_id
           OR (actor.kind = 'customer' AND a.target_type = 'customer' AND actor.customer_id = a.target_id))
       LEFT JOIN api_keys actor_key ON actor_key.id = a.actor_user_id
         AND actor_key.partner_id = a.partner_id
       LEFT JOIN customers c ON a.target_type = 'customer' AND c.id = a.target_id
       LEFT JOIN users target_user ON a.target_type = 'user' AND target_user.id = a.target_id
         AND target_user.partner_id = a.partner_id
       LEFT JOIN api_keys target_key ON a.target_type = 'api_key' AND target_key.id = a.target_id
         AND target_key.partner_id = a.partner_id
       LEFT JOIN partner_groups target_group ON a.target_type = 'group' AND target_group.id = a.target_id
         AND target_group.partner_id = a.partner_id
       WHERE a.partner_id = ${page.partnerId} AND a.occurred_at >= ${page.window.from}
         AND a.occurred_at < ${page.window.toExclusive} ${position}
       ORDER BY a.occurred_at DESC, a.id DESC
       LIMIT ${page.limit}`,
  );
}

/** A record's details as an object; anything else (never expected) reads as none. */
function detailsOf(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Maps a row to the API's audit record. */
export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    action: row.action,
    actor:
      row.actor_key_name === null
        ? { id: row.actor_user_id, ...(row.actor_name === null ? {} : { name: row.actor_name }) }
        : { id: row.actor_user_id, name: row.actor_key_name, kind: "apiKey" },
    target: {
      type: row.target_type,
      id: row.target_id,
      ...(row.target_name === null ? {} : { name: row.target_name }),
    },
    requestId: row.request_id,
    details: detailsOf(row.details),
  };
}
