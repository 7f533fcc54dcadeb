/**
 * SPEC §6 (Session) and §7: a session is server-side — it ends at sign-out, at a password
 * change (every other session of the user), at an admin-password reset (every session of that
 * customer admin), after 8 h idle or 24 h in all, and whenever the user it stands for changes.
 */
import { describe, expect, it } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import { sha256Hex } from "../../worker/lib/crypto.ts";
import { call, createPartnerUser, dbOf, DEMO_PASSWORD, problemOf, signIn } from "./helpers.ts";
import {
  accept,
  addPartnerUser,
  appAt,
  callApp,
  invite,
  related,
  signedInPartner,
} from "./relationships-helpers.ts";

const HOUR_MS = 60 * 60 * 1000;

function me(cloud: CloudId, cookie: string) {
  return call(`/api/v1/${cloud}/session`, { cookie });
}

describe("a session ends when it should", () => {
  it("answers 401 to the same cookie after DELETE /session", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email);
    expect((await me("global", cookie)).status).toBe(200);
    const signedOut = await call("/api/v1/global/session", { method: "DELETE", cookie });
    expect(signedOut.status).toBe(204);
    const after = await me("global", cookie);
    expect(after.status).toBe(401);
    expect((await problemOf(after)).code).toBe("unauthorized");
    expect((await call("/api/v1/global/customers", { cookie })).status).toBe(401);
  });

  it("ends every other session of the user at a password change, keeping the current one", async () => {
    const { email } = await createPartnerUser("germany");
    const current = await signIn("germany", email);
    const other = await signIn("germany", email);
    const changed = await call("/api/v1/germany/session/password", {
      cookie: current,
      body: { currentPassword: DEMO_PASSWORD, newPassword: "Brand-New-Pass1" },
    });
    expect(changed.status).toBe(204);
    const renewed = (changed.headers.get("Set-Cookie") ?? "").split(";")[0] ?? current;
    expect((await me("germany", renewed)).status).toBe(200);
    expect((await me("germany", other)).status).toBe(401);
    expect((await call("/api/v1/germany/customers", { cookie: other })).status).toBe(401);
  });

  it("ends the customer admin's earlier sessions when a partner resets the admin password", async () => {
    const { partner, customer } = await related("global");
    const earlier = customer.cookie;
    const reset = await call(`/api/v1/global/customers/${customer.customerId}/admin-password`, {
      cookie: partner.cookie,
      body: {},
    });
    expect(reset.status).toBe(201);
    // The earlier session may neither accept an invitation nor see who it is.
    const other = await signedInPartner("global");
    const invitation = await invite("global", other.cookie);
    const accepted = await accept("global", earlier, invitation.token);
    expect(accepted.status).toBe(401);
    expect((await me("global", earlier)).status).toBe(401);
    const { results } = await dbOf("global")
      .prepare("SELECT id FROM relationships WHERE partner_id = ?1")
      .bind(other.partnerId)
      .all();
    expect(results).toEqual([]);
    // Signing in with the temporary password gives a session that must change it first.
    const { temporaryPassword } = (await reset.json<unknown>()) as { temporaryPassword: string };
    const fresh = await signIn("global", customer.email, temporaryPassword);
    const refused = await accept("global", fresh, invitation.token);
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).code).toBe("password_change_required");
  });

  it("signs out everywhere with DELETE /session?scope=all", async () => {
    const { email } = await createPartnerUser("usgov");
    const [a, b, c] = [
      await signIn("usgov", email),
      await signIn("usgov", email),
      await signIn("usgov", email),
    ];
    const response = await call("/api/v1/usgov/session?scope=all", { method: "DELETE", cookie: a });
    expect(response.status).toBe(204);
    expect(response.headers.get("Set-Cookie")).toMatch(/pp_session=;.*Max-Age=0/);
    for (const cookie of [a, b, c]) expect((await me("usgov", cookie)).status).toBe(401);
    const unknownScope = await call("/api/v1/usgov/session?scope=some", {
      method: "DELETE",
      cookie: await signIn("usgov", email),
    });
    expect(unknownScope.status).toBe(400);
  });

  it("expires after 8 hours idle (injected clock)", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email, DEMO_PASSWORD, appAt(0));
    const at = (ms: number) => callApp(appAt(ms), "/api/v1/global/session", { cookie });
    expect((await at(7 * HOUR_MS)).status).toBe(200);
    // 7 h of use moved the idle window: 14 h after sign-in is 7 h after the last request.
    expect((await at(14 * HOUR_MS)).status).toBe(200);
    expect((await at(22 * HOUR_MS + 60_000)).status).toBe(401);
    // Signing out of the idle-ended session still succeeds: 204, the cookie cleared, its row gone.
    const signOut = await callApp(appAt(22 * HOUR_MS + 90_000), "/api/v1/global/session", {
      method: "DELETE",
      cookie,
    });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get("Set-Cookie")).toMatch(/pp_session=;.*Max-Age=0/);
    const token = cookie.slice("pp_session=".length).split(".")[0] ?? "";
    const row = await dbOf("global")
      .prepare("SELECT 1 FROM sessions WHERE token_hash = ?1")
      .bind(await sha256Hex(token))
      .first();
    expect(row).toBeNull();
  });

  it("expires 24 hours after sign-in however active the session is (injected clock)", async () => {
    const { email } = await createPartnerUser("global");
    const cookie = await signIn("global", email, DEMO_PASSWORD, appAt(0));
    for (const hours of [4, 8, 12, 16, 20, 23.9]) {
      const response = await callApp(appAt(hours * HOUR_MS), "/api/v1/global/session", { cookie });
      expect(response.status, `${hours} h`).toBe(200);
    }
    const after = await callApp(appAt(24 * HOUR_MS + 1_000), "/api/v1/global/session", {
      cookie,
    });
    expect(after.status).toBe(401);
  });

  it("reads status, roles and the temporary-password flag from the database on every request", async () => {
    const db = dbOf("global");
    // Not a global admin: a partner's last active global admin cannot be disabled (0008).
    const disabled = await createPartnerUser("global", { roles: ["admin_agent"] });
    const disabledCookie = await signIn("global", disabled.email);
    await db
      .prepare("UPDATE users SET status = 'disabled' WHERE id = ?1")
      .bind(disabled.userId)
      .run();
    expect((await call("/api/v1/global/customers", { cookie: disabledCookie })).status).toBe(401);

    const demoted = await createPartnerUser("global", { roles: ["global_admin"] });
    // Another global admin stays, so this one may be demoted.
    await addPartnerUser("global", demoted.partnerId, ["global_admin"]);
    const demotedCookie = await signIn("global", demoted.email);
    expect((await call("/api/v1/global/audit", { cookie: demotedCookie })).status).toBe(200);
    await db
      .prepare(`UPDATE users SET roles = '["helpdesk_agent"]' WHERE id = ?1`)
      .bind(demoted.userId)
      .run();
    const audit = await call("/api/v1/global/audit", { cookie: demotedCookie });
    expect([401, 403]).toContain(audit.status);
    expect((await call("/api/v1/global/customers", { cookie: demotedCookie })).status).toBe(401);

    const flagged = await createPartnerUser("global");
    const flaggedCookie = await signIn("global", flagged.email);
    await db
      .prepare("UPDATE users SET must_change_password = 1 WHERE id = ?1")
      .bind(flagged.userId)
      .run();
    expect((await call("/api/v1/global/customers", { cookie: flaggedCookie })).status).not.toBe(
      200,
    );

    const suspended = await createPartnerUser("global");
    const suspendedCookie = await signIn("global", suspended.email);
    await db
      .prepare("UPDATE partners SET status = 'suspended' WHERE id = ?1")
      .bind(suspended.partnerId)
      .run();
    expect((await call("/api/v1/global/customers", { cookie: suspendedCookie })).status).toBe(401);
  });

  it("stores the session token only as its SHA-256 hash", async () => {
    const { email, userId } = await createPartnerUser("china");
    const cookie = await signIn("china", email);
    const token = cookie.slice(cookie.indexOf("=") + 1).split(".")[0] ?? "";
    expect(token.length).toBeGreaterThanOrEqual(43); // 32 random bytes, base64url
    const { results } = await dbOf("china")
      .prepare("SELECT token_hash FROM sessions WHERE user_id = ?1")
      .bind(userId)
      .all<{ token_hash: string }>();
    expect(results).toEqual([{ token_hash: await sha256Hex(token) }]);
    const dump = await dbOf("china")
      .prepare("SELECT count(*) AS n FROM sessions WHERE token_hash = ?1 OR user_id = ?1")
      .bind(token)
      .first<{ n: number }>();
    expect(dump?.n).toBe(0);
  });
});
