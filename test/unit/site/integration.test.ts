import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ChangePasswordRequest, SignInRequest } from "../../../src/domain/schemas/session.ts";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { SECURITY_HEADERS } from "../../../src/domain/security-headers.ts";
import { lengthAttributes } from "../../../src/site/constraints.ts";
import { catalogProblems, headersFile, redirectsFile } from "../../../src/site/integration.ts";

describe("headersFile", () => {
  it("puts every security header on every static asset", () => {
    const lines = headersFile().split("\n");
    expect(lines[0]).toBe("/*");
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(lines).toContain(`  ${name}: ${value}`);
    }
  });

  it("caches hashed bundles for a year and makes every cloud's pages revalidate, one rule per file", () => {
    const rules = headersFile()
      .trim()
      .split("\n\n")
      .map((block) => block.split("\n"));
    const cacheControl = new Map(
      rules.flatMap(([path = "", ...headers]) =>
        headers
          .filter((h) => h.startsWith("  Cache-Control: "))
          .map((h) => [path, h.slice("  Cache-Control: ".length)] as const),
      ),
    );
    expect(cacheControl.get("/_astro/*")).toBe("public, max-age=31536000, immutable");
    for (const cloud of CLOUD_IDS) expect(cacheControl.get(`/${cloud}/*`)).toBe("no-cache");
    expect(cacheControl.get("/404.html")).toBe("no-cache");
    expect(cacheControl.has("/*")).toBe(false);
    // Headers of rules matching one file are joined: no two Cache-Control rules may overlap.
    const paths = [...cacheControl.keys()];
    for (const a of paths) {
      for (const b of paths) {
        if (a !== b) expect(b.startsWith(a.replace(/\*$/, "")), `${a} covers ${b}`).toBe(false);
      }
    }
  });
});

describe("catalogProblems", () => {
  it("finds nothing wrong in the portal's locale files", async () => {
    expect(await catalogProblems(new URL("../../../locales/", import.meta.url))).toEqual([]);
  });

  it("lists unreadable files and missing keys together", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portal-locales-"));
    await writeFile(join(dir, "en.json"), JSON.stringify({ "a.b": "Hi", "a.c": "Yo" }));
    await writeFile(join(dir, "fr-FR.json"), JSON.stringify({ "a.b": "Salut" }));
    await writeFile(join(dir, "ru-RU.json"), "{ not json");
    const problems = await catalogProblems(pathToFileURL(`${dir}/`));
    expect(problems).toContain("fr-FR: missing key a.c");
    expect(problems.some((p) => p.startsWith("ru-RU: cannot read"))).toBe(true);
  });
});

describe("lengthAttributes", () => {
  it("turns the API's zod bounds into HTML constraints", () => {
    expect(lengthAttributes(SignInRequest.shape.username)).toEqual({ maxlength: 254 });
    expect(lengthAttributes(ChangePasswordRequest.shape.newPassword)).toEqual({
      minlength: 12,
      maxlength: 256,
    });
  });
});

describe("redirectsFile", () => {
  it("leads every cloud × locale's documentation folder, with or without its slash, to the home's documentation section", () => {
    const rules = redirectsFile().trim().split("\n");
    expect(rules).toHaveLength(CLOUD_IDS.length * 3 * 2);
    expect(rules).toContain("/germany/ru-ru/docs/ /germany/ru-ru/#docs-title 302");
    expect(rules).toContain("/china/fr-fr/docs /china/fr-fr/#docs-title 302");
    // Exact paths only: a documentation page below the folder is served as it is.
    for (const rule of rules)
      expect(rule).toMatch(/^\/[a-z]+\/[a-z-]+\/docs\/? \/[a-z]+\/[a-z-]+\/#docs-title 302$/);
  });
});
