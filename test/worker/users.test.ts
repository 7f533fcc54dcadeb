import { describe, expect, it } from "vitest";
import type { PartnerUser, UserList } from "../../src/domain/schemas/user.ts";
import { call, dbOf, problemOf, signIn } from "./helpers.ts";
import {
  addColleague,
  as,
  auditCount,
  CHOSEN_PASSWORD,
  emailIn,
  signedInAdmin,
  signedInColleague,
  signInAndChange,
  storedUsers,
} from "./users-helpers.ts";

describe("partner users: a global admin adds a colleague", () => {
  it("who signs in, must change the temporary password, then works with their roles", async () => {
    const admin = await signedInAdmin("usgov");
    const email = emailIn(admin, "Jeanne.Martin");
    const added = await as(admin, "/users", {
      body: { displayName: "  Jeanne Martin ", email, roles: ["sales_agent", "admin_agent"] },
    });
    expect(added.status).toBe(201);
    expect(added.headers.get("Cache-Control")).toBe("no-store");
    const { user, temporaryPassword } = await added.json<{
      user: PartnerUser;
      temporaryPassword: string;
    }>();
    expect(added.headers.get("Location")).toBe(`/api/v1/usgov/users/${user.id}`);
    expect(user).toMatchObject({
      displayName: "Jeanne Martin",
      email: email.toLowerCase(),
      roles: ["admin_agent", "sales_agent"],
      status: "active",
      mustChangePassword: true,
    });
    expect(temporaryPassword).toMatch(/^.{22}$/);
    // Shown once: the database keeps a hash, never the password.
    const stored = await dbOf("usgov")
      .prepare("SELECT password_hash FROM users WHERE id = ?1")
      .bind(user.id)
      .first<{ password_hash: string }>();
    expect(stored?.password_hash).not.toContain(temporaryPassword);

    const temporary = await signIn("usgov", email, temporaryPassword);
    const session = await call("/api/v1/usgov/session", { cookie: temporary });
    expect(await session.json()).toMatchObject({ mustChangePassword: true, roles: user.roles });
    const blocked = await call("/api/v1/usgov/customers", { cookie: temporary });
    expect(blocked.status).toBe(403);
    expect((await problemOf(blocked)).code).toBe("password_change_required");

    const cookie = await signInAndChange("usgov", email, temporaryPassword);
    expect((await call("/api/v1/usgov/customers", { cookie })).status).toBe(200);
    // An admin agent is no global admin: partner user management is not theirs.
    const refused = await call("/api/v1/usgov/users", { cookie });
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).code).toBe("forbidden");
    expect((await signIn("usgov", email, CHOSEN_PASSWORD)).length).toBeGreaterThan(0);

    // Made a global admin: the session taken before ends; the next one has the new role.
    const promoted = await as(admin, `/users/${user.id}/roles`, {
      method: "PUT",
      body: { roles: ["global_admin"] },
    });
    expect(promoted.status).toBe(200);
    expect((await promoted.json<PartnerUser>()).roles).toEqual(["global_admin"]);
    expect((await call("/api/v1/usgov/customers", { cookie })).status).toBe(401);
    const again = await signIn("usgov", email, CHOSEN_PASSWORD);
    expect((await call("/api/v1/usgov/users", { cookie: again })).status).toBe(200);

    // The audit log names what happened and who did it.
    const audit = await as(admin, "/audit");
    const actions = (await audit.json<{ items: { action: string; actor: { name?: string } }[] }>())
      .items;
    expect(actions.map((record) => record.action)).toEqual(
      expect.arrayContaining(["user.created", "user.roles_changed", "user.password_changed"]),
    );
  });
});

