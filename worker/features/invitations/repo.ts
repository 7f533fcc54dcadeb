/**
 * Invitations in D1 (SPEC §6–7). A partner sees only its own invitations (every query starts
 * from its partner id); a customer reaches one only by the hash of its token. Each read is one
 * statement; each write is one guarded batch (worker/lib/guarded-write.ts) with its audit record.
 */
import type { Locale } from "../../../src/domain/locales.ts";
import type { InvitationState } from "../../../src/domain/schemas/invitation.ts";
import { AUDIT_INTO, type AuditEntry } from "../../lib/audit.ts";
import type { Acceptance } from "./accept.ts";
import { newId } from "../../lib/crypto.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { insertWhere, join, prepare, raw, sql, type Sql } from "../../lib/sql.ts";

export interface NewInvitation {
  id: string;
  partnerId: string;
  providerId: string | null;
  locale: Locale;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/** The names the email draft needs, or why the invitation was not created. */
export type CreateOutcome =
  | { kind: "created"; partnerName: string; providerName: string | null }
  | { kind: "provider_not_linked" };

interface CreateReport {
  created: number;
  partner_name: string | null;
  provider_name: string | null;
}

/**
 * Stores an invitation (its token only as a hash) with its audit record, only if the partner is
 * active and, when it names an indirect provider, is linked to that active provider.
 */
export async function insertInvitation(
  db: D1Database,
  invitation: NewInvitation,
  audit: AuditEntry,
): Promise<CreateOutcome> {
  const { partnerId, providerId } = invitation;
  const audited = whenAudited(audit.id);
  const guard = sql`EXISTS (SELECT 1 FROM partners WHERE id = ${partnerId} AND status = 'active')
    AND (${providerId} IS NULL OR EXISTS (
      SELECT 1 FROM partner_links l JOIN partners pp ON pp.id = l.provider_id
      WHERE l.reseller_id = ${partnerId} AND l.provider_id = ${providerId} AND pp.status = 'active'))`;
  const results = await db.batch([
    insertAuditWhen(db, audit, guard),
    insertWhere(
      db,
      "invitations",
      {
        id: invitation.id,
        partner_id: partnerId,
        indirect_provider_id: providerId,
        locale: invitation.locale,
        token_hash: invitation.tokenHash,
        state: "pending",
        created_by: invitation.createdBy,
        created_at: invitation.createdAt,
        expires_at: invitation.expiresAt,
      },
      audited,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS created,
           (SELECT name FROM partners WHERE id = ${partnerId}) AS partner_name,
           (SELECT name FROM partners WHERE id = ${providerId}) AS provider_name`,
    ),
  ]);
  const report = results.at(-1)?.results[0] as CreateReport | undefined;
  if (!report) throw new Error("invitation batch returned no report");
  if (report.created !== 1 || report.partner_name === null) return { kind: "provider_not_linked" };
  return {
    kind: "created",
    partnerName: report.partner_name,
    providerName: invitation.providerId ? report.provider_name : null,
  };
}

/** Each state filter at `now` as an index range (`expired`: pending, past its expiry). */
function stateFilter(state: InvitationState, now: string): Sql {
  switch (state) {
    case "pending":
      return sql`i.state = 'pending' AND i.expires_at > ${now}`;
    case "expired":
      return sql`i.state = 'pending' AND i.expires_at <= ${now}`;
    case "accepted":
    case "revoked":
      return sql`i.state = ${state}`;
  }
}

/**
 * One page of partner `partnerId`'s invitations, newest first, after the (created_at, id)
 * position `after`, states computed at `now`: a row per invitation with the item as JSON text
 * (`item`, an `Invitation`) and its position (`created_at`, `id`), for `keysetJsonPage`.
 */
export function invitationRows(page: {
  partnerId: string;
  now: string;
  state: InvitationState | undefined;
  after: Position | undefined;
  limit: number;
}): Sql {
  const conditions = [sql`i.partner_id = ${page.partnerId}`];
  if (page.state) conditions.push(stateFilter(page.state, page.now));
  if (page.after) conditions.push(sql`(i.created_at, i.id) < (${page.after[0]}, ${page.after[1]})`);
  return sql`SELECT json_object('id', i.id,
         'state', CASE WHEN i.state = 'pending' AND i.expires_at <= ${page.now} THEN 'expired' ELSE i.state END,
         'locale', i.locale,
         'indirectProvider', CASE WHEN i.indirect_provider_id IS NOT NULL AND pp.name IS NOT NULL
           THEN json_object('id', i.indirect_provider_id, 'name', pp.name) END,
         'createdAt', i.created_at, 'expiresAt', i.expires_at, 'acceptedAt', i.accepted_at,
         'acceptedCustomer', CASE WHEN c.id IS NOT NULL
           THEN json_object('id', c.id, 'companyName', c.company_name, 'domain', c.domain) END,
         'revokedAt', i.revoked_at) AS item,
         i.created_at, i.id
       FROM invitations i
       LEFT JOIN partners pp ON pp.id = i.indirect_provider_id
       LEFT JOIN customers c ON c.id = i.accepted_customer_id
       WHERE ${join(conditions, " AND ")}
       ORDER BY i.created_at DESC, i.id DESC
       LIMIT ${page.limit}`;
}

export type RevokeOutcome = "revoked" | "not_found" | "already_revoked" | "accepted";

/**
 * Revokes partner `partnerId`'s pending invitation `invitationId` (expired or not) with its audit
 * record; otherwise reports what it found.
 */
export async function revokeInvitation(
  db: D1Database,
  partnerId: string,
  invitationId: string,
  audit: AuditEntry,
): Promise<RevokeOutcome> {
  const audited = whenAudited(audit.id);
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      sql`EXISTS (SELECT 1 FROM invitations
        WHERE id = ${invitationId} AND partner_id = ${partnerId} AND state = 'pending')`,
    ),
    prepare(
      db,
      sql`UPDATE invitations SET state = 'revoked', revoked_at = ${audit.occurredAt}
        WHERE id = ${invitationId} AND ${audited}`,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS revoked,
           (SELECT state FROM invitations WHERE id = ${invitationId} AND partner_id = ${partnerId}) AS state`,
    ),
  ]);
  const report = results.at(-1)?.results[0] as
    { revoked: number; state: string | null } | undefined;
  if (!report) throw new Error("revoke batch returned no report");
  if (report.revoked === 1) return "revoked";
  if (report.state === "revoked") return "already_revoked";
  if (report.state === "accepted") return "accepted";
  return "not_found";
}

interface PreviewRow {
  locale: Locale;
  expires_at: string;
  partner_name: string;
  provider_name: string | null;
}

/**
 * Who invites with the token whose hash is `tokenHash`, if the invitation can still be accepted
 * at `now`. Unknown, expired, revoked and used tokens all take this one query and find nothing.
 */
export async function findPreview(
  db: D1Database,
  tokenHash: string,
  now: string,
): Promise<PreviewRow | null> {
  return prepare(
    db,
    sql`SELECT i.locale, i.expires_at, p.name AS partner_name, pp.name AS provider_name
       FROM invitations i
       JOIN partners p ON p.id = i.partner_id
       LEFT JOIN partners pp ON pp.id = i.indirect_provider_id
       WHERE i.token_hash = ${tokenHash} AND ${usableAt(now)}`,
  ).first<PreviewRow>();
}

// ---------------------------------------------------------------------------------------------
// Acceptance (accept.ts): the rules an invitation `i` is judged by — the same for the preview,
// the acceptance's guard and its report — and the guarded batch itself.
// ---------------------------------------------------------------------------------------------

/** Both partners named by `i` can still enter the relationship: active, and still linked. */
const PARTNERS_OK =
  raw(`EXISTS (SELECT 1 FROM partners p WHERE p.id = i.partner_id AND p.status = 'active')
  AND (i.indirect_provider_id IS NULL OR EXISTS (
    SELECT 1 FROM partner_links l JOIN partners pp ON pp.id = l.provider_id
    WHERE l.reseller_id = i.partner_id AND l.provider_id = i.indirect_provider_id
      AND pp.status = 'active'))`);

/** `i` can be accepted at `now`: pending, unexpired, its partners able. */
function usableAt(now: string): Sql {
  return sql`i.state = 'pending' AND i.expires_at > ${now} AND ${PARTNERS_OK}`;
}

/**
 * An active relationship of customer `customerId` that stands in the way of accepting `i`: with
 * one of its partners, or (`singlePartner`, SPEC §2 "multipartner") with anyone.
 */
function blockingRelationship(customerId: string, singlePartner: boolean): Sql {
  const partners = singlePartner
    ? raw("")
    : raw(" AND r.partner_id IN (i.partner_id, i.indirect_provider_id)");
  return sql`EXISTS (SELECT 1 FROM relationships r
    WHERE r.customer_id = ${customerId} AND r.state = 'active'${partners})`;
}

/** What decides an acceptance, as the batch reports it. */
export interface AcceptStatus {
  state: "pending" | "accepted" | "revoked";
  expired: number;
  partners_ok: number;
  has_relationship: number;
  has_partner: number;
}

export interface AcceptReport extends AcceptStatus {
  accepted: number;
  id: string;
  partner_id: string;
  partner_name: string;
  indirect_provider_id: string | null;
  provider_name: string | null;
}

export interface AcceptanceRows extends Omit<Acceptance, "cloudName"> {
  /** The inviting partner's audit record and relationship; the provider's. */
  partner: { auditId: string; relationshipId: string };
  provider: { auditId: string; relationshipId: string };
}

/**
 * The two sides of an acceptance as rows `s` beside the invitation `i`: the inviting partner,
 * and the indirect provider it named (NULL for a direct invitation, whose side then writes
 * nothing). Each statement of the batch writes both sides at once.
 */
const SIDES = raw("(SELECT 'partner' AS side UNION ALL SELECT 'provider') s");

/** `partner` on the inviting partner's side, `provider` on the provider's. */
function bySide(partner: Sql, provider: Sql): Sql {
  return sql`CASE s.side WHEN 'partner' THEN ${partner} ELSE ${provider} END`;
}

/** The partner a side's records belong to. */
const SIDE_PARTNER = bySide(raw("i.partner_id"), raw("i.indirect_provider_id"));

/**
 * Accepts the invitation whose token hashes to `tokenHash` for the customer, as one guarded
 * batch: each side's audit record only if the invitation is usable and nothing blocks the
 * customer; then the invitation marked accepted, each side's relationship and grant; last, the
 * report (undefined for an unknown token).
 */
export async function acceptInvitationRows(
  db: D1Database,
  rows: AcceptanceRows,
): Promise<AcceptReport | undefined> {
  const { customerId, now, tokenHash, partner, provider } = rows;
  const audited = whenAudited(partner.auditId);
  const relationshipId = bySide(sql`${partner.relationshipId}`, sql`${provider.relationshipId}`);
  // A side of the invitation that has a partner, once the acceptance is audited.
  const side = sql`i.token_hash = ${tokenHash} AND ${SIDE_PARTNER} IS NOT NULL`;
  const results = await db.batch([
    prepare(
      db,
      sql`INSERT INTO ${AUDIT_INTO}
         SELECT ${bySide(sql`${partner.auditId}`, sql`${provider.auditId}`)}, ${SIDE_PARTNER},
           ${rows.actorUserId}, 'invitation.accepted', 'customer', ${customerId}, ${rows.requestId},
           ${now},
           json_object('invitationId', i.id, 'relationshipId', ${relationshipId},
             ${bySide(raw("'indirectProviderId'"), raw("'indirectResellerId'"))},
             ${bySide(raw("i.indirect_provider_id"), raw("i.partner_id"))})
         FROM invitations i, ${SIDES}
         WHERE ${side} AND ${usableAt(now)}
           AND NOT ${blockingRelationship(customerId, rows.singlePartner)}
           AND EXISTS (SELECT 1 FROM customers WHERE id = ${customerId})
         ORDER BY s.side = 'provider'`,
    ),
    prepare(
      db,
      sql`UPDATE invitations SET state = 'accepted', accepted_at = ${now}, accepted_customer_id = ${customerId}
         WHERE token_hash = ${tokenHash} AND ${audited}`,
    ),
    prepare(
      db,
      sql`INSERT INTO relationships (id, partner_id, customer_id, indirect_reseller_id, state,
           company_name_key, domain_prefix, created_at, removed_at)
         SELECT ${relationshipId}, ${SIDE_PARTNER}, c.id, ${bySide(raw("NULL"), raw("i.partner_id"))},
           'active', c.company_name_key, c.domain_prefix, ${now}, NULL
         FROM invitations i JOIN customers c ON c.id = ${customerId}, ${SIDES}
         WHERE ${side} AND ${audited}`,
    ),
    // Privileges kept from an earlier relationship (removal leaves them) stay as they are.
    prepare(
      db,
      sql`INSERT INTO delegated_admin_grants (id, partner_id, customer_id, state, granted_at, revoked_at)
         SELECT ${bySide(sql`${newId()}`, sql`${newId()}`)}, ${SIDE_PARTNER}, ${customerId}, 'active',
           ${now}, NULL
         FROM invitations i, ${SIDES}
         WHERE ${side} AND ${audited}
           AND NOT EXISTS (SELECT 1 FROM delegated_admin_grants g
             WHERE g.partner_id = ${SIDE_PARTNER} AND g.customer_id = ${customerId} AND g.state = 'active')`,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS accepted, i.id, i.partner_id, p.name AS partner_name,
           i.indirect_provider_id, pp.name AS provider_name,
           i.state, i.expires_at <= ${now} AS expired, (${PARTNERS_OK}) AS partners_ok,
           ${blockingRelationship(customerId, false)} AS has_relationship,
           ${blockingRelationship(customerId, true)} AS has_partner
         FROM invitations i
         JOIN partners p ON p.id = i.partner_id
         LEFT JOIN partners pp ON pp.id = i.indirect_provider_id
         WHERE i.token_hash = ${tokenHash}`,
    ),
  ]);
  return results.at(-1)?.results[0] as AcceptReport | undefined;
}
