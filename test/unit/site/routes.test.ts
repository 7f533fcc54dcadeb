import { describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { LOCALE_IDS } from "../../../src/domain/locales.ts";
import {
  cloudLocalePaths,
  homePath,
  pagePath,
  routeExists,
  safeReturnTo,
  signInPath,
  switchPath,
} from "../../../src/site/routes.ts";
import { TASK_IDS, TASK_PAGES, taskPageExists } from "../../../src/site/tasks.ts";

describe("paths", () => {
  it("use the locale's URL segment", () => {
    expect(homePath("germany", "fr-FR")).toBe("/germany/fr-fr/");
    expect(pagePath("usgov", "ru-RU", "sign-in/")).toBe("/usgov/ru-ru/sign-in/");
  });

  it("build the sign-in address with change and returnTo", () => {
    expect(signInPath("global", "en")).toBe("/global/en/sign-in/");
    expect(signInPath("global", "en", "/global/en/audit/?a=1")).toBe(
      "/global/en/sign-in/?returnTo=%2Fglobal%2Fen%2Faudit%2F%3Fa%3D1",
    );
    expect(signInPath("china", "ru-RU", "/china/ru-ru/", true)).toBe(
      "/china/ru-ru/sign-in/?change=1&returnTo=%2Fchina%2Fru-ru%2F",
    );
  });

  it("give getStaticPaths every cloud × locale once", () => {
    const paths = cloudLocalePaths();
    expect(paths).toHaveLength(CLOUD_IDS.length * LOCALE_IDS.length);
    expect(new Set(paths.map((p) => `${p.params.cloud}/${p.params.locale}`)).size).toBe(12);
    expect(paths).toContainEqual({
      params: { cloud: "germany", locale: "ru-ru" },
      props: { cloud: "germany", locale: "ru-RU" },
    });
  });

  it("limit getStaticPaths to where a route exists", () => {
    expect(cloudLocalePaths("sign-in/")).toHaveLength(12);
    expect(cloudLocalePaths("no-such-page/")).toEqual([]);
  });
});

describe("switchPath", () => {
  it("keeps the reader on the home and sign-in pages of any cloud and locale", () => {
    expect(switchPath("", "china", "fr-FR")).toBe("/china/fr-fr/");
    expect(switchPath("sign-in/", "usgov", "ru-RU")).toBe("/usgov/ru-ru/sign-in/");
  });

  it("leads to the home where the page does not exist", () => {
    expect(switchPath("no-such-page/", "global", "en")).toBe("/global/en/");
    // China offers no invitations: never a link to a page it cannot have.
    expect(switchPath(TASK_PAGES.invitations.path, "china", "en")).toBe("/china/en/");
    expect(switchPath(TASK_PAGES.indirectProviders.path, "china", "ru-RU")).toBe("/china/ru-ru/");
  });

  it("leads to the home from a 404 page", () => {
    expect(switchPath(null, "germany", "en")).toBe("/germany/en/");
  });

  it("keeps a task page exactly where it is built and offered", () => {
    for (const cloud of CLOUD_IDS) {
      for (const locale of LOCALE_IDS) {
        for (const task of TASK_IDS) {
          const path = TASK_PAGES[task].path;
          const expected = taskPageExists(cloud, task)
            ? pagePath(cloud, locale, path)
            : homePath(cloud, locale);
          expect(switchPath(path, cloud, locale)).toBe(expected);
          expect(routeExists(cloud, locale, path)).toBe(taskPageExists(cloud, task));
        }
      }
    }
  });
});

describe("safeReturnTo", () => {
  const back = (value: string | null) => safeReturnTo(value, "global", "fr-FR", "/global/fr-fr/");

  it("accepts a path inside the same cloud and locale, with its query and fragment", () => {
    expect(back("/global/fr-fr/customers/?q=contoso#list")).toBe(
      "/global/fr-fr/customers/?q=contoso#list",
    );
    expect(back("/global/fr-fr/")).toBe("/global/fr-fr/");
  });

  it("falls back when missing or empty", () => {
    expect(back(null)).toBe("/global/fr-fr/");
    expect(back("")).toBe("/global/fr-fr/");
  });

  it.each([
    ["another cloud", "/usgov/fr-fr/"],
    ["another locale", "/global/en/customers/"],
    ["a prefix without its slash", "/global/fr-frx/"],
    ["the portal root", "/"],
    ["a relative path", "global/fr-fr/"],
    ["an absolute URL", "https://evil.example/global/fr-fr/"],
    ["a same-origin absolute URL", "http://127.0.0.1:8787/global/fr-fr/"],
    ["a protocol-relative URL", "//evil.example/global/fr-fr/"],
    ["a backslash host", "/\\evil.example/global/fr-fr/"],
    ["a tab the URL parser strips", "/\t/evil.example/global/fr-fr/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["dot segments out of the locale", "/global/fr-fr/../../usgov/fr-fr/"],
    ["encoded dot segments", "/global/fr-fr/%2e%2e/%2E%2E/usgov/fr-fr/"],
    ["the sign-in page itself", "/global/fr-fr/sign-in/?returnTo=%2F"],
  ])("refuses %s", (_, value) => {
    expect(back(value)).toBe("/global/fr-fr/");
  });

  it("returns the normalized path, never the raw value", () => {
    expect(back("/global/fr-fr/./customers/../audit/")).toBe("/global/fr-fr/audit/");
  });
});
