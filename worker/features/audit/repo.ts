/**
 * Audit reads (SPEC §6–7). A partner reads only the records filed under its own partner id; a
 * cloud operator reads the whole cloud's. Every page is one statement over an index that ends
 * in (occurred_at, id) — by partner, actor, action or time alone (migrations 0001, 0010) —
 * newest first, so a page costs the same however long the history is.
 */
import { SYSTEM_ACTOR_PREFIX } from "../../lib/audit.ts";
import { join, prepare, raw, sql, type Sql } from "../../lib/sql.ts";
import type { AuditWindow } from "./window.ts";

/** The actor columns of a record, as {@link ACTOR_NAMES} and {@link actorJoins} read them. */
export interface ActorRow {
  actor_user_id: string;
  actor_name: string | null;
  /** Set when the actor is one of the partner's API keys: its name. */
  actor_key_name: string | null;
}

export interface AuditRow extends ActorRow {
  id: string;
  occurred_at: string;
  action: string;
  target_type: string;
  target_id: string;
  target_name: string | null;
  request_id: string;
  /** JSON object text. */
  details: string;
  /** The partner the record is filed under, for an operator's read (else null). */
  partner_id: string | null;
  partner_name: string | null;
}

/**
 * Whose trail a page reads: a partner's own log (its global admins), or the cloud's whole
 * trail (its operators), optionally narrowed to one partner, actor or action.
 */
export type AuditReader =
  | { kind: "partner"; partnerId: string }
  | { kind: "operator"; partnerId?: string; actorId?: string; action?: string };

export interface AuditPage {
  reader: AuditReader;
  window: AuditWindow;
  /** The (occurred_at, id) of the last record already read; the page starts after it. */
  after: [string, string] | undefined;
  /** Rows to fetch (one more than the page, to know whether another follows). */
  limit: number;
}

/** A partner's groups and API keys as a record's target: named only under their partner's records. */
const PARTNER_NAMES = raw(`LEFT JOIN partner_groups target_group ON a.target_type = 'group'
         AND target_group.id = a.target_id AND target_group.partner_id = a.partner_id
       LEFT JOIN api_keys target_key ON a.target_type = 'api_key' AND target_key.id = a.target_id
         AND target_key.partner_id = a.partner_id`);

/** The actor name columns of record `a`, over the joins of {@link actorJoins}. */
export const ACTOR_NAMES = raw(
  "a.actor_user_id, actor.display_name AS actor_name, actor_key.name AS actor_key_name",
);

/**
 * Who may read a record's actor names: the partner the record is filed under, the cloud's
 * operators, or the admin of one customer (the timeline of that customer's admin relationship).
 */
export type ActorReader =
  { kind: "partner" | "operator" } | { kind: "customer"; customerId: string };

/**
 * The joins that name the actor of record `a` for `reader` ({@link ACTOR_NAMES}). A partner
 * knows its own staff and API keys, and the admin of the customer the record is about (a
 * customer, or an admin relationship with it); an operator knows operators, partner staff and
 * keys, never a customer's people; a customer's admin knows only that customer's own users.
 */
export function actorJoins(reader: ActorReader): Sql {
  const key = raw(`LEFT JOIN api_keys actor_key ON actor_key.id = a.actor_user_id
         AND actor_key.partner_id = a.partner_id`);
  switch (reader.kind) {
    case "partner":
      return sql`LEFT JOIN users actor ON actor.id = a.actor_user_id
         AND (actor.partner_id = a.partner_id
           OR (actor.kind = 'customer' AND a.target_type = 'customer' AND actor.customer_id = a.target_id)
           OR (actor.kind = 'customer' AND a.target_type = 'admin_relationship'
             AND actor.customer_id = (SELECT r.customer_id FROM admin_relationships r WHERE r.id = a.target_id)))
       ${key}`;
    case "operator":
      return sql`LEFT JOIN users actor ON actor.id = a.actor_user_id AND actor.kind IN ('partner', 'operator')
       ${key}`;
    case "customer":
      return sql`LEFT JOIN users actor ON actor.id = a.actor_user_id
         AND actor.kind = 'customer' AND actor.customer_id = ${reader.customerId}
       LEFT JOIN api_keys actor_key ON 0`;
  }
}

/**
 * The API's actor of row `alias` (its {@link ACTOR_NAMES} columns) as JSON: a named user or key,
 * the portal itself (`system`), or an id alone (someone the reader may not know by name). The
 * audit list and the admin-relationship timeline both write their actors with this.
 */
export function actorJson(alias: string): Sql {
  const [id, name, keyName] = ["actor_user_id", "actor_name", "actor_key_name"].map((column) =>
    raw(`${alias}.${column}`),
  );
  return sql`CASE
      WHEN ${keyName} IS NOT NULL THEN json_object('id', ${id}, 'name', ${keyName}, 'kind', 'apiKey')
      WHEN substr(${id}, 1, ${SYSTEM_ACTOR_PREFIX.length}) = ${SYSTEM_ACTOR_PREFIX}
        THEN json_object('id', ${id}, 'kind', 'system')
      WHEN ${name} IS NULL THEN json_object('id', ${id})
      ELSE json_object('id', ${id}, 'name', ${name}) END`;
}

