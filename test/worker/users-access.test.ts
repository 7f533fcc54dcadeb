/**
 * Who reaches partner user management: global admins only (403 for every other role, 401 for
 * nobody), only their own partner's users and groups (404 for anyone else's, in this cloud or
 * another), and bad input is a localized 400 that writes nothing.
 */
import { describe, expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles.ts";
import type { PartnerGroup } from "../../src/domain/schemas/user.ts";
import { call, problemOf } from "./helpers.ts";
import { diffDumps, dumpDatabase } from "./suites/support.ts";
import { addColleague, as, emailIn, signedInAdmin, signedInColleague } from "./users-helpers.ts";

/** Every users and groups operation, with ids filled in and a body that would be valid. */
function operations(ids: { user: string; group: string; member: string }) {
  return [
    ["GET", "/users", undefined],
    [
      "POST",
      "/users",
      { displayName: "New", email: "new@nowhere.example", roles: ["sales_agent"] },
    ],
    ["GET", `/users/${ids.user}`, undefined],
    ["PUT", `/users/${ids.user}/roles`, { roles: ["helpdesk_agent"] }],
    ["PUT", `/users/${ids.user}/status`, { status: "disabled" }],
    ["POST", `/users/${ids.user}/password`, {}],
    ["DELETE", `/users/${ids.user}`, undefined],
    ["GET", "/groups", undefined],
    ["POST", "/groups", { name: "Group" }],
    ["PUT", `/groups/${ids.group}`, { name: "Renamed" }],
    ["DELETE", `/groups/${ids.group}`, undefined],
    ["GET", `/groups/${ids.group}/members`, undefined],
    ["POST", `/groups/${ids.group}/members`, { userId: ids.member }],
    ["DELETE", `/groups/${ids.group}/members/${ids.member}`, undefined],
  ] as const;
}

async function victim() {
  const admin = await signedInAdmin("global");
  const { user } = await addColleague(admin, ["sales_agent"]);
  const group = await (
    await as(admin, "/groups", { body: { name: "Victims" } })
  ).json<PartnerGroup>();
  await as(admin, `/groups/${group.id}/members`, { body: { userId: user.id } });
  return { admin, ids: { user: user.id, group: group.id, member: user.id } };
}

describe("partner user management: access", () => {
  it(
    "refuses every role but global admin (403) and nobody (401)",
    { timeout: 60_000 },
    async () => {
      const { admin, ids } = await victim();
      const others = ROLES.filter((role) => role !== "global_admin");
      const colleagues = await Promise.all(others.map((role) => signedInColleague(admin, [role])));
      const before = await dumpDatabase("global");
      for (const [method, path, body] of operations(ids)) {
        for (const [index, colleague] of colleagues.entries()) {
          const response = await call(`/api/v1/global${path}`, {
            method,
            cookie: colleague.cookie,
            ...(body ? { body } : {}),
          });
          expect(response.status, `${others[index]} ${method} ${path}`).toBe(403);
          expect((await problemOf(response)).code).toBe("forbidden");
        }
        const anonymous = await call(`/api/v1/global${path}`, {
          method,
          ...(body ? { body } : {}),
        });
        expect(anonymous.status, `nobody ${method} ${path}`).toBe(401);
      }
      expect(diffDumps(before, await dumpDatabase("global"))).toEqual([]);
    },
  );

  it(
    "answers 404 for another partner's or another cloud's users and groups",
    { timeout: 60_000 },
    async () => {
      const { ids } = await victim();
      const attacker = await signedInAdmin("global");
      const elsewhere = await signedInAdmin("germany");
      const own = await addColleague(attacker, ["sales_agent"]);
      const ownGroup = await (
        await as(attacker, "/groups", { body: { name: "Mine" } })
      ).json<PartnerGroup>();
      const before = await dumpDatabase("global");
      const cases = [
        ...operations(ids).filter(
          ([, path]) => path.includes(ids.user) || path.includes(ids.group),
        ),
        // The attacker's own group with the victim's user, and the victim's group with its own.
        ["POST", `/groups/${ownGroup.id}/members`, { userId: ids.user }],
        ["DELETE", `/groups/${ownGroup.id}/members/${ids.user}`, undefined],
        ["POST", `/groups/${ids.group}/members`, { userId: own.user.id }],
      ] as const;
      for (const [method, path, body] of cases) {
        for (const caller of [attacker, elsewhere]) {
          const response = await as(caller, path, { method, ...(body ? { body } : {}) });
          expect(response.status, `${caller.cloud} ${method} ${path}`).toBe(404);
          expect(await response.text()).not.toContain(ids.user);
        }
      }
      expect(diffDumps(before, await dumpDatabase("global"))).toEqual([]);
    },
  );

  it("answers bad input with a localized 400 and writes nothing", async () => {
    const admin = await signedInAdmin("global");
    const { user } = await addColleague(admin, ["sales_agent"]);
    const group = await (
      await as(admin, "/groups", { body: { name: "Desk" } })
    ).json<PartnerGroup>();
    const email = emailIn(admin);
    const cases = [
      ["POST", "/users", { displayName: "A", email, roles: [] }, "roles", "too_small"],
      ["POST", "/users", { displayName: "A", email, roles: ["root"] }, "roles.0", "invalid_value"],
      [
        "POST",
        "/users",
        { displayName: "A", email, roles: ["sales_agent", "sales_agent"] },
        "roles",
        "role_duplicate",
      ],
      [
        "POST",
        "/users",
        { displayName: "A\nB", email, roles: ["sales_agent"] },
        "displayName",
        "control_characters",
      ],
      [
        "POST",
        "/users",
        { displayName: "   ", email, roles: ["sales_agent"] },
        "displayName",
        "required",
      ],
      [
        "POST",
        "/users",
        { displayName: "A", email: "not an email", roles: ["sales_agent"] },
        "email",
        "invalid_email",
      ],
      [
        "POST",
        "/users",
        { displayName: "A", email, roles: ["sales_agent"], status: "active" },
        "status",
        "unrecognized_key",
      ],
      ["PUT", `/users/${user.id}/roles`, { roles: "global_admin" }, "roles", "invalid_type"],
      ["PUT", `/users/${user.id}/status`, { status: "removed" }, "status", "invalid_value"],
      ["POST", `/users/${user.id}/password`, { password: "mine" }, "password", "unrecognized_key"],
      ["POST", "/groups", { name: "x".repeat(101) }, "name", "too_long"],
      ["PUT", `/groups/${group.id}`, { name: "" }, "name", "required"],
      ["POST", `/groups/${group.id}/members`, { userId: "nobody" }, "userId", "invalid_format"],
    ] as const;
    const before = await dumpDatabase("global");
    for (const [method, path, body, field, code] of cases) {
      const response = await as(admin, path, { method, body, language: "fr-FR" });
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors).toContainEqual(expect.objectContaining({ path: field, code }));
      expect(problem.title).not.toMatch(/^errors\./);
    }
    const query = await as(admin, "/users?role=root");
    expect(query.status).toBe(400);
    expect(diffDumps(before, await dumpDatabase("global"))).toEqual([]);
  });
});
