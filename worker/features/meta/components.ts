/**
 * The names the OpenAPI document gives the shared schemas (its `components.schemas`), so a body
 * used by several operations is written once and referenced (`$ref`). The schemas live in
 * src/domain/schemas, shared with the site; their names are the document's business.
 */
import { zodToOpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import * as audit from "../../../src/domain/schemas/audit.ts";
import * as customer from "../../../src/domain/schemas/customer.ts";
import * as invitation from "../../../src/domain/schemas/invitation.ts";
import * as offer from "../../../src/domain/schemas/offer.ts";
import * as problem from "../../../src/domain/schemas/problem.ts";
import * as relationship from "../../../src/domain/schemas/relationship.ts";
import * as session from "../../../src/domain/schemas/session.ts";
import * as user from "../../../src/domain/schemas/user.ts";

const SCHEMAS = {
  ...audit,
  ...customer,
  ...invitation,
  ...offer,
  ...problem,
  ...relationship,
  ...session,
  ...user,
};

/**
 * The response bodies and what they share, by their export names. Request bodies stay inline,
 * where a reader of the operation looks for their fields.
 */
const COMPONENTS = [
  "AcceptedInvitation",
  "AdminPasswordReset",
  "AuditList",
  "AuditRecord",
  "CreatedInvitation",
  "Customer",
  "CustomerCreated",
  "CustomerList",
  "CustomerListItem",
  "CustomerRelationship",
  "DomainAvailability",
  "FieldError",
  "GroupList",
  "GroupMember",
  "GroupMemberList",
  "Invitation",
  "InvitationList",
  "InvitationPreview",
  "LinkedPartner",
  "LinkedPartnerList",
  "Offer",
  "OfferList",
  "PartnerGroup",
  "PartnerRef",
  "PartnerUser",
  "Problem",
  "Relationship",
  "RemovedRelationship",
  "SessionUser",
  "Subscription",
  "UserCreated",
  "UserList",
  "UserPasswordReset",
] as const satisfies readonly (keyof typeof SCHEMAS)[];

/**
 * Gives each shared body schema its component name, in the generator's own registry (what
 * `.openapi("Name")` would set on a copy), so the schemas the routes use are the named ones.
 * Idempotent.
 */
export function nameComponents(): void {
  for (const refId of COMPONENTS) {
    const schema: z.ZodType = SCHEMAS[refId];
    const metadata = zodToOpenAPIRegistry.get(schema);
    zodToOpenAPIRegistry.add(schema, { ...metadata, _internal: { ...metadata?._internal, refId } });
  }
}
