import { z } from "zod";
import { LOCALE_IDS } from "../locales.ts";
import { PartnerRef, Relationship } from "./relationship.ts";
import { PAGE_QUERY } from "./page.ts";

/**
 * Reseller relationship invitations (SPEC §6–7): the bodies the API accepts and the shapes it
 * answers with.
 */

/** `POST /invitations` body: the email draft's language, and optionally an indirect provider. */
export const CreateInvitationRequest = z.strictObject({
  locale: z.enum(LOCALE_IDS),
  /** For an indirect reseller: one of its linked indirect providers, invited with it. */
  indirectProviderId: z.guid().optional(),
});
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

/** The draft of the email that carries the personal link, in the invitation's locale. */
export const InvitationEmail = z.object({ subject: z.string(), body: z.string() });
export type InvitationEmail = z.infer<typeof InvitationEmail>;

/** `POST /invitations` answer: the only place the raw token (in `url`'s fragment) ever appears. */
export const CreatedInvitation = z.object({
  id: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  email: InvitationEmail,
});
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

/** `expired` is never stored: it is a pending invitation whose expiry has passed. */
export const InvitationState = z.enum(["pending", "accepted", "revoked", "expired"]);
export type InvitationState = z.infer<typeof InvitationState>;

/** An invitation as the partner that sent it sees it. */
export const Invitation = z.object({
  id: z.string(),
  state: InvitationState,
  locale: z.enum(LOCALE_IDS),
  indirectProvider: PartnerRef.nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  acceptedCustomer: z
    .object({ id: z.string(), companyName: z.string(), domain: z.string() })
    .nullable(),
  revokedAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

/** `GET /invitations` query. */
export const InvitationListQuery = z.strictObject({
  state: InvitationState.optional(),
  ...PAGE_QUERY,
});
export type InvitationListQuery = z.infer<typeof InvitationListQuery>;

/** `GET /invitations` answer, newest first. */
export const InvitationList = z.object({
  items: z.array(Invitation),
  nextCursor: z.string().nullable(),
});
export type InvitationList = z.infer<typeof InvitationList>;

/** `POST /invitations/preview` and `POST /invitations/accept` body: the token from the link. */
export const InvitationTokenRequest = z.strictObject({
  token: z.string().trim().min(1).max(256),
});
export type InvitationTokenRequest = z.infer<typeof InvitationTokenRequest>;

/** `POST /invitations/preview` answer: who invites the customer, and until when. */
export const InvitationPreview = z.object({
  partner: z.object({ name: z.string() }),
  indirectProvider: z.object({ name: z.string() }).nullable(),
  locale: z.enum(LOCALE_IDS),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

/**
 * `POST /invitations/accept` answer: the relationships created (the provider's too, for an
 * indirect invitation), each with delegated admin privileges.
 */
export const AcceptedInvitation = z.object({
  invitationId: z.string(),
  relationships: z.array(Relationship),
});
export type AcceptedInvitation = z.infer<typeof AcceptedInvitation>;
