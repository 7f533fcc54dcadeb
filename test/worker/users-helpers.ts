/**
 * Helpers for the partner user and group tests: a fresh partner whose global admin is signed in
 * (no shared data, no shared rate-limit keys), colleagues added through the API, and the API
 * calls the tests make.
 */
import { expect } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import type { Role } from "../../src/domain/roles.ts";
import type { PartnerUser, UserCreated } from "../../src/domain/schemas/user.ts";
import { call, createPartnerUser, dbOf, signIn, type CallInit } from "./helpers.ts";

/** A fresh partner and its signed-in global admin; `domain` is the partner's email domain. */
export async function signedInAdmin(cloud: CloudId) {
  const admin = await createPartnerUser(cloud);
  const domain = admin.email.slice(admin.email.indexOf("@") + 1);
  return { ...admin, cloud, domain, cookie: await signIn(cloud, admin.email) };
}
export type SignedInAdmin = Awaited<ReturnType<typeof signedInAdmin>>;

/** A request to `/api/v1/{cloud}{path}` as `admin`. */
export function as(admin: { cloud: CloudId; cookie: string }, path: string, init: CallInit = {}) {
  return call(`/api/v1/${admin.cloud}${path}`, { cookie: admin.cookie, ...init });
}

let serial = 0;

/** A fresh address in the partner's domain. */
export function emailIn(admin: SignedInAdmin, name = "colleague"): string {
  serial += 1;
  return `${name}-${serial}-${crypto.randomUUID().slice(0, 6)}@${admin.domain}`;
}

/** Adds a colleague through the API; returns the user and the temporary password. */
export async function addColleague(
  admin: SignedInAdmin,
  roles: Role[],
  displayName = "Colleague",
): Promise<UserCreated> {
  const response = await as(admin, "/users", {
    body: { displayName, email: emailIn(admin), roles },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<UserCreated>();
}

/** The password colleagues choose when they replace their temporary one. */
export const CHOSEN_PASSWORD = "Colleague!Pass2026";

/**
 * Signs in with a temporary password and replaces it (`POST /session/password`); returns the
 * session cookie, renewed by the change.
 */
export async function signInAndChange(
  cloud: CloudId,
  email: string,
  temporaryPassword: string,
): Promise<string> {
  const cookie = await signIn(cloud, email, temporaryPassword);
  const changed = await call(`/api/v1/${cloud}/session/password`, {
    cookie,
    body: { currentPassword: temporaryPassword, newPassword: CHOSEN_PASSWORD },
  });
  expect(changed.status).toBe(204);
  return (changed.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

/** A colleague added through the API who has chosen a password, signed in. */
export async function signedInColleague(admin: SignedInAdmin, roles: Role[]) {
  const { user, temporaryPassword } = await addColleague(admin, roles);
  const cookie = await signInAndChange(admin.cloud, user.email, temporaryPassword);
  return { user, cloud: admin.cloud, cookie };
}

/** The partner's users as stored, by id: status and roles. */
export async function storedUsers(cloud: CloudId, partnerId: string) {
  const { results } = await dbOf(cloud)
    .prepare("SELECT id, status, roles FROM users WHERE partner_id = ?1")
    .bind(partnerId)
    .all<{ id: string; status: string; roles: string }>();
  return results;
}

/** How many active global admins the partner has, as stored. */
export async function activeGlobalAdmins(cloud: CloudId, partnerId: string): Promise<number> {
  return (await storedUsers(cloud, partnerId)).filter(
    (user) =>
      user.status === "active" && (JSON.parse(user.roles) as string[]).includes("global_admin"),
  ).length;
}

/** Rows the partner's audit trail holds. */
export async function auditCount(cloud: CloudId, partnerId: string): Promise<number> {
  const row = await dbOf(cloud)
    .prepare("SELECT count(*) AS n FROM audit_records WHERE partner_id = ?1")
    .bind(partnerId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export type { PartnerUser };
