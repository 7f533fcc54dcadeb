/**
 * A partner always keeps one active global admin (migration 0008's triggers): the last one
 * cannot be demoted, disabled or removed — through the API, concurrently, or by any other
 * writer of the database.
 */
import { describe, expect, it } from "vitest";
import { dbOf, problemOf, signIn } from "./helpers.ts";
import { addPartnerUser } from "./relationships-helpers.ts";
import {
  activeGlobalAdmins,
  as,
  auditCount,
  signedInAdmin,
  signedInColleague,
} from "./users-helpers.ts";

describe("the last global admin", () => {
  it("cannot be demoted, disabled or removed; the refusal is a localized 409", async () => {
    const admin = await signedInAdmin("global");
    const before = await auditCount("global", admin.partnerId);
    const attempts = [
      { method: "PUT", path: "/roles", body: { roles: ["admin_agent"] } },
      { method: "PUT", path: "/status", body: { status: "disabled" } },
      { method: "DELETE", path: "", body: undefined },
    ] as const;
    for (const attempt of attempts) {
      const response = await as(admin, `/users/${admin.userId}${attempt.path}`, {
        method: attempt.method,
        language: "ru-RU",
        ...(attempt.body ? { body: attempt.body } : {}),
      });
      expect(response.status, attempt.method + attempt.path).toBe(409);
      const problem = await problemOf(response);
      expect(problem.code).toBe("last_global_admin");
      expect(problem.title).toMatch(/администратор/);
    }
    // Nothing was written, and the admin's session goes on.
    expect(await auditCount("global", admin.partnerId)).toBe(before);
    expect((await as(admin, "/users")).status).toBe(200);

    // The database refuses it whoever writes.
    const db = dbOf("global");
    for (const statement of [
      `UPDATE users SET roles = '["sales_agent"]' WHERE id = ?1`,
      "UPDATE users SET status = 'disabled' WHERE id = ?1",
      "UPDATE users SET status = 'removed' WHERE id = ?1",
      "DELETE FROM users WHERE id = ?1",
    ]) {
      await expect(db.prepare(statement).bind(admin.userId).run(), statement).rejects.toThrow(
        /last_global_admin/,
      );
    }
    expect(await activeGlobalAdmins("global", admin.partnerId)).toBe(1);
  });

  it("can step down once another global admin is active", async () => {
    const admin = await signedInAdmin("germany");
    const other = await signedInColleague(admin, ["global_admin"]);
    const demoted = await as(admin, `/users/${admin.userId}/roles`, {
      method: "PUT",
      body: { roles: ["admin_agent"] },
    });
    expect(demoted.status).toBe(200);
    // Their own session ended with their roles; the other admin is now the last one.
    expect((await as(admin, "/users")).status).toBe(401);
    const last = await as(other, `/users/${other.user.id}/status`, {
      method: "PUT",
      body: { status: "disabled" },
    });
    expect(last.status).toBe(409);
  });

  it(
    "holds under 20 concurrent demote and disable requests: exactly 19 succeed",
    { timeout: 60_000 },
    async () => {
      const first = await signedInAdmin("usgov");
      const admins = [{ userId: first.userId, cookie: first.cookie }];
      for (let i = 0; i < 19; i++) {
        const email = await addPartnerUser("usgov", first.partnerId, ["global_admin"]);
        const row = await dbOf("usgov")
          .prepare("SELECT id FROM users WHERE email = ?1")
          .bind(email)
          .first<{ id: string }>();
        admins.push({ userId: row?.id ?? "", cookie: await signIn("usgov", email) });
      }
      expect(await activeGlobalAdmins("usgov", first.partnerId)).toBe(20);
      // Each admin steps down at once: half by a demotion, half by disabling themselves.
      const responses = await Promise.all(
        admins.map((admin, index) =>
          as(
            { cloud: "usgov", cookie: admin.cookie },
            `/users/${admin.userId}/${index % 2 ? "roles" : "status"}`,
            {
              method: "PUT",
              body: index % 2 ? { roles: ["helpdesk_agent"] } : { status: "disabled" },
            },
          ),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses.filter((status) => status === 200)).toHaveLength(19);
      expect(statuses.filter((status) => status === 409)).toHaveLength(1);
      const refused = responses.find((response) => response.status === 409);
      expect((await problemOf(refused!)).code).toBe("last_global_admin");
      expect(await activeGlobalAdmins("usgov", first.partnerId)).toBe(1);
    },
  );

  it(
    "holds when two admins demote or disable each other at the same moment",
    { timeout: 60_000 },
    async () => {
      for (const change of [
        { path: "roles", body: { roles: ["sales_agent"] } },
        { path: "status", body: { status: "disabled" } },
      ]) {
        const results = await Promise.all(
          Array.from({ length: 4 }, async () => {
            const a = await signedInAdmin("global");
            const b = await signedInColleague(a, ["global_admin"]);
            const [byA, byB] = await Promise.all([
              as(a, `/users/${b.user.id}/${change.path}`, { method: "PUT", body: change.body }),
              as(b, `/users/${a.userId}/${change.path}`, { method: "PUT", body: change.body }),
            ]);
            return {
              statuses: [byA.status, byB.status].sort(),
              left: await activeGlobalAdmins("global", a.partnerId),
            };
          }),
        );
        for (const result of results) {
          // The first write wins; the other admin's session ended with their rights (401).
          expect(result.statuses, change.path).toEqual([200, 401]);
          expect(result.left).toBe(1);
        }
      }
    },
  );
});
