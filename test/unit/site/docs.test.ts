import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { LOCALE_IDS } from "../../../src/domain/locales.ts";
import {
  DOCS_CONTENT_DIR,
  DOCS_FIXTURES_DIR,
  readDocsFiles,
} from "../../../src/site/docs-files.ts";
import { docsNotes, docsProblems, loadDocs } from "../../../src/site/docs-checks.ts";
import { revealableOriginals } from "../../../src/site/docs-html.ts";
import {
  DOCS_ORDER,
  DOCS_TASKS,
  docsEntries,
  docsRoute,
  docsRouteExists,
  docsSlugOf,
  docsTask,
  renderDocs,
  translatedLocales,
} from "../../../src/site/docs.ts";
import { documentationProblems, portal } from "../../../src/site/integration.ts";
import { switchPath } from "../../../src/site/routes.ts";

const ROOT = new URL("../../../", import.meta.url);
const content = await readDocsFiles(ROOT);
const catalog = loadDocs(content);

/** The real documentation with some files changed, added (text) or removed (null). */
function edited(changes: Record<string, string | null>): Record<string, string> {
  const files = { ...content };
  for (const [file, text] of Object.entries(changes)) {
    if (text === null) delete files[file];
    else files[file] = text;
  }
  return files;
}

const file = (path: string): string => {
  const text = content[DOCS_CONTENT_DIR + path];
  if (text === undefined) throw new Error(`no ${path}`);
  return text;
};

describe("documentation build checks", () => {
  it("pass on the portal's documentation, with and without the test fixtures", async () => {
    expect(docsProblems(content)).toEqual([]);
    expect(docsProblems(await readDocsFiles(ROOT, [DOCS_CONTENT_DIR, DOCS_FIXTURES_DIR]))).toEqual(
      [],
    );
  });

  it("fail on two documents claiming the same (cloud, locale, slug)", () => {
    const copy = `${DOCS_CONTENT_DIR}en/add-a-new-customer.global.md`;
    const problems = docsProblems(edited({ [copy]: file("en/add-a-new-customer.md") }));
    expect(problems).toContain(
      `${copy} and ${DOCS_CONTENT_DIR}en/add-a-new-customer.md both claim "add-a-new-customer" in en for global, usgov, germany, china`,
    );
  });

  it("fail on a broken internal link, naming the file, its line and the link", () => {
    const path = `${DOCS_CONTENT_DIR}fr-FR/add-a-new-customer.md`;
    const broken = file("fr-FR/add-a-new-customer.md").replace(
      "(see-your-customer-list.md)",
      "(see-your-customer-lists.md)",
    );
    const line = broken.split("\n").findIndex((l) => l.includes("customer-lists.md")) + 1;
    const problems = docsProblems(edited({ [path]: broken }));
    expect(problems).toContain(
      `${path}:${line}: broken link "see-your-customer-lists.md": no page "see-your-customer-lists" exists`,
    );
    // Once, not once per cloud the page is built for.
    expect(problems).toHaveLength(1);
  });

  it("fail on a link to a heading the page does not have", () => {
    const path = `${DOCS_CONTENT_DIR}en/invite-with-an-indirect-provider.md`;
    const broken = file("en/invite-with-an-indirect-provider.md").replace(
      "#follow-invitations)",
      "#follow-invitation)",
    );
    const problems = docsProblems(edited({ [path]: broken }));
    expect(problems).toEqual([
      `${path}:62: broken link "request-a-reseller-relationship.md#follow-invitation": ` +
        `"request-a-reseller-relationship" has no heading "follow-invitation" in global/en, usgov/en, germany/en`,
    ]);
  });

  it("fail on a portal link to no portal page", () => {
    const path = `${DOCS_CONTENT_DIR}en/add-a-new-customer.md`;
    const broken = file("en/add-a-new-customer.md").replace(
      "portal:customers/new/",
      "portal:customer/new/",
    );
    expect(docsProblems(edited({ [path]: broken }))).toContain(
      `${path}:46: broken link "portal:customer/new/": names no portal page (SPEC §4 routes)`,
    );
  });

  it("allow a translation whose English page is missing, and list it in the report", () => {
    const files = edited({ [`${DOCS_CONTENT_DIR}en/indirect-reseller-tasks.md`]: null });
    expect(docsProblems(files)).toEqual([]);
    expect(docsNotes(files)).toContain(
      `${DOCS_CONTENT_DIR}fr-FR/indirect-reseller-tasks.md: published in fr-FR without an English page (global, usgov, germany)`,
    );
    const catalog = loadDocs(files);
    expect(docsEntries(catalog, "global", "fr-FR").map((e) => e.slug)).toContain(
      "indirect-reseller-tasks",
    );
    // The switchers and hreflang offer it in the locales that have it, and only there.
    const exists = docsRouteExists(catalog);
    const route = docsRoute("indirect-reseller-tasks");
    expect(LOCALE_IDS.filter((locale) => exists("global", locale, route))).toEqual(
      translatedLocales(catalog, "global", "indirect-reseller-tasks"),
    );
    expect(exists("global", "fr-FR", route)).toBe(true);
    expect(exists("global", "en", route)).toBe(false);
    expect(switchPath(route, "global", "en", exists)).toBe("/global/en/");
  });

  it("fail the build before any page is rendered, listing every problem", async () => {
    const root = await mkdtemp(join(tmpdir(), "portal-docs-"));
    const docs = join(root, DOCS_CONTENT_DIR);
    await cp(new URL(DOCS_CONTENT_DIR, ROOT), docs, { recursive: true });
    await cp(new URL("locales/", ROOT), join(root, "locales"), { recursive: true });
    await mkdir(join(docs, "en"), { recursive: true });
    await writeFile(join(docs, "en/add-a-new-customer.copy.md"), file("en/add-a-new-customer.md"));
    await writeFile(
      join(docs, "fr-FR/see-your-customer-list.md"),
      file("fr-FR/see-your-customer-list.md").replace(/\(add-a-new-customer\.md\)/, "(gone.md)"),
    );
    const rootUrl = pathToFileURL(`${root}/`);
    expect(await documentationProblems(rootUrl)).toHaveLength(2);

    const setup = portal().hooks["astro:config:setup"];
    const options = {
      config: { root: rootUrl },
      updateConfig: () => undefined,
      addWatchFile: () => undefined,
      logger: { info: () => undefined, warn: () => undefined },
    } as unknown as Parameters<NonNullable<typeof setup>>[0];
    await expect(setup?.(options)).rejects.toThrow(
      /^Documentation has 2 problems:\n- src\/content\/docs\/en\/add-a-new-customer\S* and src\/content\/docs\/en\/add-a-new-customer\S* both claim "add-a-new-customer" in en for global, usgov, germany, china\n- src\/content\/docs\/fr-FR\/see-your-customer-list\.md:\d+: broken link "gone\.md": no page "gone" exists$/,
    );
  });
});