/**
 * The names a reader may know. A partner: an actor who is its own staff, one of its own API keys
 * or the admin of the customer the record is about; a customer or one of its own users, groups
 * or keys as the target. An operator: operators, partner staff and keys as actors; partners,
 * partner staff, groups and keys as targets — never a customer's people or company (SPEC §6: an
 * operator sees no customer data beyond counts).
 */
function namesFor(reader: AuditReader): Sql {
  if (reader.kind === "partner") {
    return sql`${ACTOR_NAMES}, a.target_type, a.target_id,
         COALESCE(c.company_name, target_user.display_name, target_group.name, target_key.name)
           AS target_name,
         a.request_id, a.details, NULL AS partner_id, NULL AS partner_name
       FROM audit_records a
       ${actorJoins(reader)}
       LEFT JOIN customers c ON a.target_type = 'customer' AND c.id = a.target_id
       LEFT JOIN users target_user ON a.target_type = 'user' AND target_user.id = a.target_id
         AND target_user.partner_id = a.partner_id
       ${PARTNER_NAMES}`;
  }
  return sql`${ACTOR_NAMES}, a.target_type, a.target_id,
         COALESCE(p.name, target_user.display_name, target_group.name, target_key.name)
           AS target_name,
         a.request_id, a.details, a.partner_id, filed.name AS partner_name
       FROM audit_records a
       LEFT JOIN partners filed ON filed.id = a.partner_id
       ${actorJoins(reader)}
       LEFT JOIN partners p ON a.target_type = 'partner' AND p.id = a.target_id
       LEFT JOIN users target_user ON a.target_type = 'user' AND target_user.id = a.target_id
         AND target_user.kind IN ('partner', 'operator')
       ${PARTNER_NAMES}`;
}

/** The reader's filters as conditions (each an index prefix: partner, actor, action). */
function filtersFor(reader: AuditReader): Sql {
  const conditions: Sql[] = [];
  if (reader.partnerId !== undefined) conditions.push(sql`a.partner_id = ${reader.partnerId}`);
  if (reader.kind === "operator") {
    if (reader.actorId !== undefined) conditions.push(sql`a.actor_user_id = ${reader.actorId}`);
    if (reader.action !== undefined) conditions.push(sql`a.action = ${reader.action}`);
  }
  return conditions.length === 0 ? raw("") : sql`${join(conditions, " AND ")} AND`;
}

/**
 * One page of the reader's records in the window, newest first, with the names the reader may
 * know ({@link namesFor}).
 *
 * @example
 * const { results } = await auditPage(db, { reader: { kind: "partner", partnerId }, window, after: undefined, limit: 51 }).all<AuditRow>();
 */
export function auditPage(db: D1Database, page: AuditPage): D1PreparedStatement {
  return prepare(db, auditRows(page));
}

/** The rows of {@link auditPage}, as SQL. */
function auditRows(page: AuditPage): Sql {
  const position = page.after
    ? sql`AND (a.occurred_at, a.id) < (${page.after[0]}, ${page.after[1]})`
    : raw("");
  return sql`SELECT a.id, a.occurred_at, a.action, ${namesFor(page.reader)}
       WHERE ${filtersFor(page.reader)} a.occurred_at >= ${page.window.from}
         AND a.occurred_at < ${page.window.toExclusive} ${position}
       ORDER BY a.occurred_at DESC, a.id DESC
       LIMIT ${page.limit}`;
}

/** The keys of a record's JSON (over a row `r` of {@link auditRows}) but its partner. */
const RECORD_KEYS = sql`'id', r.id, 'occurredAt', r.occurred_at, 'action', r.action,
    'actor', ${actorJson("r")},
    'target', CASE WHEN r.target_name IS NULL
      THEN json_object('type', r.target_type, 'id', r.target_id)
      ELSE json_object('type', r.target_type, 'id', r.target_id, 'name', r.target_name) END,
    'requestId', r.request_id,
    'details', CASE WHEN json_valid(r.details) AND json_type(r.details) = 'object'
      THEN json(r.details) ELSE json_object() END`;

/**
 * The page of {@link auditPage} with each record as JSON text (`item`, an `AuditRecord` as
 * with its actor as {@link actorJson} writes it) and its position (`occurred_at`, `id`), for
 * `keysetJsonPage`.
 */
export function auditItems(page: AuditPage): Sql {
  return sql`SELECT CASE WHEN r.partner_id IS NULL THEN json_object(${RECORD_KEYS})
      ELSE json_object(${RECORD_KEYS},
        'partner', json_object('id', r.partner_id, 'name', coalesce(r.partner_name, ''))) END AS item,
      r.occurred_at, r.id
    FROM (${auditRows(page)}) r`;
}
