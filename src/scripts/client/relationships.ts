/**
 * The typed client of the relationship endpoints for browser modules: invitations (create,
 * list, revoke; preview and accept for a customer's admin) and the indirect partner links. Types
 * only from the API's zod schemas (no zod reaches the browser); every URL is spelled here.
 *
 * @example
 * const created = await invitations.create({ locale: "fr-FR" });
 * if (created.ok) show(created.data.email);
 */
import type {
  AcceptedInvitation,
  CreatedInvitation,
  CreateInvitationRequest,
  InvitationList,
  InvitationListQuery,
  InvitationPreview,
} from "../../domain/schemas/invitation.ts";
import type {
  LinkedPartnerList,
  LinkedPartnerListQuery,
} from "../../domain/schemas/relationship.ts";
import { api, type ApiResult } from "../api.ts";
import { queryString } from "../client.ts";

/** `GET /invitations` query as a caller writes it: every part optional. */
export type InvitationListParams = Partial<InvitationListQuery>;

/** `GET /indirect-providers` and `GET /indirect-resellers` query. */
export type LinkedPartnerParams = Partial<LinkedPartnerListQuery>;

/** The API paths, relative to `/api/v1/{cloud}`. */
export const relationshipPaths = {
  invitations: (query: InvitationListParams = {}): string => `/invitations${queryString(query)}`,
  invitation: (id: string): string => `/invitations/${encodeURIComponent(id)}`,
  preview: (): string => "/invitations/preview",
  accept: (): string => "/invitations/accept",
  indirectProviders: (query: LinkedPartnerParams = {}): string =>
    `/indirect-providers${queryString(query)}`,
  indirectResellers: (query: LinkedPartnerParams = {}): string =>
    `/indirect-resellers${queryString(query)}`,
};

/** Reseller relationship invitations (SPEC §7). */
export const invitations = {
  /** A new invitation: its personal link and the email draft, in `body.locale` (shown once). */
  create(body: CreateInvitationRequest): Promise<ApiResult<CreatedInvitation>> {
    return api<CreatedInvitation>("POST", relationshipPaths.invitations(), body);
  },

  /** One page of the caller's invitations, newest first. */
  list(query: InvitationListParams = {}): Promise<ApiResult<InvitationList>> {
    return api<InvitationList>("GET", relationshipPaths.invitations(query));
  },

  /** Revokes a pending invitation (204); 409 when it was accepted meanwhile. */
  revoke(id: string): Promise<ApiResult<null>> {
    return api<null>("DELETE", relationshipPaths.invitation(id));
  },

  /** Who invites, and until when; one generic 404 for a link that cannot be used. */
  preview(token: string): Promise<ApiResult<InvitationPreview>> {
    return api<InvitationPreview>("POST", relationshipPaths.preview(), { token });
  },

  /** Accepts as the signed-in customer admin: 409 used or conflicting, 410 expired or revoked. */
  accept(token: string): Promise<ApiResult<AcceptedInvitation>> {
    return api<AcceptedInvitation>("POST", relationshipPaths.accept(), { token });
  },
};

/** The indirect partners linked to the caller. */
export const partnerLinks = {
  /** An indirect reseller's providers. */
  providers(query: LinkedPartnerParams = {}): Promise<ApiResult<LinkedPartnerList>> {
    return api<LinkedPartnerList>("GET", relationshipPaths.indirectProviders(query));
  },

  /** An indirect provider's resellers. */
  resellers(query: LinkedPartnerParams = {}): Promise<ApiResult<LinkedPartnerList>> {
    return api<LinkedPartnerList>("GET", relationshipPaths.indirectResellers(query));
  },
};
