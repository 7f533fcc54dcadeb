/**
 * Accepting an invitation (SPEC §7, `POST /invitations/accept`) as one guarded batch and one
 * round trip: it creates the relationship(s) and delegated admin grants, marks the invitation
 * accepted and writes one audit record per partner. Every partner id is read by the SQL from
 * the stored invitation (found by the token's hash), the customer id comes from the session:
 * the request carries nothing but the token.
 *
 * Concurrency: D1 runs a batch as one transaction, one at a time. The first statement writes
 * the inviting partner's audit record only if the invitation is still pending, unexpired and its
 * partners able, and nothing blocks the customer; every other statement runs only if that record
 * exists (worker/lib/guarded-write.ts). Of many batches for one token, the first commits and
 * marks the invitation accepted; every later one finds it accepted, writes nothing, and its last
 * statement reports why.
 */
import type { AcceptedInvitation } from "../../../src/domain/schemas/invitation.ts";
import type { Relationship } from "../../../src/domain/schemas/relationship.ts";
import { newId } from "../../lib/crypto.ts";
import { whenAudited } from "../../lib/guarded-write.ts";
import { AppError } from "../../lib/problem.ts";
import { acceptStatusColumns, blockingRelationship, usableAt, type AcceptStatus } from "./sql.ts";

export interface Acceptance {
  tokenHash: string;
  customerId: string;
  actorUserId: string;
  requestId: string;
  /** ISO 8601 UTC. */
  now: string;
  /** The cloud allows one partner per customer (no "multipartner" feature). */
  singlePartner: boolean;
  /** The cloud's display name, for the `single_partner_only` message. */
  cloudName: string;
}

/**
 * The two sides of an acceptance, as SQL over the invitation `i`: the inviting partner, and the
 * indirect provider it named (NULL for a direct invitation, whose provider statements then
 * insert nothing).
 */
const SIDES = {
  partner: {
    partnerId: "i.partner_id",
    indirectResellerId: "NULL",
    /** The audit detail that names the other side. */
    otherDetail: "'indirectProviderId', i.indirect_provider_id",
  },
  provider: {
    partnerId: "i.indirect_provider_id",
    indirectResellerId: "i.partner_id",
    otherDetail: "'indirectResellerId', i.partner_id",
  },
} as const;
type Side = keyof typeof SIDES;

interface Report extends AcceptStatus {
  accepted: number;
  id: string;
  partner_id: string;
  partner_name: string;
  indirect_provider_id: string | null;
  provider_name: string | null;
}

/** The refusal an invitation's status calls for, if any (409 used, 410 gone, 409 conflicts). */
function refusal(status: AcceptStatus, acceptance: Acceptance): AppError | undefined {
  if (status.state === "accepted") return new AppError(409, "invitation_used");
  if (status.state === "revoked" || status.expired === 1 || status.partners_ok !== 1) {
    return new AppError(410, "invitation_gone");
  }
  if (status.has_relationship === 1) return new AppError(409, "relationship_exists");
  if (acceptance.singlePartner && status.has_partner === 1) {
    return new AppError(409, "single_partner_only", { values: { cloud: acceptance.cloudName } });
  }
  return undefined;
}

/**
 * One side's audit record, written only when `condition` holds over `i` (the invitation
 * ?8 = token hash). Params ?1 audit id, ?2 actor, ?3 customer, ?4 request, ?5 now,
 * ?6 relationship id, ?7 free for the condition.
 */
function auditStatement(
  db: D1Database,
  side: Side,
  ids: { auditId: string; relationshipId: string },
  acceptance: Acceptance,
  condition: { sql: string; param: unknown },
): D1PreparedStatement {
  const { partnerId, otherDetail } = SIDES[side];
  return db
    .prepare(
      `INSERT INTO audit_records (id, partner_id, actor_user_id, action, target_type, target_id,
         request_id, occurred_at, details)
       SELECT ?1, ${partnerId}, ?2, 'invitation.accepted', 'customer', ?3, ?4, ?5,
         json_object('invitationId', i.id, 'relationshipId', ?6, ${otherDetail})
       FROM invitations i
       WHERE i.token_hash = ?8 AND ${partnerId} IS NOT NULL AND ${condition.sql}`,
    )
    .bind(
      ids.auditId,
      acceptance.actorUserId,
      acceptance.customerId,
      acceptance.requestId,
      acceptance.now,
      ids.relationshipId,
      condition.param,
      acceptance.tokenHash,
    );
}

