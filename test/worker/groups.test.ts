import { describe, expect, it } from "vitest";
import type { GroupList, GroupMemberList, PartnerGroup } from "../../src/domain/schemas/user.ts";
import { dbOf, problemOf } from "./helpers.ts";
import { addColleague, as, auditCount, signedInAdmin } from "./users-helpers.ts";

async function addGroup(admin: Awaited<ReturnType<typeof signedInAdmin>>, name: string) {
  const response = await as(admin, "/groups", { body: { name } });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<PartnerGroup>();
}

describe("partner groups", () => {
  it("are added, listed, renamed and removed, with names unique whatever their case", async () => {
    const admin = await signedInAdmin("global");
    const night = await addGroup(admin, "Ночная смена");
    const desk = await addGroup(admin, "Help desk");
    expect(night).toMatchObject({ name: "Ночная смена", memberCount: 0 });

    const before = await auditCount("global", admin.partnerId);
    const twin = await as(admin, "/groups", { body: { name: "НОЧНАЯ СМЕНА" }, language: "fr-FR" });
    expect(twin.status).toBe(409);
    const problem = await problemOf(twin);
    expect(problem.code).toBe("group_name_taken");
    expect(problem.title).toMatch(/groupe/i);
    const renamedIntoTaken = await as(admin, `/groups/${desk.id}`, {
      method: "PUT",
      body: { name: "ночная СМЕНА" },
    });
    expect(renamedIntoTaken.status).toBe(409);
    expect(await auditCount("global", admin.partnerId)).toBe(before);

    const renamed = await as(admin, `/groups/${desk.id}`, {
      method: "PUT",
      body: { name: "Service desk" },
    });
    expect(renamed.status).toBe(200);
    expect((await renamed.json<PartnerGroup>()).name).toBe("Service desk");
    // Renaming to the same name in another case is no conflict with itself.
    const recased = await as(admin, `/groups/${desk.id}`, {
      method: "PUT",
      body: { name: "SERVICE desk" },
    });
    expect(recased.status).toBe(200);

    const first = await (await as(admin, "/groups?limit=1")).json<GroupList>();
    expect(first.items.map((group) => group.name)).toEqual(["SERVICE desk"]);
    const second = await (
      await as(admin, `/groups?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)
    ).json<GroupList>();
    expect(second).toEqual({
      items: [expect.objectContaining({ name: "Ночная смена" })],
      nextCursor: null,
    });

    expect((await as(admin, `/groups/${night.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await as(admin, `/groups/${night.id}`, { method: "DELETE" })).status).toBe(404);
    // A removed group's name is free again.
    await addGroup(admin, "Ночная смена");
  });

  it("keep the partner's own users as members", async () => {
    const admin = await signedInAdmin("usgov");
    const group = await addGroup(admin, "Renewals");
    const { user } = await addColleague(admin, ["sales_agent"], "Sam Seller");
    const members = `/groups/${group.id}/members`;
    expect((await as(admin, members, { body: { userId: user.id } })).status).toBe(204);
    // Adding a member twice changes nothing.
    const auditBefore = await auditCount("usgov", admin.partnerId);
    expect((await as(admin, members, { body: { userId: user.id.toUpperCase() } })).status).toBe(
      204,
    );
    expect(await auditCount("usgov", admin.partnerId)).toBe(auditBefore);
    const list = await (await as(admin, members)).json<GroupMemberList>();
    expect(list.items).toEqual([
      expect.objectContaining({ id: user.id, displayName: "Sam Seller", status: "active" }),
    ]);
    const groups = await (await as(admin, "/groups")).json<GroupList>();
    expect(groups.items[0]?.memberCount).toBe(1);

    // Another partner's user is no one this partner can add (404, nothing written).
    const other = await signedInAdmin("usgov");
    const foreign = await as(admin, members, { body: { userId: other.userId } });
    expect(foreign.status).toBe(404);
    // Nor can another writer of the database: the table's trigger refuses it.
    await expect(
      dbOf("usgov")
        .prepare(
          "INSERT INTO partner_group_members (group_id, user_id, added_at) VALUES (?1, ?2, 'now')",
        )
        .bind(group.id, other.userId)
        .run(),
    ).rejects.toThrow(/group_member_foreign/);

    expect((await as(admin, `${members}/${user.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await as(admin, `${members}/${user.id}`, { method: "DELETE" })).status).toBe(404);

    // A removed user leaves every group and cannot join one.
    expect((await as(admin, members, { body: { userId: user.id } })).status).toBe(204);
    expect((await as(admin, `/users/${user.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await (await as(admin, members)).json<GroupMemberList>()).items).toEqual([]);
    expect((await as(admin, members, { body: { userId: user.id } })).status).toBe(404);
  });
});
