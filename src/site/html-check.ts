/** A start tag's name and attributes; quoted values may hold `>`. */
const START_TAG =
  /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** One start tag of a page: lowercase name and attributes (lowercase names, raw values). */
export interface StartTag {
  name: string;
  attributes: Map<string, string>;
}

/**
 * The start tags of an HTML document, comments skipped. Enough for checking built pages, whose
 * text is escaped by Astro (a `<` in text is always `&lt;`).
 *
 * @example
 * startTags('<a href="/x">').next().value?.attributes.get("href"); // "/x"
 */
export function* startTags(html: string): Generator<StartTag> {
  const markup = html.replace(/<!--[\s\S]*?-->/g, "");
  for (const match of markup.matchAll(START_TAG)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[2] ?? "").matchAll(ATTRIBUTE)) {
      const [, name = "", double, single, bare] = attribute;
      attributes.set(name.toLowerCase(), double ?? single ?? bare ?? "");
    }
    yield { name: (match[1] ?? "").toLowerCase(), attributes };
  }
}

/**
 * What the CSP (`script-src 'self'; style-src 'self'`) and the site's rules forbid in one page:
 * inline `<script>` (JSON-LD included), `<style>`, `style=` attributes, a missing `<html lang>`.
 *
 * @example
 * pageProblems('<html lang="en"><p style="color:red">'); // ["style= attribute on <p>"]
 */
export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  let hasHtml = false;
  for (const { name, attributes } of startTags(html)) {
    if (name === "html") {
      hasHtml = true;
      if (!attributes.get("lang")) problems.push("<html> without lang");
    }
    if (name === "script" && !attributes.has("src")) {
      const type = attributes.get("type");
      problems.push(`inline <script${type ? ` type="${type}"` : ""}>`);
    }
    if (name === "style") problems.push("<style> element");
    if (attributes.has("style")) problems.push(`style= attribute on <${name}>`);
  }
  if (!hasHtml) problems.push("no <html> element");
  return problems;
}

/**
 * The scripts and stylesheets a page loads directly: `<script src>` and
 * `<link rel="stylesheet" href>`.
 */
export function pageAssets(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const { name, attributes } of startTags(html)) {
    const src = attributes.get("src");
    const href = attributes.get("href");
    if (name === "script" && src) scripts.push(src);
    if (name === "link" && href && attributes.get("rel")?.split(/\s+/).includes("stylesheet")) {
      styles.push(href);
    }
  }
  return { scripts, styles };
}

/** The relative modules an ES module bundle imports statically (`import "./x.js"`, `from"./y.js"`). */
export function moduleImports(source: string): string[] {
  return [...source.matchAll(/(?:\bimport|\bfrom)\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1] ?? "",
  );
}

/**
 * The page's own absolute addresses: `<link rel="canonical">` and `<link rel="alternate">`
 * hrefs, which search engines follow, so a deployed page must name its deployment's origin.
 *
 * @example
 * pageLinks('<link rel="canonical" href="https://p.example/global/en/">'); // ["https://p.example/global/en/"]
 */
export function pageLinks(html: string): string[] {
  const links: string[] = [];
  for (const { name, attributes } of startTags(html)) {
    const rel = attributes.get("rel")?.split(/\s+/) ?? [];
    const href = attributes.get("href");
    if (name === "link" && href && (rel.includes("canonical") || rel.includes("alternate"))) {
      links.push(href);
    }
  }
  return links;
}

/** Those of `links` that do not name `origin` (a page's links must all name its site). */
export function foreignLinks(links: readonly string[], origin: string): string[] {
  return links.filter((href) => !href.startsWith(`${origin}/`));
}
