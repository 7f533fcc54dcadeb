import { z } from "zod";
import { ADMIN_ROLE_IDS, GLOBAL_ADMINISTRATOR } from "../admin-roles.ts";
import { parseDuration } from "../durations.ts";
import { LOCALE_IDS } from "../locales.ts";
import { AuditActor } from "./audit.ts";
import { PartnerRef } from "./relationship.ts";
import { PAGE_QUERY } from "./page.ts";

/**
 * Admin relationships, granular delegated admin (SPEC §6): the bodies the API accepts and the
 * shapes it answers with.
 */

export const AdminRoleId = z.enum(ADMIN_ROLE_IDS);

/** Days in a year and a month when a duration's length is judged (P2Y = 730 days at most). */
const YEAR_DAYS = 365;
const MONTH_DAYS = 30;
export const MIN_DURATION_DAYS = 1;
export const MAX_DURATION_DAYS = 730;

export { parseDuration };

/** How long a duration is, in days, as the 1 day – 2 years bound judges it. */
export function durationDays(text: string): number | undefined {
  const parts = parseDuration(text);
  return parts ? parts.years * YEAR_DAYS + parts.months * MONTH_DAYS + parts.days : undefined;
}

/** A relationship's length: an ISO 8601 date duration from P1D to P2Y. */
export const Duration = z
  .string()
  .max(16)
  .refine((text) => parseDuration(text) !== undefined, {
    message: "adminRelationships.validation.duration",
    params: { code: "invalid_duration" },
  })
  .refine(
    (text) => {
      const days = durationDays(text);
      return days === undefined || (days >= MIN_DURATION_DAYS && days <= MAX_DURATION_DAYS);
    },
    {
      message: "adminRelationships.validation.duration",
      params: { code: "duration_out_of_range" },
    },
  );

/** Auto-extension: never (`P0D`) or by 180 days at each end (`P180D`). */
export const AutoExtend = z.enum(["P0D", "P180D"]);
export type AutoExtend = z.infer<typeof AutoExtend>;

/** A role list: at least one role of the catalog, each once. */
const RoleList = z
  .array(AdminRoleId)
  .min(1)
  .max(ADMIN_ROLE_IDS.length)
  .refine((roles) => new Set(roles).size === roles.length, {
    message: "adminRelationships.validation.duplicateRole",
    params: { code: "duplicate_role" },
  });

/** `POST /admin-relationships` body. */
export const CreateAdminRelationshipRequest = z.strictObject({
  /** One of the partner's customers; without it, the admin of whichever customer approves. */
  customerId: z.guid().optional(),
  displayName: z.string().trim().min(1).max(50),
  roles: RoleList,
  duration: Duration,
  autoExtend: AutoExtend.default("P0D"),
  /** The language of the email draft and the approval page; the request's own by default. */
  locale: z.enum(LOCALE_IDS).optional(),
});
export type CreateAdminRelationshipRequest = z.infer<typeof CreateAdminRelationshipRequest>;

/** Whether a role list may be auto-extended (never with global administrator). */
export function mayAutoExtend(roles: readonly string[]): boolean {
  return !roles.includes(GLOBAL_ADMINISTRATOR);
}

export const ADMIN_RELATIONSHIP_STATES = [
  "created",
  "approval_pending",
  "active",
  "expiring",
  "expired",
  "terminated",
  "request_expired",
  "rejected",
] as const;
export const AdminRelationshipState = z.enum(ADMIN_RELATIONSHIP_STATES);
export type AdminRelationshipState = z.infer<typeof AdminRelationshipState>;

