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
 * exists (worker/lib/guarded-write.ts; the statements are in repo.ts). Of many batches for one token, the first commits and
 * marks the invitation accepted; every later one finds it accepted, writes nothing, and its last
 * statement reports why.
 */
import type { AcceptedInvitation } from "../../../src/domain/schemas/invitation.ts";
import type { Relationship } from "../../../src/domain/schemas/relationship.ts";
import { newId } from "../../lib/crypto.ts";
import { AppError } from "../../lib/problem.ts";
import { acceptInvitationRows, type AcceptStatus } from "./repo.ts";

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
 * Accepts the invitation whose token hashes to `tokenHash` for the signed-in customer; throws
 * the API's 404 / 409 / 410 when it cannot.
 */
export async function acceptInvitation(
  db: D1Database,
  acceptance: Acceptance,
): Promise<AcceptedInvitation> {
  const partner = { auditId: newId(), relationshipId: newId() };
  const provider = { auditId: newId(), relationshipId: newId() };
  const report = await acceptInvitationRows(db, { ...acceptance, partner, provider });
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
