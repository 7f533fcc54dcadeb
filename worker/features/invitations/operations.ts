import {
  AcceptedInvitation,
  CreatedInvitation,
  CreateInvitationRequest,
  InvitationList,
  InvitationListQuery,
  InvitationPreview,
  InvitationTokenRequest,
} from "../../../src/domain/schemas/invitation.ts";
import type { Operation } from "../../lib/openapi.ts";

/** The invitation endpoints for the OpenAPI document. */
export const invitationOperations: Operation[] = [
  {
    method: "post",
    path: "/invitations",
    summary:
      "Create an invitation to a reseller relationship (optionally with an indirect provider)",
    tags: ["Invitations"],
    body: CreateInvitationRequest,
    responses: {
      201: { description: "Created; the token is in `url` only here", schema: CreatedInvitation },
      400: "problem",
      401: "problem",
      403: "problem",
      404: "problem",
      429: "problem",
    },
  },
  {
    method: "get",
    path: "/invitations",
    summary: "The partner's invitations, newest first",
    tags: ["Invitations"],
    query: InvitationListQuery,
    responses: {
      200: { description: "One page", schema: InvitationList },
      400: "problem",
      401: "problem",
      403: "problem",
      404: "problem",
    },
  },
  {
    method: "delete",
    path: "/invitations/{id}",
    summary: "Revoke a pending invitation",
    tags: ["Invitations"],
    responses: {
      204: { description: "Revoked" },
      401: "problem",
      403: "problem",
      404: "problem",
      409: "problem",
      429: "problem",
    },
  },
  {
    method: "post",
    path: "/invitations/preview",
    summary: "Who invites the customer (no session needed)",
    tags: ["Invitations"],
    body: InvitationTokenRequest,
    responses: {
      200: { description: "The invitation can be accepted", schema: InvitationPreview },
      400: "problem",
      404: "problem",
    },
  },
  {
    method: "post",
    path: "/invitations/accept",
    summary: "Accept an invitation (a customer's admin)",
    tags: ["Invitations"],
    body: InvitationTokenRequest,
    responses: {
      200: {
        description: "Relationships created, with delegated admin",
        schema: AcceptedInvitation,
      },
      400: "problem",
      401: "problem",
      403: "problem",
      404: "problem",
      409: "problem",
      410: "problem",
      429: "problem",
    },
  },
];
