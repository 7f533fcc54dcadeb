/**
 * Helpers for the admin relationship tests: a partner related to a customer (reseller
 * relationship through the API), requests and answers through the API, an app at a clock of
 * the test's choosing with a session of its own, and groups made with direct SQL.
 */
import { expect } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import type { CreatedAdminRelationship } from "../../src/domain/schemas/admin-relationship.ts";
import { call, dbOf, signIn } from "./helpers.ts";
import { appAt, callApp, tokenOf } from "./relationships-helpers.ts";
import type { CallInit } from "./helpers.ts";

export const DAY = 24 * 60 * 60 * 1000;

/** A valid request body, with `overrides`. */
export function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    displayName: "Support 2027",
    roles: ["user_administrator", "directory_readers"],
    duration: "P60D",
    autoExtend: "P0D",
    ...overrides,
  };
}

/** `POST /admin-relationships` as `cookie`; asserts 201 and returns the answer with its token. */
export async function requestAdmin(
  cloud: CloudId,
  cookie: string,
  overrides: Record<string, unknown> = {},
) {
  const response = await call(`/api/v1/${cloud}/admin-relationships`, {
    cookie,
    body: requestBody(overrides),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const created = (await response.json<unknown>()) as CreatedAdminRelationship;
  return { ...created, id: created.relationship.id, token: tokenOf(created.url) };
}

/** A customer admin's answer (`preview`, `approve`, `reject`) to the request of `token`. */
export function answer(
  cloud: CloudId,
  cookie: string,
  action: "preview" | "approve" | "reject",
  token: string,
  init: CallInit = {},
) {
  return call(`/api/v1/${cloud}/admin-relationships/approval/${action}`, {
    ...init,
    cookie,
    body: { token },
  });
}

/**
 * The Worker as it answers `offsetMs` from now, with `email` signed in at that time (sessions
 * start and end by the app's clock).
 */
export async function later(cloud: CloudId, offsetMs: number, email: string) {
  const app = appAt(offsetMs);
  const cookie = await signIn(cloud, email, undefined, app);
  return (path: string, init: CallInit = {}) =>
    callApp(app, `/api/v1/${cloud}${path}`, { ...init, cookie });
}

/** A group of partner `partnerId` holding `userIds` (direct SQL, as the users page would). */
export async function createGroup(cloud: CloudId, partnerId: string, userIds: string[]) {
  const db = dbOf(cloud);
  const id = crypto.randomUUID();
  const name = `Group ${id.slice(0, 8)}`;
  const now = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        "INSERT INTO partner_groups (id, partner_id, name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
      )
      .bind(id, partnerId, name, name.toLowerCase(), now),
    ...userIds.map((userId) =>
      db
        .prepare(
          "INSERT INTO partner_group_members (group_id, user_id, added_at) VALUES (?1, ?2, ?3)",
        )
        .bind(id, userId, now),
    ),
  ]);
  return { id, name };
}

/** How many audit records name relationship `id` with `action`. */
export async function auditCount(cloud: CloudId, id: string, action: string): Promise<number> {
  const row = await dbOf(cloud)
    .prepare(
      "SELECT COUNT(*) AS n FROM audit_records WHERE target_type = 'admin_relationship' AND target_id = ?1 AND action = ?2",
    )
    .bind(id, action)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
