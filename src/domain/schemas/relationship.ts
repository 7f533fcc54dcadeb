import { z } from "zod";
import { PAGE_QUERY } from "./page.ts";

/**
 * Relationships between partners and customers, and delegated admin privileges (SPEC §6–7):
 * the bodies the API accepts and the shapes it answers with.
 */

/** A partner as another party sees it: its id and name. */
export const PartnerRef = z.object({ id: z.string(), name: z.string() });
export type PartnerRef = z.infer<typeof PartnerRef>;

/**
 * The state of a partner's delegated admin privileges for a customer: granted with the
 * relationship, revoked on their own, or never granted.
 */
export const DelegatedAdminState = z.enum(["active", "revoked", "none"]);
export type DelegatedAdminState = z.infer<typeof DelegatedAdminState>;

/** A relationship created by accepting an invitation. */
export const Relationship = z.object({
  id: z.string(),
  partner: PartnerRef,
  customerId: z.string(),
  /** On an indirect provider's relationship: the indirect reseller it serves the customer with. */
  indirectReseller: PartnerRef.nullable(),
  state: z.enum(["active", "removed"]),
  createdAt: z.string(),
  delegatedAdmin: z.object({ state: DelegatedAdminState }),
});
export type Relationship = z.infer<typeof Relationship>;

/**
 * `DELETE /customers/{id}/relationship` body: the partner confirms it has read the legal notice
 * (removing a relationship suspends its subscriptions for the customer).
 */
export const RemoveRelationshipRequest = z.strictObject({
  acknowledgeLegalNotice: z.literal(true, { message: "validation.acknowledgement_required" }),
});
export type RemoveRelationshipRequest = z.infer<typeof RemoveRelationshipRequest>;

/** `DELETE /customers/{id}/relationship` answer: what changed, and what did not (DAP). */
export const RemovedRelationship = z.object({
  relationship: z.object({
    customerId: z.string(),
    partnerId: z.string(),
    state: z.literal("removed"),
    removedAt: z.string(),
  }),
  /** Removing a relationship leaves delegated admin privileges as they are (SPEC §6). */
  delegatedAdmin: z.object({ state: DelegatedAdminState }),
  subscriptions: z.object({ suspended: z.number().int() }),
});
export type RemovedRelationship = z.infer<typeof RemovedRelationship>;

/** An indirect provider or reseller linked to the caller. */
export const LinkedPartner = z.object({ id: z.string(), name: z.string(), linkedAt: z.string() });
export type LinkedPartner = z.infer<typeof LinkedPartner>;

/** `GET /indirect-providers` and `GET /indirect-resellers` answer. */
export const LinkedPartnerList = z.object({
  items: z.array(LinkedPartner),
  nextCursor: z.string().nullable(),
});
export type LinkedPartnerList = z.infer<typeof LinkedPartnerList>;

/** `GET /indirect-providers` and `GET /indirect-resellers` query. */
export const LinkedPartnerListQuery = z.strictObject({
  ...PAGE_QUERY,
});
export type LinkedPartnerListQuery = z.infer<typeof LinkedPartnerListQuery>;
