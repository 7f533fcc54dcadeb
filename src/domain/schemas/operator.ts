import { z } from "zod";
import { PARTNER_TYPES } from "../roles.ts";
import { AuditExportQuery, AuditListQuery } from "./audit.ts";
import { CompanyName, Email } from "./customer.ts";
import { text } from "./text.ts";
import { PAGE_QUERY } from "./page.ts";

/**
 * The cloud operator's console (SPEC §6, Cloud operator): the partners of the cloud, their
 * onboarding, suspension and links, and the cloud's whole audit trail. An operator sees a
 * partner's own details and counts, never a customer's personal data.
 */

export const PARTNER_STATUSES = ["active", "suspended"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** A partner's email domain: a lowercase DNS name of two labels or more (`contoso.example`). */
export const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
    message: "validation.email_domain_format",
  });

/** The domain of an email address (after its last `@`). */
export function emailDomainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** `POST /operator/partners` body: the partner and its first global admin. */
export const OnboardPartnerRequest = z
  .strictObject({
    name: CompanyName,
    type: z.enum(PARTNER_TYPES),
    emailDomain: EmailDomain,
    admin: z.strictObject({ name: text(1, 100), email: Email }),
  })
  .superRefine((body, context) => {
    if (emailDomainOf(body.admin.email) !== body.emailDomain) {
      context.addIssue({
        code: "custom",
        path: ["admin", "email"],
        message: "validation.admin_email_domain",
        params: { code: "admin_email_domain", values: { domain: body.emailDomain } },
      });
    }
  });
export type OnboardPartnerRequest = z.infer<typeof OnboardPartnerRequest>;

/** `PUT /operator/partners/{id}/name` body. */
export const RenamePartnerRequest = z.strictObject({ name: CompanyName });
export type RenamePartnerRequest = z.infer<typeof RenamePartnerRequest>;

/** A partner of the cloud as its operator sees it. */
export const OperatorPartner = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(PARTNER_TYPES),
  emailDomain: z.string(),
  status: z.enum(PARTNER_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OperatorPartner = z.infer<typeof OperatorPartner>;

/** `GET /operator/partners/{id}`: the partner and counts of what it holds (no customer data). */
export const OperatorPartnerDetail = OperatorPartner.extend({
  counts: z.object({
    /** The partner's users, active or disabled. */
    users: z.number().int(),
    /** Customers the partner has an active relationship with. */
    customers: z.number().int(),
    /** Every reseller relationship the partner has had, active or removed. */
    relationships: z.number().int(),
    /** Indirect partners it is linked to (providers of a reseller, resellers of a provider). */
    links: z.number().int(),
  }),
});
export type OperatorPartnerDetail = z.infer<typeof OperatorPartnerDetail>;

/** `GET /operator/partners` query: name prefix, type, status, and the page. */
export const OperatorPartnerListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  type: z.enum(PARTNER_TYPES).optional(),
  status: z.enum(PARTNER_STATUSES).optional(),
  ...PAGE_QUERY,
});
export type OperatorPartnerListQuery = z.infer<typeof OperatorPartnerListQuery>;

export const OperatorPartnerList = z.object({
  items: z.array(OperatorPartner),
  nextCursor: z.string().nullable(),
});
export type OperatorPartnerList = z.infer<typeof OperatorPartnerList>;

/** `POST /operator/partners` answer: the partner and its admin's temporary password, once. */
export const OnboardedPartner = z.object({
  partner: OperatorPartner,
  adminAccount: z.object({
    id: z.string(),
    userPrincipalName: z.string(),
    temporaryPassword: z.string(),
  }),
});
export type OnboardedPartner = z.infer<typeof OnboardedPartner>;

/** `POST /operator/partner-links` body: an indirect reseller and an indirect provider. */
export const PartnerLinkRequest = z.strictObject({
  resellerId: z.guid().transform((id) => id.toLowerCase()),
  providerId: z.guid().transform((id) => id.toLowerCase()),
});
export type PartnerLinkRequest = z.infer<typeof PartnerLinkRequest>;

/** A link between an indirect reseller and an indirect provider. */
export const OperatorPartnerLink = z.object({
  reseller: z.object({ id: z.string(), name: z.string() }),
  provider: z.object({ id: z.string(), name: z.string() }),
  linkedAt: z.string(),
});
export type OperatorPartnerLink = z.infer<typeof OperatorPartnerLink>;

/** `GET /operator/partners/{id}/links`: the partners on the other side of its links. */
export const OperatorLinkedPartner = OperatorPartner.pick({
  id: true,
  name: true,
  type: true,
  status: true,
}).extend({ linkedAt: z.string() });
export const OperatorLinkedPartnerList = z.object({
  items: z.array(OperatorLinkedPartner),
  nextCursor: z.string().nullable(),
});
export type OperatorLinkedPartnerList = z.infer<typeof OperatorLinkedPartnerList>;

export const OperatorLinkedPartnerListQuery = z.strictObject({
  ...PAGE_QUERY,
});
export type OperatorLinkedPartnerListQuery = z.infer<typeof OperatorLinkedPartnerListQuery>;

/** The filters of the cloud's audit trail beyond the window. */
const auditFilters = {
  partnerId: z
    .guid()
    .transform((id) => id.toLowerCase())
    .optional()
    .describe("Only records filed under this partner"),
  actorId: z
    .guid()
    .transform((id) => id.toLowerCase())
    .optional()
    .describe("Only records of this actor (a user id)"),
  action: z
    .string()
    .max(64)
    .regex(/^[a-z_]+\.[a-z_]+$/, { message: "validation.invalid_format" })
    .optional()
    .describe("Only records of this action, e.g. `partner.suspended`"),
};

/** `GET /operator/audit` query. */
export const OperatorAuditListQuery = AuditListQuery.extend(auditFilters);
export type OperatorAuditListQuery = z.infer<typeof OperatorAuditListQuery>;

/** `GET /operator/audit/export.csv` query. */
export const OperatorAuditExportQuery = AuditExportQuery.extend(auditFilters);
export type OperatorAuditExportQuery = z.infer<typeof OperatorAuditExportQuery>;
