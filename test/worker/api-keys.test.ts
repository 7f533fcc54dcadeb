/**
 * API keys (SPEC §6, API key): a global admin creates a key with a subset of their permissions,
 * sees its secret once, lists and revokes it; the key authenticates `Authorization: Bearer
 * pk_<cloud>_…` only while it, its partner and its creator's rights stand behind it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KEY_PERMISSIONS, type ApiKeyList } from "../../src/domain/schemas/api-key.ts";
import type { AuditList } from "../../src/domain/schemas/audit.ts";
import { createApp } from "../../worker/app.ts";
import { base64url, fromBase64url } from "../../worker/lib/crypto.ts";
import { createApiKey, keyHeaders } from "./api-keys-fixtures.ts";
import { customerBody, partnerSession, type PartnerSession } from "./customers-fixtures.ts";
import { apiRequest, call, dbOf, DEMO_PASSWORD, fetchApp, problemOf, signIn } from "./helpers.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A request made with key `secret`. */
function withKey(secret: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return call(path, { ...init, headers: keyHeaders(secret) });
}

/** What the partner has stored: its keys and its audit records (apart from sign-ins and outs). */
async function storedOf(partnerId: string) {
  const db = dbOf("global");
  const row = await db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM api_keys WHERE partner_id = ?1) AS keys,
              (SELECT COUNT(*) FROM audit_records
               WHERE partner_id = ?1 AND action NOT LIKE 'session.%') AS audit`,
    )
    .bind(partnerId)
    .first<{ keys: number; audit: number }>();
  return row;
}

async function auditOf(session: PartnerSession): Promise<AuditList> {
  const response = await call(`/api/v1/${session.cloud}/audit`, { cookie: session.cookie });
  expect(response.status).toBe(200);
  return response.json<AuditList>();
}

describe("API keys", () => {
  it("are created with their secret shown once, listed without it, and used as the key", async () => {
    const admin = await partnerSession("global");
    const response = await call("/api/v1/global/api-keys", {
      cookie: admin.cookie,
      body: {
        name: "Nightly sync",
        permissions: ["customers.create", "customers.read"],
        expiresInDays: 90,
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const created = await response.json<{ apiKey: { id: string }; secret: string }>();
    expect(created.secret).toMatch(/^pk_global_[\w-]{110}$/);
    expect(created.apiKey).toMatchObject({
      name: "Nightly sync",
      // Stored in one order, whatever the request's.
      permissions: ["customers.read", "customers.create"],
      state: "active",
      lastUsedAt: null,
      createdBy: { id: admin.userId },
    });
    // Only the hash is stored.
    const stored = await dbOf("global")
      .prepare("SELECT key_hash, permissions FROM api_keys WHERE id = ?1")
      .bind(created.apiKey.id)
      .first<{ key_hash: string; permissions: string }>();
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.secret.slice(10, 40));

    // A read and a write with the key.
    expect((await withKey(created.secret, "/api/v1/global/customers")).status).toBe(200);
    const write = await withKey(created.secret, "/api/v1/global/customers", {
      body: customerBody("global"),
    });
    expect(write.status).toBe(201);
    const customerId = (await write.json<{ customer: { id: string } }>()).customer.id;

    // The list shows the key, its last use, and never the secret.
    const list = await call("/api/v1/global/api-keys", { cookie: admin.cookie });
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain(created.secret.slice(10, 40));
    const page = JSON.parse(text) as ApiKeyList;
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: created.apiKey.id,
      lastUsedAt: expect.any(String) as string,
    });

    // The audit log shows the key as the actor of its write and of each use.
    const { items } = await auditOf(admin);
    const byKey = items.filter((record) => record.actor.id === created.apiKey.id);
    expect(byKey.map((record) => record.action).sort()).toEqual([
      "api_key.used",
      "api_key.used",
      "customer.created",
    ]);
    for (const record of byKey) {
      expect(record.actor).toEqual({ id: created.apiKey.id, name: "Nightly sync", kind: "apiKey" });
    }
    expect(byKey.find((r) => r.action === "customer.created")?.target.id).toBe(customerId);
    expect(byKey.find((r) => r.action === "api_key.used")?.details).toEqual({
      method: expect.stringMatching(/^(GET|POST)$/) as string,
      route: "/api/v1/:cloud/customers",
    });
    expect(items.find((r) => r.action === "api_key.created")).toMatchObject({
      actor: { id: admin.userId },
      target: { type: "api_key", id: created.apiKey.id, name: "Nightly sync" },
    });
    // The CSV says who acted in words.
    const csv = await (
      await call("/api/v1/global/audit/export.csv", { cookie: admin.cookie })
    ).text();
    expect(csv).toContain('"API key Nightly sync"');
  });

  it("creates and revokes invitations, its creator named as the user behind them", async () => {
    const admin = await partnerSession("global");
    const { secret, apiKey } = await createApiKey(admin, { permissions: ["invitations.write"] });
    const created = await withKey(secret, "/api/v1/global/invitations", { body: { locale: "en" } });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: string }>();
    const row = await dbOf("global")
      .prepare("SELECT created_by FROM invitations WHERE id = ?1")
      .bind(id)
      .first<{ created_by: string }>();
    expect(row?.created_by).toBe(admin.userId);
    const revoked = await withKey(secret, `/api/v1/global/invitations/${id}`, { method: "DELETE" });
    expect(revoked.status).toBe(204);
    const { items } = await auditOf(admin);
    expect(
      items
        .filter((record) => record.target.id === id)
        .map((record) => [record.action, record.actor.id])
        .sort(),
    ).toEqual([
      ["invitation.created", apiKey.id],
      ["invitation.revoked", apiKey.id],
    ]);
  });

  it("is refused at once when revoked, and revoking twice or someone else's is handled", async () => {
    const admin = await partnerSession("global");
    const { secret, apiKey } = await createApiKey(admin);
    expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(200);
    const revoked = await call(`/api/v1/global/api-keys/${apiKey.id}`, {
      method: "DELETE",
      cookie: admin.cookie,
    });
    expect(revoked.status).toBe(204);
    const refused = await withKey(secret, "/api/v1/global/customers");
    expect(refused.status).toBe(401);
    expect((await problemOf(refused)).code).toBe("unauthorized");
    const again = await call(`/api/v1/global/api-keys/${apiKey.id}`, {
      method: "DELETE",
      cookie: admin.cookie,
    });
    expect(again.status).toBe(204);
    const list = await (
      await call("/api/v1/global/api-keys", { cookie: admin.cookie })
    ).json<ApiKeyList>();
    expect(list.items[0]).toMatchObject({
      state: "revoked",
      revokedAt: expect.any(String) as string,
    });

    // Another partner's key is as absent as a key that never existed.
    const other = await partnerSession("global");
    const foreign = await createApiKey(other);
    const before = await storedOf(other.partnerId);
    for (const id of [foreign.apiKey.id, crypto.randomUUID()]) {
      const response = await call(`/api/v1/global/api-keys/${id}`, {
        method: "DELETE",
        cookie: admin.cookie,
      });
      expect(response.status).toBe(404);
    }
    expect(await storedOf(other.partnerId)).toEqual(before);
    expect((await withKey(foreign.secret, "/api/v1/global/customers")).status).toBe(200);
    const mine = await (
      await call("/api/v1/global/api-keys", { cookie: admin.cookie })
    ).json<ApiKeyList>();
    expect(mine.items.map((item) => item.id)).toEqual([apiKey.id]);
  });

  it("expires by the request's clock", async () => {
    const admin = await partnerSession("global");
    const { secret } = await createApiKey(admin, { expiresInDays: 1 });
    const at = (offset: number) => createApp({ now: () => Date.now() + offset });
    const request = () => apiRequest("/api/v1/global/customers", { headers: keyHeaders(secret) });
    expect((await fetchApp(at(DAY_MS - 60_000), request(), env)).status).toBe(200);
    expect((await fetchApp(at(DAY_MS + 60_000), request(), env)).status).toBe(401);
    // Its admin, signed in then, sees it expired.
    const later = at(DAY_MS + 60_000);
    const cookie = await signIn("global", admin.email, DEMO_PASSWORD, later);
    const list = await (
      await fetchApp(later, apiRequest("/api/v1/global/api-keys", { cookie }), env)
    ).json<ApiKeyList>();
    expect(list.items[0]?.state).toBe("expired");
  });

  it("can do only what its permissions allow", async () => {
    const admin = await partnerSession("global");
    const { secret } = await createApiKey(admin, { permissions: ["customers.read"] });
    expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(200);
    const create = await withKey(secret, "/api/v1/global/customers", {
      body: customerBody("global"),
    });
    expect(create.status).toBe(403);
    expect((await problemOf(create)).code).toBe("forbidden");
    expect((await withKey(secret, "/api/v1/global/audit")).status).toBe(403);
    // A key never manages keys, whatever it holds.
    const all = await createApiKey(admin, { permissions: [...KEY_PERMISSIONS] });
    expect((await withKey(all.secret, "/api/v1/global/api-keys")).status).toBe(403);
    const mint = await withKey(all.secret, "/api/v1/global/api-keys", {
      body: { name: "Child", permissions: ["customers.read"], expiresInDays: 1 },
    });
    expect(mint.status).toBe(403);
  });

  it("refuses permissions a key may not hold, and callers who may not make keys", async () => {
    const admin = await partnerSession("global");
    const before = await storedOf(admin.partnerId);
    const response = await call("/api/v1/global/api-keys", {
      cookie: admin.cookie,
      language: "fr-FR",
      body: {
        name: "Escalate",
        permissions: ["customers.read", "apiKeys.manage"],
        expiresInDays: 30,
      },
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("api_key_permissions_invalid");
    expect(problem.title).toBe("Autorisations impossibles pour une clé");
    expect(problem.errors).toEqual([
      {
        path: "permissions.1",
        code: "permission_not_allowed",
        message: "Une clé API ne peut pas recevoir cette autorisation.",
      },
    ]);
    // Unknown permissions are not permissions at all.
    const unknown = await call("/api/v1/global/api-keys", {
      cookie: admin.cookie,
      body: { name: "Escalate", permissions: ["users.everything"], expiresInDays: 30 },
    });
    expect(unknown.status).toBe(400);
    expect(await storedOf(admin.partnerId)).toEqual(before);

    for (const role of ["admin_agent", "sales_agent", "helpdesk_agent"] as const) {
      const agent = await partnerSession("global", { roles: [role] });
      const refused = await call("/api/v1/global/api-keys", {
        cookie: agent.cookie,
        body: { name: "Mine", permissions: ["customers.read"], expiresInDays: 30 },
      });
      expect(refused.status, role).toBe(403);
      expect((await call("/api/v1/global/api-keys", { cookie: agent.cookie })).status, role).toBe(
        403,
      );
      expect(await storedOf(agent.partnerId), role).toEqual({ keys: 0, audit: 0 });
    }
  });

  it("answers bad input with a localized 400 and stores nothing", async () => {
    const admin = await partnerSession("global");
    const before = await storedOf(admin.partnerId);
    const year = new Date(Date.now() + 366 * DAY_MS).toISOString();
    const bodies: [unknown, string][] = [
      [{ name: "", permissions: ["customers.read"], expiresInDays: 30 }, "name"],
      [{ name: "x".repeat(101), permissions: ["customers.read"], expiresInDays: 30 }, "name"],
      [{ name: "Tab\there", permissions: ["customers.read"], expiresInDays: 30 }, "name"],
      [{ name: "No permissions", permissions: [], expiresInDays: 30 }, "permissions"],
      [{ name: "Too long", permissions: ["customers.read"], expiresInDays: 366 }, "expiresInDays"],
      [{ name: "Never", permissions: ["customers.read"] }, "expiresInDays"],
      [
        { name: "Both", permissions: ["customers.read"], expiresInDays: 3, expiresAt: year },
        "expiresInDays",
      ],
      [
        { name: "Past", permissions: ["customers.read"], expiresAt: "2020-01-01T00:00:00Z" },
        "expiresAt",
      ],
      [{ name: "Far", permissions: ["customers.read"], expiresAt: year }, "expiresAt"],
      [
        { name: "Extra", permissions: ["customers.read"], expiresInDays: 3, secret: "mine" },
        "secret",
      ],
    ];
    for (const [body, path] of bodies) {
      const response = await call("/api/v1/global/api-keys", {
        cookie: admin.cookie,
        language: "ru-RU",
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = await problemOf(response);
      expect(
        problem.errors?.map((error) => error.path),
        JSON.stringify(body),
      ).toContain(path);
      expect(problem.title).toMatch(/[а-я]/);
    }
    const exact = await call("/api/v1/global/api-keys", {
      cookie: admin.cookie,
      body: {
        name: "Within a year",
        permissions: ["customers.read"],
        expiresAt: new Date(Date.now() + 364 * DAY_MS).toISOString(),
      },
    });
    expect(exact.status).toBe(201);
    expect(await storedOf(admin.partnerId)).toEqual({
      keys: (before?.keys ?? 0) + 1,
      audit: (before?.audit ?? 0) + 1,
    });
  });
});

describe("an API key ends with the rights behind it", () => {
  /** A global admin's key, working before the change. */
  async function liveKey() {
    const admin = await partnerSession("global");
    const created = await createApiKey(admin, {
      permissions: ["customers.read", "customers.update"],
    });
    expect((await withKey(created.secret, "/api/v1/global/customers")).status).toBe(200);
    // A second global admin, so the creator may lose its rights (a partner always keeps one).
    const other = crypto.randomUUID();
    await dbOf("global")
      .prepare(
        `INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash,
           created_at, updated_at)
         SELECT ?1, 'other-' || ?1 || '@' || email_domain, 'Other admin', 'partner', id,
           '["global_admin"]', 'x', ?2, ?2
         FROM partners WHERE id = ?3`,
      )
      .bind(other, new Date().toISOString(), admin.partnerId)
      .run();
    return { admin, ...created };
  }

  it("when its creator is disabled or removed", async () => {
    const { admin, secret } = await liveKey();
    const db = dbOf("global");
    await db.prepare("UPDATE users SET status = 'disabled' WHERE id = ?1").bind(admin.userId).run();
    expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(401);
    await db.prepare("UPDATE users SET status = 'active' WHERE id = ?1").bind(admin.userId).run();
    expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(200);

    const removed = await liveKey();
    await db.batch([
      db.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(removed.admin.userId),
      db.prepare("DELETE FROM users WHERE id = ?1").bind(removed.admin.userId),
    ]);
    expect((await withKey(removed.secret, "/api/v1/global/customers")).status).toBe(401);
  });

  it("when its creator no longer holds one of its permissions", async () => {
    const { admin, secret } = await liveKey();
    // A sales agent may read customers but not update them: the key held both.
    await dbOf("global")
      .prepare(`UPDATE users SET roles = '["sales_agent"]' WHERE id = ?1`)
      .bind(admin.userId)
      .run();
    expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(401);
  });

  it("when its partner is suspended", async () => {
    const { admin, secret } = await liveKey();
    await dbOf("global")
      .prepare("UPDATE partners SET status = 'suspended' WHERE id = ?1")
      .bind(admin.partnerId)
      .run();
    expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(401);
  });

  it("and means nothing in another cloud, or edited", async () => {
    const { secret } = await liveKey();
    for (const cloud of ["usgov", "germany", "china"] as const) {
      expect((await withKey(secret, `/api/v1/${cloud}/customers`)).status, cloud).toBe(401);
      // Even with the prefix made to match, the other cloud's database does not know it.
      const renamed = secret.replace(/^pk_global_/, `pk_${cloud}_`);
      expect((await withKey(renamed, `/api/v1/${cloud}/customers`)).status, cloud).toBe(401);
    }
    // Claiming more permissions changes the key, which is then no key at all.
    const tail = fromBase64url(secret.slice("pk_global_".length));
    tail[tail.length - 1] = 0x7f;
    const edited = `pk_global_${base64url(tail)}`;
    expect((await withKey(edited, "/api/v1/global/customers/export.csv")).status).toBe(401);
    expect((await withKey("pk_global_short", "/api/v1/global/customers")).status).toBe(401);
  });
});

describe("API key write limit", () => {
  it(
    "is per key, apart from the partner's staff budget, and answers 429 past it",
    { timeout: 120_000 },
    async () => {
      const admin = await partnerSession("global");
      const { secret } = await createApiKey(admin, {
        permissions: ["customers.read", "customers.update"],
      });
      const id = crypto.randomUUID();
      // An empty PATCH is refused as bad input, after it has been counted.
      const patch = (headers: Record<string, string>, cookie?: string) =>
        call(`/api/v1/global/customers/${id}`, {
          method: "PATCH",
          body: {},
          headers: { "If-Match": '"v1"', ...headers },
          ...(cookie ? { cookie } : {}),
        });
      // The staff spend their whole budget (120 a minute): the key still writes.
      // The limiter counts in fixed one-minute windows: a run that crosses a boundary gets a
      // second window's worth, so the figures are bounded, not exact.
      let staff = 1; // Creating the key was the first write.
      while (staff < 300 && (await patch({}, admin.cookie)).status !== 429) staff += 1;
      expect(staff).toBeGreaterThanOrEqual(120);
      expect(staff).toBeLessThan(240);
      expect((await patch(keyHeaders(secret))).status).toBe(400);
      // The key has its own, wider budget (600 a minute, wrangler.toml).
      let byKey = 1;
      while (byKey < 1300 && (await patch(keyHeaders(secret))).status !== 429) byKey += 1;
      expect(byKey).toBeGreaterThanOrEqual(600);
      expect(byKey).toBeLessThan(1200);
      const limited = await patch(keyHeaders(secret));
      expect(limited.status).toBe(429);
      expect(limited.headers.get("Retry-After")).toBe("60");
      // Reads are not limited.
      expect((await withKey(secret, "/api/v1/global/customers")).status).toBe(200);
    },
  );
});
