/**
 * Access assignments and the role check (SPEC §6): a partner user resets the customer admin's
 * password through an admin role only when an assignment of a usable relationship includes
 * them; legacy delegated admin privileges keep working where the partner still holds them.
 */
import { describe, expect, it } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import { call, dbOf, problemOf, signIn } from "./helpers.ts";
import {
  addPartnerUser,
  related,
  revokeDelegatedAdmin,
  signedInPartner,
} from "./relationships-helpers.ts";
import { answer, createGroup, DAY, later, requestAdmin } from "./admin-relationships-helpers.ts";

const CLOUD: CloudId = "global";

/** A user of partner `partnerId` with `roles`, signed in. */
async function staff(partnerId: string) {
  const email = await addPartnerUser(CLOUD, partnerId, ["admin_agent"]);
  const row = await dbOf(CLOUD)
    .prepare("SELECT id FROM users WHERE email = ?1")
    .bind(email)
    .first<{ id: string }>();
  return { email, userId: row?.id ?? "", cookie: await signIn(CLOUD, email) };
}

/**
 * A partner with a customer whose legacy DAP it has given up, an approved relationship with
 * two roles, and two admin agents.
 */
async function granularWorld() {
  const { partner, customer } = await related(CLOUD);
  expect((await revokeDelegatedAdmin(CLOUD, partner.cookie, customer.customerId)).status).toBe(204);
  const inside = await staff(partner.partnerId);
  const outside = await staff(partner.partnerId);
  const resetAs = (cookie: string, language = "en") =>
    call(`/api/v1/${CLOUD}/customers/${customer.customerId}/admin-password`, {
      method: "POST",
      cookie,
      language,
    });
  const before = await resetAs(inside.cookie);
  expect(before.status).toBe(403);
  expect((await problemOf(before)).code).toBe("delegated_admin_required");
  const created = await requestAdmin(CLOUD, partner.cookie, { customerId: customer.customerId });
  expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(200);
  const group = await createGroup(CLOUD, partner.partnerId, [inside.userId]);
  const assign = (roles: string[], groupId = group.id, relationshipId = created.id) =>
    call(`/api/v1/${CLOUD}/admin-relationships/${relationshipId}/assignments/${groupId}`, {
      method: "PUT",
      cookie: partner.cookie,
      body: { roles },
    });
  return { partner, customer, inside, outside, resetAs, created, group, assign };
}

describe("the admin role check", () => {
  it("refuses without an assignment and allows with one, naming the role", async () => {
    const { inside, outside, resetAs, assign, created, partner, group } = await granularWorld();
    const unassigned = await resetAs(inside.cookie, "ru-RU");
    expect(unassigned.status).toBe(403);
    expect(await problemOf(unassigned)).toMatchObject({
      code: "admin_role_required",
      title: "Требуется роль администратора",
      detail: expect.stringContaining("«Администратор пользователей»") as unknown,
    });
    // A lesser role is not enough.
    expect((await assign(["directory_readers"])).status).toBe(200);
    expect((await resetAs(inside.cookie)).status).toBe(403);
    const assigned = await assign(["user_administrator"]);
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({
      group: { id: group.id },
      roles: ["user_administrator"],
    });
    expect((await resetAs(inside.cookie)).status).toBe(201);
    const refused = await resetAs(outside.cookie, "fr-FR");
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).detail).toContain("Administrateur d’utilisateurs");

    const detail = await call(`/api/v1/${CLOUD}/admin-relationships/${created.id}`, {
      cookie: partner.cookie,
    });
    const body = await detail.json<{ assignments: { group: { id: string }; roles: string[] }[] }>();
    expect(body.assignments).toEqual([
      expect.objectContaining({
        group: expect.objectContaining({ id: group.id }) as unknown,
        roles: ["user_administrator"],
      }),
    ]);
  });

  it("stops a role the moment its relationship is terminated", async () => {
    const { inside, resetAs, assign, created, partner } = await granularWorld();
    expect((await assign(["user_administrator"])).status).toBe(200);
    expect((await resetAs(inside.cookie)).status).toBe(201);
    const ended = await call(`/api/v1/${CLOUD}/admin-relationships/${created.id}`, {
      method: "DELETE",
      cookie: partner.cookie,
    });
    expect(ended.status).toBe(200);
    expect((await resetAs(inside.cookie)).status).toBe(403);
    // Nor can a terminated relationship be assigned again.
    expect((await assign(["user_administrator"])).status).toBe(409);
  });

  it("stops a role when its relationship expires, by the clock", async () => {
    const { inside, assign, customer } = await granularWorld();
    expect((await assign(["user_administrator"])).status).toBe(200);
    const at59 = await later(CLOUD, 59 * DAY, inside.email);
    const inTime = await at59(`/customers/${customer.customerId}/admin-password`, {
      method: "POST",
    });
    expect(inTime.status).toBe(201);
    const at61 = await later(CLOUD, 61 * DAY, inside.email);
    const reset = await at61(`/customers/${customer.customerId}/admin-password`, {
      method: "POST",
    });
    expect(reset.status).toBe(403);
  });

  it("keeps legacy delegated admin privileges working where the partner holds them", async () => {
    const { partner, customer } = await related(CLOUD);
    const agent = await staff(partner.partnerId);
    const reset = await call(`/api/v1/${CLOUD}/customers/${customer.customerId}/admin-password`, {
      method: "POST",
      cookie: agent.cookie,
    });
    expect(reset.status).toBe(201);
  });
});

describe("assignments", () => {
  it("take only the relationship's roles, the partner's groups and the partner's relationships", async () => {
    const { assign, group, created } = await granularWorld();
    const notGranted = await assign(["global_administrator"]);
    expect(notGranted.status).toBe(400);
    expect((await problemOf(notGranted)).errors).toEqual([
      expect.objectContaining({ path: "roles", code: "role_not_in_relationship" }),
    ]);
    const stranger = await signedInPartner(CLOUD);
    const foreignGroup = await createGroup(CLOUD, stranger.partnerId, [stranger.userId]);
    expect((await assign(["user_administrator"], foreignGroup.id)).status).toBe(404);
    const theirs = await call(
      `/api/v1/${CLOUD}/admin-relationships/${created.id}/assignments/${foreignGroup.id}`,
      { method: "PUT", cookie: stranger.cookie, body: { roles: ["user_administrator"] } },
    );
    expect(theirs.status).toBe(404);
    const own = await createGroup(CLOUD, stranger.partnerId, [stranger.userId]);
    const crossed = await call(
      `/api/v1/${CLOUD}/admin-relationships/${created.id}/assignments/${own.id}`,
      { method: "PUT", cookie: stranger.cookie, body: { roles: ["user_administrator"] } },
    );
    expect(crossed.status).toBe(404);
    expect(group.id).not.toBe(own.id);
  });

  it("are removed once, with their roles", async () => {
    const { inside, resetAs, assign, group, created, partner } = await granularWorld();
    expect((await assign(["user_administrator"])).status).toBe(200);
    const remove = () =>
      call(`/api/v1/${CLOUD}/admin-relationships/${created.id}/assignments/${group.id}`, {
        method: "DELETE",
        cookie: partner.cookie,
      });
    expect((await remove()).status).toBe(204);
    expect((await remove()).status).toBe(404);
    expect((await resetAs(inside.cookie)).status).toBe(403);
  });
});