describe("partner users: the list", () => {
  it("pages by name, searches name and email prefixes in any script, filters role and status", async () => {
    const admin = await signedInAdmin("global");
    const names = ["Жанна Петрова", "жора Иванов", "Zoé Durand", "Anna Berg", "Émile Roux"];
    const users: PartnerUser[] = [];
    for (const name of names) users.push((await addColleague(admin, ["sales_agent"], name)).user);
    const disabled = users[3]!;
    await as(admin, `/users/${disabled.id}/status`, {
      method: "PUT",
      body: { status: "disabled" },
    });

    const all: PartnerUser[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await as(admin, `/users?limit=2${query}`);
      expect(page.status).toBe(200);
      const body: UserList = await page.json<UserList>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      all.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(all.map((user) => user.displayName)).toEqual([
      "Anna Berg",
      "User " + admin.partnerId.slice(0, 8),
      "Zoé Durand",
      "Émile Roux",
      "Жанна Петрова",
      "жора Иванов",
    ]);

    const search = async (query: string) =>
      (await (await as(admin, `/users?${query}`)).json<UserList>()).items.map(
        (user) => user.displayName,
      );
    expect(await search(`q=${encodeURIComponent("ЖА")}`)).toEqual(["Жанна Петрова"]);
    expect(await search(`q=${encodeURIComponent("ж")}`)).toEqual(["Жанна Петрова", "жора Иванов"]);
    expect(await search(`q=${encodeURIComponent("colleague-")}`)).toHaveLength(5);
    expect(await search("status=disabled")).toEqual(["Anna Berg"]);
    expect(await search("role=global_admin")).toEqual(["User " + admin.partnerId.slice(0, 8)]);
    expect(await search("role=sales_agent&status=active")).toHaveLength(4);

    // A cursor is bound to its partner and filters.
    const first = await (await as(admin, "/users?limit=1")).json<UserList>();
    const other = await signedInAdmin("global");
    const foreign = await as(other, `/users?cursor=${encodeURIComponent(first.nextCursor ?? "")}`);
    expect(foreign.status).toBe(400);
    expect((await problemOf(foreign)).code).toBe("invalid_cursor");
  });
});

describe("partner users: email rules", () => {
  it("takes only the partner's own domain, and an email once in the cloud whatever its case", async () => {
    const admin = await signedInAdmin("germany");
    const { user } = await addColleague(admin, ["helpdesk_agent"]);
    const before = await auditCount("germany", admin.partnerId);

    const foreign = await as(admin, "/users", {
      language: "fr-FR",
      body: {
        displayName: "Outsider",
        email: "outsider@elsewhere.example",
        roles: ["sales_agent"],
      },
    });
    expect(foreign.status).toBe(400);
    const problem = await problemOf(foreign);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: "email", code: "email_domain" }),
    ]);
    expect(problem.errors?.[0]?.message).toContain(admin.domain);
    expect(problem.errors?.[0]?.message).toMatch(/domaine/);

    const taken = await as(admin, "/users", {
      body: { displayName: "Twin", email: user.email.toUpperCase(), roles: ["sales_agent"] },
    });
    expect(taken.status).toBe(409);
    expect((await problemOf(taken)).code).toBe("email_taken");
    expect(await auditCount("germany", admin.partnerId)).toBe(before);
    expect(await storedUsers("germany", admin.partnerId)).toHaveLength(2);

    // The database itself refuses the same email in another case, whoever writes.
    await expect(
      dbOf("germany")
        .prepare(
          `INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash,
             created_at, updated_at) VALUES (?1, ?2, 'Twin', 'partner', ?3, '[]', 'x', 'now', 'now')`,
        )
        .bind(crypto.randomUUID(), user.email.toUpperCase(), admin.partnerId)
        .run(),
    ).rejects.toThrow(/UNIQUE/);
  });

  it("frees a removed user's email for a new user", async () => {
    const admin = await signedInAdmin("global");
    const { user } = await addColleague(admin, ["sales_agent"]);
    expect((await as(admin, `/users/${user.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await as(admin, `/users/${user.id}`)).status).toBe(404);
    const again = await as(admin, "/users", {
      body: { displayName: "Newcomer", email: user.email, roles: ["sales_agent"] },
    });
    expect(again.status).toBe(201);
    expect((await again.json<{ user: PartnerUser }>()).user.id).not.toBe(user.id);
  });
});

describe("partner users: rights end with the user", () => {
  it("ends the sessions taken before a disable, a password reset and a removal", async () => {
    const admin = await signedInAdmin("global");
    const colleague = await signedInColleague(admin, ["admin_agent"]);
    const works = () => call("/api/v1/global/customers", { cookie: colleague.cookie });
    expect((await works()).status).toBe(200);

    const disable = await as(admin, `/users/${colleague.user.id}/status`, {
      method: "PUT",
      body: { status: "disabled" },
    });
    expect(disable.status).toBe(200);
    expect((await disable.json<PartnerUser>()).status).toBe("disabled");
    expect((await works()).status).toBe(401);
    const refused = await call("/api/v1/global/session", {
      body: { username: colleague.user.email, password: CHOSEN_PASSWORD },
    });
    expect(refused.status).toBe(401);

    const enable = await as(admin, `/users/${colleague.user.id}/status`, {
      method: "PUT",
      body: { status: "active" },
    });
    expect(enable.status).toBe(200);
    // Enabling does not bring an ended session back.
    expect((await works()).status).toBe(401);
    const fresh = await signIn("global", colleague.user.email, CHOSEN_PASSWORD);
    expect((await call("/api/v1/global/customers", { cookie: fresh })).status).toBe(200);

    const reset = await as(admin, `/users/${colleague.user.id}/password`, { body: {} });
    expect(reset.status).toBe(201);
    expect(reset.headers.get("Cache-Control")).toBe("no-store");
    const { temporaryPassword } = await reset.json<{ temporaryPassword: string }>();
    expect((await call("/api/v1/global/customers", { cookie: fresh })).status).toBe(401);
    const afterReset = await signIn("global", colleague.user.email, temporaryPassword);
    expect((await call("/api/v1/global/session", { cookie: afterReset })).status).toBe(200);
    const mustChange = await call("/api/v1/global/customers", { cookie: afterReset });
    expect((await problemOf(mustChange)).code).toBe("password_change_required");

    expect((await as(admin, `/users/${colleague.user.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call("/api/v1/global/session", { cookie: afterReset })).status).toBe(401);
    const gone = await call("/api/v1/global/session", {
      body: { username: colleague.user.email, password: temporaryPassword },
    });
    expect(gone.status).toBe(401);
    const stored = await storedUsers("global", admin.partnerId);
    expect(stored.find((user) => user.id === colleague.user.id)?.status).toBe("removed");
    // Nothing of the removed user is listed, and every operation on them is a 404.
    const list = await (await as(admin, "/users")).json<UserList>();
    expect(list.items.map((user) => user.id)).not.toContain(colleague.user.id);
    for (const [method, path, body] of [
      ["GET", "", undefined],
      ["PUT", "/roles", { roles: ["sales_agent"] }],
      ["PUT", "/status", { status: "active" }],
      ["POST", "/password", {}],
      ["DELETE", "", undefined],
    ] as const) {
      const response = await as(admin, `/users/${colleague.user.id}${path}`, {
        method,
        ...(body ? { body } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });

  it("keeps a removed actor's name in the audit log", async () => {
    const admin = await signedInAdmin("global");
    const colleague = await signedInColleague(admin, ["global_admin"]);
    const group = await call("/api/v1/global/groups", {
      cookie: colleague.cookie,
      body: { name: "Night shift" },
    });
    expect(group.status).toBe(201);
    expect((await as(admin, `/users/${colleague.user.id}`, { method: "DELETE" })).status).toBe(204);
    const audit = await (
      await as(admin, "/audit")
    ).json<{ items: { action: string; actor: { id: string; name?: string } }[] }>();
    const created = audit.items.find((record) => record.action === "group.created");
    expect(created?.actor).toEqual({ id: colleague.user.id, name: "Colleague" });
  });
});
