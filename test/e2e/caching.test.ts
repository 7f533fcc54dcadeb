import { describe, expect, it } from "vitest";
import { baseURL } from "./browser.ts";

describe("caching of the static site", () => {
  it("keeps hashed bundles for a year and revalidates pages by their ETag", async () => {
    const page = await fetch(`${baseURL()}/global/ru-ru/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-cache");
    const etag = page.headers.get("ETag") ?? "";
    expect(etag).not.toBe("");
    const html = await page.text();
    const again = await fetch(`${baseURL()}/global/ru-ru/`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);

    const bundles = [...html.matchAll(/(?:src|href)="(\/_astro\/[^"]+)"/g)].map((m) => m[1]);
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const response = await fetch(`${baseURL()}${bundle}`);
      expect(response.status, bundle).toBe(200);
      expect(response.headers.get("Cache-Control"), bundle).toBe(
        "public, max-age=31536000, immutable",
      );
      await response.arrayBuffer();
    }

    const missing = await fetch(`${baseURL()}/global/en/no-such-page/`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control")).toBe("no-cache");
  });
});

describe("the documentation folder", () => {
  it("leads to the home page's documentation section, in the reader's cloud and language", async () => {
    for (const [path, home] of [
      ["/global/ru-ru/docs/", "/global/ru-ru/"],
      ["/usgov/fr-fr/docs", "/usgov/fr-fr/"],
    ] as const) {
      const response = await fetch(`${baseURL()}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(302);
      expect(new URL(response.headers.get("Location") ?? "", baseURL()).href, path).toBe(
        `${baseURL()}${home}#docs-title`,
      );
      await response.arrayBuffer();
    }
    const page = await fetch(`${baseURL()}/global/ru-ru/docs/add-a-new-customer/`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
  });
});
