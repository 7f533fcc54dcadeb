/**
 * The global admin a users or groups request comes from, and the audit entries of their writes.
 */
import type { Context } from "hono";
import type { AuditEntry } from "../../lib/audit.ts";
import { partnerStaff } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";

export interface Manager {
  partnerId: string;
  actorUserId: string;
  requestId: string;
  /** ISO 8601 UTC time of the request. */
  now: string;
}

/** The calling global admin (routes run after `requirePermission("users.manage")`). */
export function managerOf(c: Context<AppEnv>): Manager {
  const { partnerId, userId } = partnerStaff(c.get("principal"));
  return { partnerId, actorUserId: userId, requestId: c.get("requestId"), now: nowIso(c.var.now) };
}

/**
 * An audit entry of `caller`'s about `targetType` `targetId`.
 *
 * @example
 * auditOf(caller, "user.disabled", "user", userId);
 */
export function auditOf(
  caller: Manager,
  action: string,
  targetType: "user" | "group",
  targetId: string,
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    id: newId(),
    partnerId: caller.partnerId,
    actorUserId: caller.actorUserId,
    action,
    targetType,
    targetId,
    requestId: caller.requestId,
    occurredAt: caller.now,
    ...(details ? { details } : {}),
  };
}
