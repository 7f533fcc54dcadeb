import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEMA_MIGRATION } from "../../worker/features/meta/repo.ts";

describe("SCHEMA_MIGRATION", () => {
  it("names the newest migration, so readiness waits for the schema this version needs", () => {
    const files = readdirSync("worker/migrations")
      .filter((name) => name.endsWith(".sql"))
      .sort();
    expect(SCHEMA_MIGRATION).toBe(files.at(-1));
  });
});
