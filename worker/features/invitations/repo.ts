/**
 * Invitations in D1 (SPEC §6–7). A partner sees only its own invitations (every query starts
 * from its partner id); a customer reaches one only by the hash of its token. Each read is one
 * statement; each write is one guarded batch (worker/lib/guarded-write.ts) with its audit record.
 */
import type { Locale } from "../../../src/domain/locales.ts";
import type { Invitation, InvitationState } from "../../../src/domain/schemas/invitation.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import { usableAt } from "./sql.ts";

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
  // Guard params: ?10 partner, ?11 provider (NULL: none named).
  const guard = `EXISTS (SELECT 1 FROM partners WHERE id = ?10 AND status = 'active')
    AND (?11 IS NULL OR EXISTS (
      SELECT 1 FROM partner_links l JOIN partners pp ON pp.id = l.provider_id
      WHERE l.reseller_id = ?10 AND l.provider_id = ?11 AND pp.status = 'active'))`;
  const results = await db.batch([
    insertAuditWhen(db, audit, guard, [invitation.partnerId, invitation.providerId]),
    db
      .prepare(
        `INSERT INTO invitations (id, partner_id, indirect_provider_id, locale, token_hash, state,
           created_by, created_at, expires_at)
         SELECT ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9 WHERE ${whenAudited(1)}`,
      )
      .bind(
        audit.id,
        invitation.id,
        invitation.partnerId,
        invitation.providerId,
        invitation.locale,
        invitation.tokenHash,
        invitation.createdBy,
        invitation.createdAt,
        invitation.expiresAt,
      ),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS created,
           (SELECT name FROM partners WHERE id = ?2) AS partner_name,
           (SELECT name FROM partners WHERE id = ?3) AS provider_name`,
      )
      .bind(audit.id, invitation.partnerId, invitation.providerId),
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

/** A row of the invitation list. */
export interface InvitationRow {
  id: string;
  state: InvitationState;
  locale: Locale;
  indirect_provider_id: string | null;
  provider_name: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_customer_id: string | null;
  customer_company_name: string | null;
  customer_domain: string | null;
  revoked_at: string | null;
}

/** Each state filter as an index range (`expired` is a pending invitation past its expiry). */
const STATE_FILTERS: Record<InvitationState, string> = {
  pending: "i.state = 'pending' AND i.expires_at > ?2",
  expired: "i.state = 'pending' AND i.expires_at <= ?2",
  accepted: "i.state = 'accepted'",
  revoked: "i.state = 'revoked'",
};

/**
 * One page of partner `partnerId`'s invitations, newest first, after the (created_at, id)
 * position `after`; states computed at `now`.
 */
export async function invitationPage(
  db: D1Database,
  page: {
    partnerId: string;
    now: string;
    state: InvitationState | undefined;
    after: [string, string] | undefined;
    limit: number;
  },
): Promise<InvitationRow[]> {
  const conditions = ["i.partner_id = ?1"];
  if (page.state) conditions.push(STATE_FILTERS[page.state]);
  if (page.after) conditions.push("(i.created_at, i.id) < (?4, ?5)");
  const { results } = await db
    .prepare(
      `SELECT i.id,
         CASE WHEN i.state = 'pending' AND i.expires_at <= ?2 THEN 'expired' ELSE i.state END AS state,
         i.locale, i.indirect_provider_id, pp.name AS provider_name, i.created_at, i.expires_at,
         i.accepted_at, i.accepted_customer_id, c.company_name AS customer_company_name,
         c.domain AS customer_domain, i.revoked_at
       FROM invitations i
       LEFT JOIN partners pp ON pp.id = i.indirect_provider_id
       LEFT JOIN customers c ON c.id = i.accepted_customer_id
       WHERE ${conditions.join(" AND ")}
       ORDER BY i.created_at DESC, i.id DESC
       LIMIT ?3`,
    )
    .bind(page.partnerId, page.now, page.limit, ...(page.after ?? []))
    .all<InvitationRow>();
  return results;
}

/** The API's view of an invitation row. */
export function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    state: row.state,
    locale: row.locale,
    indirectProvider:
      row.indirect_provider_id && row.provider_name
        ? { id: row.indirect_provider_id, name: row.provider_name }
        : null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    acceptedCustomer:
      row.accepted_customer_id && row.customer_company_name && row.customer_domain
        ? {
            id: row.accepted_customer_id,
            companyName: row.customer_company_name,
            domain: row.customer_domain,
          }
        : null,
    revokedAt: row.revoked_at,
  };
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
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      "EXISTS (SELECT 1 FROM invitations WHERE id = ?10 AND partner_id = ?11 AND state = 'pending')",
      [invitationId, partnerId],
    ),
    db
      .prepare(
        `UPDATE invitations SET state = 'revoked', revoked_at = ?3 WHERE id = ?2 AND ${whenAudited(1)}`,
      )
      .bind(audit.id, invitationId, audit.occurredAt),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS revoked,
           (SELECT state FROM invitations WHERE id = ?2 AND partner_id = ?3) AS state`,
      )
      .bind(audit.id, invitationId, partnerId),
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
  return db
    .prepare(
      `SELECT i.locale, i.expires_at, p.name AS partner_name, pp.name AS provider_name
       FROM invitations i
       JOIN partners p ON p.id = i.partner_id
       LEFT JOIN partners pp ON pp.id = i.indirect_provider_id
       WHERE i.token_hash = ?1 AND ${usableAt("?2")}`,
    )
    .bind(tokenHash, now)
    .first<PreviewRow>();
}
