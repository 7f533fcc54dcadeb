/**
 * The names the OpenAPI document gives the shared schemas (its `components.schemas`), so a body
 * used by several operations is written once and referenced (`$ref`). The schemas live in
 * src/domain/schemas, shared with the site; their names are the document's business.
 */
import { zodToOpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { AuditList, AuditRecord } from "../../../src/domain/schemas/audit.ts";
import {
  AdminPasswordReset,
  Customer,
  CustomerCreated,
  CustomerCreateRequest,
  CustomerList,
  CustomerListItem,
  CustomerRelationship,
  CustomerUpdateRequest,
  DomainAvailability,
  Subscription,
} from "../../../src/domain/schemas/customer.ts";
import {
  AcceptedInvitation,
  CreatedInvitation,
  CreateInvitationRequest,
  Invitation,
  InvitationList,
  InvitationPreview,
  InvitationTokenRequest,
} from "../../../src/domain/schemas/invitation.ts";
import { Offer, OfferList } from "../../../src/domain/schemas/offer.ts";
import { FieldError, Problem } from "../../../src/domain/schemas/problem.ts";
import {
  LinkedPartner,
  LinkedPartnerList,
  PartnerRef,
  Relationship,
  RemovedRelationship,
  RemoveRelationshipRequest,
} from "../../../src/domain/schemas/relationship.ts";
import {
  ChangePasswordRequest,
  SessionUser,
  SignInRequest,
} from "../../../src/domain/schemas/session.ts";

const COMPONENTS: Record<string, z.ZodType> = {
  AcceptedInvitation,
  AdminPasswordReset,
  AuditList,
  AuditRecord,
  ChangePasswordRequest,
  CreatedInvitation,
  CreateInvitationRequest,
  Customer,
  CustomerCreated,
  CustomerCreateRequest,
  CustomerList,
  CustomerListItem,
  CustomerRelationship,
  CustomerUpdateRequest,
  DomainAvailability,
  FieldError,
  Invitation,
  InvitationList,
  InvitationPreview,
  InvitationTokenRequest,
  LinkedPartner,
  LinkedPartnerList,
  Offer,
  OfferList,
  PartnerRef,
  Problem,
  Relationship,
  RemovedRelationship,
  RemoveRelationshipRequest,
  SessionUser,
  SignInRequest,
  Subscription,
};

/**
 * Gives each shared schema its component name, in the generator's own registry (what
 * `.openapi("Name")` would set on a copy), so the schemas the routes use are the named ones.
 * Idempotent.
 */
export function nameComponents(): void {
  for (const [refId, schema] of Object.entries(COMPONENTS)) {
    const metadata = zodToOpenAPIRegistry.get(schema);
    zodToOpenAPIRegistry.add(schema, { ...metadata, _internal: { ...metadata?._internal, refId } });
  }
}
