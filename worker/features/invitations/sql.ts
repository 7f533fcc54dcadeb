/**
 * SQL fragments over an invitation aliased `i`, shared by the preview, the acceptance's first
 * read and its guarded batch, so all three judge an invitation by the same rules.
 */

/** Both partners named by `i` can still enter the relationship: active, and still linked. */
const PARTNERS_OK = `EXISTS (SELECT 1 FROM partners p WHERE p.id = i.partner_id AND p.status = 'active')
  AND (i.indirect_provider_id IS NULL OR EXISTS (
    SELECT 1 FROM partner_links l JOIN partners pp ON pp.id = l.provider_id
    WHERE l.reseller_id = i.partner_id AND l.provider_id = i.indirect_provider_id
      AND pp.status = 'active'))`;

/**
 * `i` can be accepted at `now` (an SQL parameter): pending, unexpired, its partners able.
 *
 * @example
 * `SELECT … FROM invitations i WHERE i.token_hash = ?1 AND ${usableAt("?2")}`
 */
export function usableAt(now: string): string {
  return `i.state = 'pending' AND i.expires_at > ${now} AND ${PARTNERS_OK}`;
}

/**
 * An active relationship of customer `customer` that stands in the way of accepting `i`: with
 * one of its partners, or (`singlePartner` = 1, SPEC §2 "multipartner") with anyone.
 */
export function blockingRelationship(customer: string, singlePartner: string): string {
  return `EXISTS (SELECT 1 FROM relationships r WHERE r.customer_id = ${customer} AND r.state = 'active'
    AND (${singlePartner} = 1 OR r.partner_id IN (i.partner_id, i.indirect_provider_id)))`;
}

/** What decides an acceptance, as columns of a row over `i` (see {@link AcceptStatus}). */
export function acceptStatusColumns(now: string, customer: string): string {
  return `i.state, i.expires_at <= ${now} AS expired, (${PARTNERS_OK}) AS partners_ok,
    ${blockingRelationship(customer, "0")} AS has_relationship,
    ${blockingRelationship(customer, "1")} AS has_partner`;
}

/** The row {@link acceptStatusColumns} selects. */
export interface AcceptStatus {
  state: "pending" | "accepted" | "revoked";
  expired: number;
  partners_ok: number;
  has_relationship: number;
  has_partner: number;
}
