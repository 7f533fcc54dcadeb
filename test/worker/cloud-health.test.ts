import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../src/domain/clouds.ts";
import { createApp } from "../../worker/app.ts";
import { SCHEMA_MIGRATION } from "../../worker/features/meta/repo.ts";
import { apiRequest, call, dbOf, fetchApp, problemOf, signIn } from "./helpers.ts";
import { faultyDatabase } from "./suites/faulty-database.ts";

/** `GET /api/v1/china/health` with china's database replaced by `db` (a real D1). */
function chinaHealthOn(db: D1Database, language = "en") {
  return fetchApp(createApp(), apiRequest("/api/v1/china/health", { language }), {
    ...env,
    DB_CHINA: db,
  });
}

describe("GET /api/v1/{cloud}/health", () => {
  it("answers ready for every cloud the deployment holds, never from a cache", async () => {
    for (const cloud of CLOUD_IDS) {
      const response = await call(`/api/v1/${cloud}/health`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(await response.json()).toEqual({ status: "ok", cloud });
    }
  });

  it("answers 404 for a cloud that does not exist", async () => {
    const response = await call("/api/v1/mars/health");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
  });

  it("is blind to credentials: an ended session or a foreign key sent along changes nothing", async () => {
    const cookie = await signIn("global", "admin@contoso.example");
    expect((await call("/api/v1/global/session", { method: "DELETE", cookie })).status).toBe(204);
    expect((await call("/api/v1/global/session", { cookie })).status).toBe(401);
    expect((await call("/api/v1/global/health", { cookie })).status).toBe(200);
    const bearer = { Authorization: "Bearer pk_usgov_not-a-key" };
    expect((await call("/api/v1/global/health", { headers: bearer })).status).toBe(200);
  });

  it("answers 503 schema_behind, localized, until the newest migration is applied", async () => {
    const blank = env.DB_BLANK;
    const migrations = env.TEST_MIGRATIONS;
    expect(migrations.at(-1)?.name).toBe(SCHEMA_MIGRATION);

    // Never migrated: no migrations table at all.
    const never = await chinaHealthOn(blank, "ru-RU");
    expect(never.status).toBe(503);
    expect(never.headers.get("Retry-After")).toBe("30");
    expect(await problemOf(never)).toMatchObject({
      code: "schema_behind",
      title: "Схема базы данных устарела",
    });

    // One migration behind, as after a deploy whose migration step was skipped.
    await applyD1Migrations(blank, migrations.slice(0, -1));
    const behind = await chinaHealthOn(blank, "fr-FR");
    expect(behind.status).toBe(503);
    expect(await problemOf(behind)).toMatchObject({
      code: "schema_behind",
      title: "Schéma de la base en retard",
    });

    await applyD1Migrations(blank, migrations);
    const ready = await chinaHealthOn(blank);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok", cloud: "china" });
  });

  it("answers 503 unavailable with Retry-After when the database does not answer", async () => {
    const { db } = faultyDatabase(dbOf("china"), { kind: "transient-always" });
    const response = await chinaHealthOn(db);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("1");
    expect((await problemOf(response)).code).toBe("unavailable");
  });
});