describe("documentation pages of a cloud × locale", () => {
  it("come in sidebar order, only where they apply", () => {
    const china = docsEntries(catalog, "china", "ru-RU");
    expect(china.map((e) => e.slug)).toEqual([
      "customer-accounts-overview",
      "add-a-new-customer",
      "see-your-customer-list",
      "update-customer-account-details",
      "customer-administrator-help",
    ]);
    expect(china[0]?.href).toBe("/china/ru-ru/docs/customer-accounts-overview/");
    expect(docsEntries(catalog, "global", "fr-FR").map((e) => e.slug)).toEqual(DOCS_ORDER);
  });

  it("link to the same cloud and locale, and explain links they cannot follow", () => {
    const [page] = renderDocs(catalog, "germany", "fr-FR").filter(
      (p) => p.slug === "customer-administrator-help",
    );
    expect(page?.html).toContain('<a href="/germany/fr-fr/sign-in/">');
    expect(page?.html).toContain('<a href="/germany/fr-fr/docs/customer-accounts-overview/">');
    expect(page?.html).toContain('<a href="/germany/fr-fr/invitations/accept/">');
    expect(page?.html).not.toContain("#portal-unavailable");
    // A link to a page that does not apply to the cloud says so instead of linking.
    const unavailable = renderDocs(catalog, "china", "fr-FR")
      .map((p) => p.html)
      .join("\n");
    expect(unavailable).not.toContain('href="/china/fr-fr/invitations/');
  });

  it("each offer the portal page that performs their task, once it is built", () => {
    expect(Object.keys(DOCS_TASKS).sort()).toEqual([...DOCS_ORDER].sort());
    expect(docsTask("china", "ru-RU", "customer-administrator-help")).toEqual({
      task: "signIn",
      href: "/china/ru-ru/sign-in/",
    });
    const add = docsTask("germany", "en", "add-a-new-customer");
    expect(add?.task).toBe("newCustomer");
    expect(add?.href === null || add?.href === "/germany/en/customers/new/").toBe(true);
    expect(docsTask("global", "en", "no-such-page")).toBeUndefined();
  });

  it("know which clouds and locales have a page, for the switchers and hreflang", () => {
    const exists = docsRouteExists(catalog);
    const route = docsRoute("remove-a-reseller-relationship");
    expect(docsSlugOf(route)).toBe("remove-a-reseller-relationship");
    expect(docsSlugOf("sign-in/")).toBeNull();
    expect(switchPath(route, "usgov", "ru-RU", exists)).toBe(`/usgov/ru-ru/${route}`);
    expect(switchPath(route, "china", "ru-RU", exists)).toBe("/china/ru-ru/");
    expect(switchPath("sign-in/", "china", "en", exists)).toBe("/china/en/sign-in/");
    expect(translatedLocales(catalog, "global", "add-a-new-customer")).toEqual(LOCALE_IDS);
    for (const cloud of CLOUD_IDS) {
      expect(exists(cloud, "en", docsRoute("add-a-new-customer")), cloud).toBe(true);
      expect(exists(cloud, "en", docsRoute("no-such-page")), cloud).toBe(false);
    }
  });
});

describe("revealableOriginals", () => {
  it("adds each sentence's English original, hidden until asked for", () => {
    expect(
      revealableOriginals(
        '<p><span class="mt-sentence" data-original="See &quot;A&quot;.">Voir <span class="unresolved-link">A</span>.</span> Fin</p>',
        true,
      ),
    ).toBe(
      '<p><span class="mt-sentence" data-original="See &quot;A&quot;.">Voir <span class="unresolved-link">A</span>.<span class="mt-original" lang="en" data-pagefind-ignore>See &quot;A&quot;.</span></span> Fin</p>',
    );
  });

  it("leaves human translations and sentences without an original alone", () => {
    const html = '<span class="mt-sentence">Перевод</span>';
    expect(revealableOriginals(html, true)).toBe(html);
    expect(revealableOriginals('<span class="mt-sentence" data-original="x">y</span>', false)).toBe(
      '<span class="mt-sentence" data-original="x">y</span>',
    );
  });
});
