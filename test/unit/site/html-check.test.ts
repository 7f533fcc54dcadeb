import { describe, expect, it } from "vitest";
import {
  foreignLinks,
  moduleImports,
  pageAssets,
  pageLinks,
  pageProblems,
} from "../../../src/site/html-check.ts";

describe("pageProblems", () => {
  it("accepts a page with external script and stylesheet only", () => {
    const html =
      '<!DOCTYPE html><html lang="fr-FR" dir="ltr"><head><link rel="stylesheet" href="/_astro/a.css">' +
      '</head><body><p title="a > b">x</p><script type="module" src="/_astro/b.js"></script></body></html>';
    expect(pageProblems(html)).toEqual([]);
  });

  it("reports inline script, JSON-LD, style elements and attributes, a missing lang", () => {
    const html =
      '<html><head><style>a{}</style><script>alert(1)</script><script type="application/ld+json">{}</script>' +
      "</head><body><div STYLE='color:red'></div></body></html>";
    expect(pageProblems(html)).toEqual([
      "<html> without lang",
      "<style> element",
      "inline <script>",
      'inline <script type="application/ld+json">',
      "style= attribute on <div>",
    ]);
  });

  it("ignores markup in comments and escaped text, and attributes merely named like style", () => {
    const html =
      '<html lang="en"><!-- <style> --><p data-style="x">&lt;script&gt; style="a"</p></html>';
    expect(pageProblems(html)).toEqual([]);
  });

  it("reports a document without <html>", () => {
    expect(pageProblems("<p>hi</p>")).toEqual(["no <html> element"]);
  });
});

describe("assets", () => {
  it("lists a page's scripts and stylesheets", () => {
    const html =
      '<link rel="icon" href="/f.svg"><link rel="stylesheet" href="/a.css">' +
      '<script type="module" src="/b.js"></script>';
    expect(pageAssets(html)).toEqual({ scripts: ["/b.js"], styles: ["/a.css"] });
  });

  it("follows a bundle's static imports", () => {
    expect(moduleImports('import{a as e}from"./api.x.js";import "./side.js";fetch("/x")')).toEqual([
      "./api.x.js",
      "./side.js",
    ]);
  });
});

describe("page links", () => {
  const html =
    '<link rel="canonical" href="https://p.example/global/en/">' +
    '<link rel="alternate" hreflang="fr-FR" href="https://p.example/global/fr-fr/">' +
    '<link rel="stylesheet" href="/a.css"><link rel="icon" href="/f.png">' +
    '<a rel="alternate" href="https://elsewhere.example/">x</a>';

  it("lists the canonical and language links, not stylesheets, icons or anchors", () => {
    expect(pageLinks(html)).toEqual([
      "https://p.example/global/en/",
      "https://p.example/global/fr-fr/",
    ]);
  });

  it("reports the links that do not name the site's origin", () => {
    expect(foreignLinks(pageLinks(html), "https://p.example")).toEqual([]);
    expect(foreignLinks(pageLinks(html), "http://127.0.0.1:8787")).toEqual(pageLinks(html));
    // An origin is matched whole: a longer host that starts the same is another site.
    expect(foreignLinks(["https://p.example.evil/global/en/"], "https://p.example")).toEqual([
      "https://p.example.evil/global/en/",
    ]);
  });
});
