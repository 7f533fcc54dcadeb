import { describe, expect, it } from "vitest";
import { errorOf, fixture, parseFixture } from "./fixtures.ts";
import { parseDocfx, parseDocfxPage, renderDocfx } from "../../../src/lib/docfx/index.ts";

const page = (body: string): string =>
  parseDocfxPage(`---\ntitle: T\n---\n# <a name="t"></a>T\n\n${body}\n`, "t.md", {
    cloud: "global",
  }).html;

describe("headings", () => {
  it("takes the heading from the H1, without its anchor, and leaves the H1 out of the HTML", () => {
    const doc = parseFixture("en/add-customer.md");
    expect(doc.heading).toBe("Add a new customer");
    expect(renderDocfx(doc, { cloud: "global" }).html).not.toContain("<h1");
  });

  it("keeps anchors as ids and generates unique ids for the others", () => {
    expect(parseFixture("en/add-customer.md").headings).toEqual([
      { depth: 2, id: "before-you-begin", text: "Before you begin" },
      { depth: 2, id: "enter-the-details", text: "Enter the details" },
      { depth: 2, id: "enter-the-details-2", text: "Enter the details" },
    ]);
    expect(parseFixture("fr-FR/add-customer.md").headings[0]?.id).toBe(
      "étape-1-vérifier-le-domaine",
    );
    expect(parseFixture("ru-RU/add-customer.md").headings[0]?.id).toBe("шаг-1-проверка-домена");
    const html = renderDocfx(parseFixture("en/add-customer.md"), { cloud: "global" }).html;
    expect(html).toContain('<h2 id="before-you-begin">Before you begin</h2>');
    expect(html).toContain('<h2 id="enter-the-details-2">');
  });

  it("takes the slug from the file name, shared by translations, whatever the H1 anchor", () => {
    expect(parseFixture("malformed/bad-slug.md").slug).toBe("bad-slug");
    expect(parseFixture("fr-FR/add-customer.md").slug).toBe("add-customer");
  });

  it("takes the H1 anchor where the file name carries no slug (exported 0001_… names)", () => {
    const source = fixture("fr-FR/add-customer.md");
    expect(parseDocfx(source, "export/0001_Ajout client.txt").slug).toBe("add-a-new-customer");
    expect(parseDocfx(source, "export/0002").slug).toBe("add-a-new-customer");
    expect(parseDocfx(source, "2020-november.md").slug).toBe("2020-november");
  });

  it("rejects a file whose name and H1 anchor both carry no slug, naming the H1 line", () => {
    const source = fixture("malformed/bad-slug.md");
    expect(errorOf(() => parseDocfx(source, "0001_Bad slug.txt"))).toMatch(
      /^0001_Bad slug\.txt:5: no page slug: the file name "0001_bad slug" is not one/,
    );
  });

  it("falls back to the file name and the title without an H1 anchor", () => {
    const doc = parseDocfx("---\ntitle: Plain\n---\nNo heading.\n", "docs/Plain-Page.md");
    expect(doc).toMatchObject({ slug: "plain-page", heading: "Plain" });
  });
});

describe("alerts", () => {
  it.each([
    ["en/add-customer.md", ["Note", "Important", "Warning", "Tip"]],
    ["fr-FR/add-customer.md", ["Remarque", "Avertissement", "Conseil", "Important"]],
    ["ru-RU/add-customer.md", ["Примечание", "Важно", "Предупреждение", "Совет"]],
  ])("renders the alerts of %s with localized labels", (file, labels) => {
    const html = renderDocfx(parseFixture(file), { cloud: "global" }).html;
    const found = [
      ...html.matchAll(/<aside class="alert alert-(\w+)" role="note" aria-label="([^"]+)">/g),
    ];
    expect(found.map((m) => m[2])).toEqual(labels);
    expect(html).not.toContain("[!");
  });

  it("accepts >[!NOTE] without a space and keeps Markdown inside", () => {
    expect(page(">[!TIP]\n>Use **bold**.")).toBe(
      '<aside class="alert alert-tip" role="note" aria-label="Tip"><p class="alert-title">Tip</p>\n<p>Use <strong>bold</strong>.</p>\n</aside>\n',
    );
  });

  it("leaves ordinary quotes alone", () => {
    expect(page("> Just a quote.")).toBe("<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n");
  });
});

describe("raw HTML", () => {
  it("removes scripts, event handlers and tags, keeping the text escaped", () => {
    const html = page(
      'Hi <b onclick="x()">there</b> <script>steal()</script> & bye.\n\n<div>\n<script>alert(1)</script>\n<p>Block <i>text</i></p>\n</div>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|onclick|<iframe|<div|steal|alert\(1\)|<b>/);
    expect(html).toContain("Hi there  &amp; bye.");
    expect(html).toContain("<p>Block text</p>");
  });

  it("keeps inline DocFX anchors as link targets and code samples verbatim", () => {
    expect(page('<a name="step-2"></a>Step two')).toBe(
      '<p><span id="step-2"></span>Step two</p>\n',
    );
    expect(page("```html\n<script>x</script>\n```")).toContain("&lt;script&gt;x&lt;/script&gt;");
  });

  it("does not let a javascript: link or image through", () => {
    const html = page("[click](javascript:alert(1)) ![x](data:image/png;base64,AA)");
    expect(html).not.toMatch(/javascript:|data:|<a |<img/);
  });

  it("renders the same page identically twice", () => {
    const doc = parseDocfx(fixture("en/add-customer.md"), "en/add-customer.md");
    expect(renderDocfx(doc, { cloud: "usgov" })).toEqual(renderDocfx(doc, { cloud: "usgov" }));
  });
});