/** A group holding some of a relationship's roles. */
export const AccessAssignment = z.object({
  group: z.object({ id: z.string(), name: z.string() }),
  roles: z.array(AdminRoleId),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AccessAssignment = z.infer<typeof AccessAssignment>;

/** An admin relationship as its partner (or its customer's admin) sees it. */
export const AdminRelationship = z.object({
  id: z.string(),
  partner: PartnerRef,
  customer: z.object({ id: z.string(), companyName: z.string(), domain: z.string() }).nullable(),
  displayName: z.string(),
  roles: z.array(AdminRoleId),
  duration: z.string(),
  autoExtend: AutoExtend,
  state: AdminRelationshipState,
  locale: z.enum(LOCALE_IDS),
  /** Approving it revokes the partner's legacy delegated admin privileges for the customer. */
  replacesDelegatedAdmin: z.boolean(),
  /** Approving it terminates this relationship (its replacement without some role). */
  replacesId: z.string().nullable(),
  createdAt: z.string(),
  requestExpiresAt: z.string(),
  decidedAt: z.string().nullable(),
  /** When it ends, auto-extensions included; null until approved. */
  endsAt: z.string().nullable(),
  terminatedAt: z.string().nullable(),
});
export type AdminRelationship = z.infer<typeof AdminRelationship>;

/** The email a partner sends with a request, in the request's locale. */
export const AdminRelationshipEmail = z.object({ subject: z.string(), body: z.string() });

/** `POST /admin-relationships` answer: the approval link (token in the fragment) only here. */
export const CreatedAdminRelationship = z.object({
  relationship: AdminRelationship,
  url: z.string(),
  email: AdminRelationshipEmail,
});
export type CreatedAdminRelationship = z.infer<typeof CreatedAdminRelationship>;

/**
 * A request a bulk role removal or a "replace with granular" created: its id, its approval link
 * (token in the fragment, only in that answer) and its email draft in the request's locale.
 */
export const CreatedRequest = z.object({
  id: z.string(),
  url: z.string(),
  email: AdminRelationshipEmail,
});
export type CreatedRequest = z.infer<typeof CreatedRequest>;

/**
 * One entry of a relationship's timeline, from the audit trail, with its actor named as far as
 * the reader may know them (worker/features/audit/repo.ts `actorJoins`).
 */
export const TimelineEntry = z.object({
  action: z.string(),
  occurredAt: z.string(),
  actor: AuditActor,
});

/** `GET /admin-relationships/{id}` answer. */
export const AdminRelationshipDetail = z.object({
  relationship: AdminRelationship,
  assignments: z.array(AccessAssignment),
  timeline: z.array(TimelineEntry),
  /** For its partner's staff: the partner's groups, the ones its roles can be assigned to. */
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type AdminRelationshipDetail = z.infer<typeof AdminRelationshipDetail>;

/** The filters of a list, and of a bulk operation's selection. */
export const AdminRelationshipFilters = z.strictObject({
  state: AdminRelationshipState.optional(),
  customerId: z.guid().optional(),
  role: AdminRoleId.optional(),
  /** Active relationships that end within this many days (1–180). */
  expiringWithinDays: z.coerce.number().int().min(1).max(180).optional(),
});
export type AdminRelationshipFilters = z.infer<typeof AdminRelationshipFilters>;

/** `GET /admin-relationships` query. */
export const AdminRelationshipListQuery = AdminRelationshipFilters.extend({
  ...PAGE_QUERY,
});
export type AdminRelationshipListQuery = z.infer<typeof AdminRelationshipListQuery>;

export const AdminRelationshipList = z.object({
  items: z.array(AdminRelationship),
  nextCursor: z.string().nullable(),
});

/** `POST /admin-relationships/bulk` body: one page of an operation over a filtered selection. */
export const BulkRequest = z
  .strictObject({
    action: z.enum(["removeRole", "terminate", "setAutoExtend"]),
    filters: AdminRelationshipFilters.default({}),
    /** For `removeRole`: the role the replacement requests leave out. */
    role: AdminRoleId.optional(),
    /** For `setAutoExtend`. */
    autoExtend: AutoExtend.optional(),
    /** Where the previous page of this run ended. */
    cursor: z.string().max(2048).optional(),
    limit: z.number().int().min(1).max(100).default(100),
  })
  .superRefine((body, context) => {
    const missing =
      body.action === "removeRole" && !body.role
        ? "role"
        : body.action === "setAutoExtend" && !body.autoExtend
          ? "autoExtend"
          : undefined;
    if (missing) {
      context.addIssue({
        code: "custom",
        path: [missing],
        message: "validation.required",
        params: { code: "required" },
      });
    }
  });
export type BulkRequest = z.infer<typeof BulkRequest>;

/** What a bulk page did to each selected relationship. */
export const BulkResponse = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(["done", "skipped"]),
      code: z.string().nullable(),
      replacement: CreatedRequest.nullable(),
    }),
  ),
  /** The next page of the same run; null when the selection is done. */
  nextCursor: z.string().nullable(),
});

/** `POST /admin-relationships/replace-delegated-admin` body. */
export const ReplaceDelegatedAdminRequest = z.strictObject({
  customerIds: z.array(z.guid()).min(1).max(100),
  displayName: z.string().trim().min(1).max(50),
  roles: RoleList,
  duration: Duration,
  autoExtend: AutoExtend.default("P0D"),
  locale: z.enum(LOCALE_IDS).optional(),
});
export type ReplaceDelegatedAdminRequest = z.infer<typeof ReplaceDelegatedAdminRequest>;

/** `GET /admin-relationships/replace-delegated-admin/customers` query. */
export const LegacyCustomerListQuery = z.strictObject({ ...PAGE_QUERY });

/** A customer the partner still holds legacy delegated admin privileges for. */
export const LegacyCustomer = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string(),
  /** When the legacy privileges were granted (with the reseller relationship). */
  grantedAt: z.string(),
  /** A "replace with granular" request for the customer waits for its answer. */
  requested: z.boolean(),
});
export type LegacyCustomer = z.infer<typeof LegacyCustomer>;

/** The partner's customers with legacy delegated admin privileges, oldest grant first. */
export const LegacyCustomerList = z.object({
  items: z.array(LegacyCustomer),
  nextCursor: z.string().nullable(),
});

export const ReplaceDelegatedAdminResponse = z.object({
  results: z.array(
    z.object({
      customerId: z.string(),
      outcome: z.enum(["created", "skipped"]),
      code: z.string().nullable(),
      request: CreatedRequest.nullable(),
    }),
  ),
});

/** `GET /admin-relationships/summary` answer: what the partner's home shows. */
export const AdminRelationshipSummary = z.object({
  /** Relationships that end within 30 days and will not be extended. */
  expiring: z.number().int(),
});

/** Approval-page bodies: the token from the link. */
export const ApprovalTokenRequest = z.strictObject({ token: z.string().trim().min(1).max(256) });

/** `POST /admin-relationships/approval/preview` answer: what the customer admin is asked. */
export const ApprovalPreview = z.object({
  partner: z.object({ name: z.string() }),
  displayName: z.string(),
  roles: z.array(AdminRoleId),
  duration: z.string(),
  autoExtend: AutoExtend,
  locale: z.enum(LOCALE_IDS),
  requestExpiresAt: z.string(),
});

/** `PUT /admin-relationships/{id}/assignments/{groupId}` body: the roles the group holds. */
export const AssignmentRequest = z.strictObject({ roles: RoleList });
