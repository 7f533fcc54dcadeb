import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDocfx, type DocfxDocument } from "../../../src/lib/docfx/index.ts";

/** The DocFX fixture folder. */
export const FIXTURES = fileURLToPath(new URL("../../fixtures/docfx/", import.meta.url));

/** The text of a fixture, by its path under test/fixtures/docfx. */
export function fixture(file: string): string {
  return readFileSync(FIXTURES + file, "utf8");
}

/** A fixture parsed, reported under its path under test/fixtures/docfx. */
export function parseFixture(file: string): DocfxDocument {
  return parseDocfx(fixture(file), file);
}

/** The message of the error `run` throws (fails the test when it does not throw). */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected an error");
}
