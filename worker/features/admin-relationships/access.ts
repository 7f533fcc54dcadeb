/**
 * The role check (SPEC §6): a partner user acts on a customer with an admin role only through
 * an access assignment of a usable admin relationship to a group they are in. The check is a
 * SQL condition, so an action puts it in its own guarded batch — no extra round trip — and a
 * role of a relationship terminated or expired a moment ago stops working on the next request.
 *
 * How it combines with legacy delegated admin privileges (DAP): a partner that still holds an
 * active DAP grant for the customer keeps acting as before (DAP stand for every admin role, for
 * the partner roles the permission table allows); without DAP, the granular role is needed.
 * "Replace with granular" ends the DAP grant when its request is approved, so from then on only
 * assignments count.
 */
import { ADMIN_ACTIONS, type AdminAction } from "../../../src/domain/admin-roles.ts";
import { list, sql, type Sql } from "../../lib/sql.ts";
import { usableSql } from "./state.ts";

/** Who acts, on which customer, when. */
export interface Actor {
  partnerId: string;
  userId: string;
  customerId: string;
  /** ISO 8601 UTC. */
  now: string;
}

/**
 * `actor` holds one of the roles that enable `action` through an assignment (a condition).
 *
 * @example
 * sql`… WHERE ${holdsAdminRole(actor, "resetAdminPassword")}`
 */
export function holdsAdminRole(actor: Actor, action: AdminAction): Sql {
  return sql`EXISTS (SELECT 1 FROM admin_relationships a
    JOIN admin_relationship_assignments s ON s.relationship_id = a.id
    JOIN partner_group_members m ON m.group_id = s.group_id
    WHERE a.partner_id = ${actor.partnerId} AND a.customer_id = ${actor.customerId}
      AND ${usableSql(actor.now)} AND m.user_id = ${actor.userId}
      AND EXISTS (SELECT 1 FROM json_each(s.roles) r WHERE r.value IN (${list(ADMIN_ACTIONS[action].roles)})))`;
}

/** The partner of `actor` holds a usable admin relationship with the customer (a condition). */
export function hasAdminRelationship(actor: Actor): Sql {
  return sql`EXISTS (SELECT 1 FROM admin_relationships a
    WHERE a.partner_id = ${actor.partnerId} AND a.customer_id = ${actor.customerId}
      AND ${usableSql(actor.now)})`;
}