/** One side's relationship and delegated admin grant, once the acceptance is audited. */
function grantStatements(
  db: D1Database,
  side: Side,
  ids: { auditId: string; relationshipId: string },
  acceptance: Acceptance,
): D1PreparedStatement[] {
  const { partnerId, indirectResellerId } = SIDES[side];
  return [
    db
      .prepare(
        `INSERT INTO relationships (id, partner_id, customer_id, indirect_reseller_id, state,
           company_name_key, domain_prefix, created_at, removed_at)
         SELECT ?2, ${partnerId}, c.id, ${indirectResellerId}, 'active', c.company_name_key,
           c.domain_prefix, ?4, NULL
         FROM invitations i JOIN customers c ON c.id = ?3
         WHERE i.token_hash = ?5 AND ${partnerId} IS NOT NULL AND ${whenAudited(1)}`,
      )
      .bind(
        ids.auditId,
        ids.relationshipId,
        acceptance.customerId,
        acceptance.now,
        acceptance.tokenHash,
      ),
    // Privileges kept from an earlier relationship (removal leaves them) stay as they are.
    db
      .prepare(
        `INSERT INTO delegated_admin_grants (id, partner_id, customer_id, state, granted_at, revoked_at)
         SELECT ?2, ${partnerId}, ?3, 'active', ?4, NULL
         FROM invitations i
         WHERE i.token_hash = ?5 AND ${partnerId} IS NOT NULL AND ${whenAudited(1)}
           AND NOT EXISTS (SELECT 1 FROM delegated_admin_grants g
             WHERE g.partner_id = ${partnerId} AND g.customer_id = ?3 AND g.state = 'active')`,
      )
      .bind(ids.auditId, newId(), acceptance.customerId, acceptance.now, acceptance.tokenHash),
  ];
}

/**
 * Accepts the invitation whose token hashes to `tokenHash` for the signed-in customer; throws
 * the API's 404 / 409 / 410 when it cannot.
 */
export async function acceptInvitation(
  db: D1Database,
  acceptance: Acceptance,
): Promise<AcceptedInvitation> {
  const auditId = newId();
  const partner = { auditId, relationshipId: newId() };
  const provider = { auditId, relationshipId: newId() };
  const providerAudit = { ...provider, auditId: newId() };
  // The guard (?7 = one partner per customer, 0/1): what usableAt and blockingRelationship say.
  const guard = `${usableAt("?5")} AND NOT ${blockingRelationship("?3", "?7")}
    AND EXISTS (SELECT 1 FROM customers WHERE id = ?3)`;
  const results = await db.batch([
    auditStatement(db, "partner", partner, acceptance, {
      sql: guard,
      param: acceptance.singlePartner ? 1 : 0,
    }),
    db
      .prepare(
        `UPDATE invitations SET state = 'accepted', accepted_at = ?3, accepted_customer_id = ?4
         WHERE token_hash = ?2 AND ${whenAudited(1)}`,
      )
      .bind(auditId, acceptance.tokenHash, acceptance.now, acceptance.customerId),
    ...grantStatements(db, "partner", partner, acceptance),
    ...grantStatements(db, "provider", provider, acceptance),
    auditStatement(db, "provider", providerAudit, acceptance, {
      sql: whenAudited(7),
      param: auditId,
    }),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS accepted, i.id, i.partner_id, p.name AS partner_name,
           i.indirect_provider_id, pp.name AS provider_name, ${acceptStatusColumns("?3", "?4")}
         FROM invitations i
         JOIN partners p ON p.id = i.partner_id
         LEFT JOIN partners pp ON pp.id = i.indirect_provider_id
         WHERE i.token_hash = ?2`,
      )
      .bind(auditId, acceptance.tokenHash, acceptance.now, acceptance.customerId),
  ]);
  const report = results.at(-1)?.results[0] as Report | undefined;
  // Unknown token (or one of another cloud: its hash differs too).
  if (!report) throw new AppError(404, "not_found");
  if (report.accepted !== 1) {
    throw refusal(report, acceptance) ?? new Error("acceptance refused for no known reason");
  }

  const relationship = (
    id: string,
    partnerRef: { id: string; name: string },
    indirectReseller: Relationship["indirectReseller"],
  ): Relationship => ({
    id,
    partner: partnerRef,
    customerId: acceptance.customerId,
    indirectReseller,
    state: "active",
    createdAt: acceptance.now,
    delegatedAdmin: { state: "active" },
  });
  const reseller = { id: report.partner_id, name: report.partner_name };
  return {
    invitationId: report.id,
    relationships: [
      relationship(partner.relationshipId, reseller, null),
      ...(report.indirect_provider_id && report.provider_name
        ? [
            relationship(
              provider.relationshipId,
              { id: report.indirect_provider_id, name: report.provider_name },
              reseller,
            ),
          ]
        : []),
    ],
  };
}
