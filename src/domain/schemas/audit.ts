import { z } from "zod";
import { CsvSeparator } from "./csv.ts";
import { PAGE_QUERY } from "./page.ts";

/**
 * The activity log (SPEC §6 audit record, §7 `GET /audit`): the query the API accepts and the
 * shapes it answers with. Records are written by every change (worker/lib/audit.ts); a partner's
 * global admins read their own partner's.
 */

/**
 * The actions the API records today. The log shows each in the reader's language
 * (`audit.action.<action>` messages); an action added later still reads, by its code.
 */
export const AUDIT_ACTIONS = [
  "customer.created",
  "customer.updated",
  "customer.admin_password_reset",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
  "relationship.removed",
  "delegated_admin.revoked",
  "user.password_changed",
  "session.signed_in",
  "session.signed_out",
  "session.signed_out_everywhere",
  "api_key.created",
  "api_key.revoked",
  "api_key.used",
  "user.created",
  "user.roles_changed",
  "user.disabled",
  "user.enabled",
  "user.password_reset",
  "user.removed",
  "group.created",
  "group.renamed",
  "group.removed",
  "group.member_added",
  "group.member_removed",
  "operator.created",
  "partner.onboarded",
  "partner.suspended",
  "partner.reactivated",
  "partner.renamed",
  "partner_link.created",
  "partner_link.removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit record is about (`audit.target.<type>` messages). */
export const AUDIT_TARGET_TYPES = [
  "customer",
  "invitation",
  "user",
  "api_key",
  "group",
  "partner",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** The widest window one request may read (SPEC §7). */
export const AUDIT_MAX_WINDOW_DAYS = 90;
/** The window read when the request names none: the last 30 days. */
export const AUDIT_DEFAULT_WINDOW_DAYS = 30;

const bound = (which: "start" | "end") =>
  z
    .string()
    .max(64)
    .optional()
    .describe(
      which === "start"
        ? "Start of the window: a UTC day (YYYY-MM-DD, from its first instant) or an ISO 8601 date-time with Z or an offset (inclusive). Default: `to` minus 30 days."
        : "End of the window: a UTC day (YYYY-MM-DD, to its last instant) or an ISO 8601 date-time with Z or an offset (inclusive). Default: now.",
    );

const AuditWindowQuery = z.strictObject({ from: bound("start"), to: bound("end") });

/** `GET /audit/export.csv` query: the window (at most 90 days) and the separator. */
export const AuditExportQuery = AuditWindowQuery.extend({ separator: CsvSeparator.optional() });
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** `GET /audit` query: the window, and the page. */
export const AuditListQuery = AuditWindowQuery.extend({
  ...PAGE_QUERY,
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

/**
 * Who did it; `name` when the reader may know it (the partner's own staff, the customer's
 * admin), one of the partner's API keys (`kind: "apiKey"`, by the key's name), or the portal
 * itself (`kind: "system"`, the scheduled run).
 */
export const AuditActor = z.object({
  id: z.string(),
  name: z.string().optional(),
  kind: z.enum(["apiKey", "system"]).optional(),
});
export type AuditActor = z.infer<typeof AuditActor>;

/** One audit record as its partner's global admin reads it. */
export const AuditRecord = z.object({
  id: z.string(),
  /** ISO 8601 UTC. */
  occurredAt: z.string(),
  action: z.string().describe(`What happened, e.g. ${AUDIT_ACTIONS.join(", ")}`),
  actor: AuditActor,
  /** What it was done to; `name` where one is known (a customer's company, a user). */
  target: z.object({ type: z.string(), id: z.string(), name: z.string().optional() }),
  /** The request that made the change (`X-Request-Id`), to quote to support. */
  requestId: z.string(),
  /** Facts of the change (never a secret), e.g. `{ fields: ["language"] }`. */
  details: z.record(z.string(), z.unknown()),
  /** In a cloud operator's trail: the partner the record is filed under. */
  partner: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** `GET /audit` answer, newest first. */
export const AuditList = z.object({
  items: z.array(AuditRecord),
  nextCursor: z.string().nullable(),
});
export type AuditList = z.infer<typeof AuditList>;
