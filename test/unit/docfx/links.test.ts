import { describe, expect, it } from "vitest";
import {
  classifyHref,
  createLinkResolver,
  docsHref,
  linkTargetSlug,
  parseDocfx,
  portalHref,
  renderDocfx,
} from "../../../src/lib/docfx/index.ts";
import { rewriteMarkdownLinks } from "../../../src/lib/docfx/import-links.ts";
import { parseFixture } from "./fixtures.ts";

describe("links", () => {
  it("resolves page links through the caller's resolver, keeping the fragment", () => {
    const doc = parseFixture("en/add-customer.md");
    const targets: string[] = [];
    const resolveLink = (target: string): string | null => {
      targets.push(target);
      return target === "see-customers.md" ? "/usgov/en/docs/see-your-customer-list/" : null;
    };
    const { html, unresolvedLinks } = renderDocfx(doc, { cloud: "usgov", resolveLink });
    expect(targets).toEqual(["see-customers.md", "see-customers.md", "no-such-page.md"]);
    expect(html).toContain('<a href="/usgov/en/docs/see-your-customer-list/">link to the list</a>');
    expect(html).toContain(
      '<a href="/usgov/en/docs/see-your-customer-list/#filters">link with anchor</a>',
    );
    expect(html).toContain('<a href="https://example.com/docs">external site</a>');
    expect(unresolvedLinks).toEqual(["no-such-page.md"]);
    expect(html).toContain('<span class="unresolved-link">missing page</span>');
    expect(html).not.toContain("no-such-page");
  });

  it("sends portal: links to the task page of the same cloud and locale", () => {
    const doc = parseFixture("fr-FR/add-customer.md");
    expect(renderDocfx(doc, { cloud: "germany", locale: "fr-FR" }).html).toContain(
      '<a href="/germany/fr-fr/customers/new/">ajouter un client dans le portail</a>',
    );
    // An English fallback shown on a Russian page still links to the Russian task page.
    expect(
      renderDocfx(parseFixture("en/add-customer.md"), { cloud: "global", locale: "ru-RU" }).html,
    ).toContain('href="/global/ru-ru/customers/new/"');
  });

  it("never links to a portal section the cloud does not offer", () => {
    const doc = parseDocfx(
      '---\ntitle: T\n---\n# <a name="t"></a>T\n\n[Invite](portal:invitations/) [Add](portal:customers/new/)\n',
      "t.md",
    );
    const china = renderDocfx(doc, { cloud: "china", locale: "en" });
    expect(china.html).toBe(
      '<p><span class="unresolved-link">Invite</span> <a href="/china/en/customers/new/">Add</a></p>\n',
    );
    expect(china.unresolvedLinks).toEqual(["portal:invitations/"]);
    expect(portalHref("usgov", "en", "indirect-providers/")).toBe("/usgov/en/indirect-providers/");
    expect(portalHref("china", "en", "indirect-providers/")).toBeNull();
  });

  it("lets the site decide which portal pages exist", () => {
    const doc = parseDocfx("---\ntitle: T\n---\n[Audit](portal:audit/)\n", "t.md");
    const built = renderDocfx(doc, { cloud: "global", resolvePortal: (path) => `/built/${path}` });
    expect(built.html).toContain('<a href="/built/audit/">Audit</a>');
    const missing = renderDocfx(doc, { cloud: "global", resolvePortal: () => null });
    expect(missing.unresolvedLinks).toEqual(["portal:audit/"]);
  });

  it("classifies hrefs", () => {
    expect(classifyHref("./x.md#a")).toEqual({ kind: "page", target: "x.md", fragment: "#a" });
    expect(classifyHref("portal:invitations/accept/")).toEqual({
      kind: "portal",
      path: "invitations/accept/",
    });
    expect(classifyHref("#top")).toEqual({ kind: "fragment", href: "#top" });
    expect(classifyHref("mailto:a@b.example").kind).toBe("external");
    expect(classifyHref("JavaScript:alert(1)").kind).toBe("blocked");
    expect(classifyHref("//evil.example/x").kind).toBe("blocked");
  });

  it("builds portal and docs paths", () => {
    expect(portalHref("china", "ru-RU", "customers/view/?id=42")).toBe(
      "/china/ru-ru/customers/view/?id=42",
    );
    expect(portalHref("global", "en", "../../etc")).toBeNull();
    expect(docsHref("usgov", "fr-FR", "add-a-new-customer")).toBe(
      "/usgov/fr-fr/docs/add-a-new-customer/",
    );
  });

  it("resolves by file name or slug, ignoring a variant suffix", () => {
    const resolve = createLinkResolver(["customer-accounts-overview"], (s) => `/x/${s}/`);
    expect(resolve("customer-accounts-overview.china.md")).toBe("/x/customer-accounts-overview/");
    expect(resolve("../en/Customer-Accounts-Overview.md")).toBe("/x/customer-accounts-overview/");
    expect(resolve("customer-accounts-overview")).toBe("/x/customer-accounts-overview/");
    expect(resolve("other.md")).toBeNull();
    expect(linkTargetSlug("a%20b.md")).toBe("a b");
  });

  it("rewrites link and image targets, reference definitions included, never in code", () => {
    const rewrite = (link: { target: string; image: boolean }) =>
      link.target.startsWith("old.md")
        ? { target: link.target.replace("old", "new") }
        : link.image || link.target === ""
          ? { text: "[gone]" }
          : null;
    expect(
      rewriteMarkdownLinks(
        "[a](old.md#x) [b](https://e.example) [![i](pic.png)](old.md) [e]()\n[r]: old.md\n```\n[a](old.md)\n```",
        rewrite,
      ),
    ).toBe(
      "[a](new.md#x) [b](https://e.example) [[gone]](new.md) [gone]\n[r]: new.md\n```\n[a](old.md)\n```",
    );
  });
});
