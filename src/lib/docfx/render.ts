import { Marked, type RendererExtension, type Tokens } from "marked";
import type { CloudId } from "../../domain/clouds.ts";
import type { Locale } from "../../domain/locales.ts";
import { readHeadings } from "./headings.ts";
import { ALERT_LABELS, CONSTRUCT_LABELS, alertKind } from "./labels.ts";
import { classifyHref, portalHref, type LinkResolver, type LinkTarget } from "./links.ts";
import { lexDocfx } from "./markdown-lexer.ts";
import { SENTINELS } from "./mt-sentences.ts";
import type { DocfxDocument } from "./page-model.ts";
import { dropUnsafeInlineContent, sanitizeRawHtml } from "./sanitize-html.ts";
import { escapeHtml } from "./text.ts";

/**
 * Where a document is being shown.
 *
 * @example
 * const context: RenderContext = { cloud: "usgov", locale: "fr-FR", resolveLink };
 */
export interface RenderContext {
  /** The cloud of the site page: `portal:` links go to this cloud's task pages. */
  cloud: CloudId;
  /** The locale of the site page (defaults to the document's; differs for a fallback page). */
  locale?: Locale;
  /** Resolves relative links to other pages; without it every such link is unresolved. */
  resolveLink?: LinkResolver;
  /**
   * Resolves a `portal:` path (`customers/new/`) to an href, or null when that page does not
   * exist in this cloud and locale; defaults to {@link portalHref}.
   */
  resolvePortal?: (path: string) => string | null;
}

/**
 * The HTML of a document for one (cloud, locale), and the links it could not resolve.
 *
 * @example
 * const { html, unresolvedLinks }: RenderedDocfx = renderDocfx(doc, { cloud: "global" });
 */
export interface RenderedDocfx {
  html: string;
  unresolvedLinks: string[];
}

const attr = (text: string): string => escapeHtml(text.replace(SENTINELS, ""));

/**
 * Renders a parsed document to HTML for one cloud and locale. The H1 is left out (the site
 * renders it with the badges); alerts become labelled `<aside>`s; machine-translated sentences
 * become `<span class="mt-sentence" data-original="…">`; raw HTML is removed or escaped; links
 * that resolve nowhere are rendered as text with class `unresolved-link`.
 *
 * @example
 * const { html, unresolvedLinks } = renderDocfx(doc, {
 *   cloud: "global",
 *   locale: "fr-FR",
 *   resolveLink: (target) => (target === "add-a-new-customer.md" ? "/global/fr-fr/docs/add-a-new-customer/" : null),
 * });
 */
export function renderDocfx(doc: DocfxDocument, context: RenderContext): RenderedDocfx {
  const locale = context.locale ?? doc.locale;
  const unresolved = new Set<string>();
  const tokens = lexDocfx(doc.markdown);
  const { h1, ids } = readHeadings(tokens);
  const body = tokens.filter((token) => token !== h1?.token);
  dropUnsafeInlineContent(body);

  const resolvePortal =
    context.resolvePortal ?? ((path: string) => portalHref(context.cloud, locale, path));
  const hrefOf = (raw: string): string | null => {
    const href = resolveTarget(classifyHref(raw), resolvePortal, context.resolveLink);
    if (href === null) unresolved.add(raw);
    return href;
  };

  const alert: RendererExtension = {
    name: "docfxAlert",
    renderer(token) {
      const kind = alertKind(String(token["kind"])) ?? "note";
      const label = escapeHtml(ALERT_LABELS[doc.locale][kind]);
      const inner = this.parser.parse(token.tokens ?? []);
      return `<aside class="alert alert-${kind}" role="note" aria-label="${label}"><p class="alert-title">${label}</p>\n${inner}</aside>\n`;
    },
  };
  const words = CONSTRUCT_LABELS[doc.locale];
  const div: RendererExtension = {
    name: "docfxDiv",
    renderer(token) {
      const name = String(token["className"])
        .split(/\s+/)
        .filter(Boolean)
        .map((c) => `docfx-${c}`);
      const inner = this.parser.parse(token.tokens ?? []);
      return `<div class="${attr(["docfx-div", ...name].join(" "))}">\n${inner}</div>\n`;
    },
  };
  const video: RendererExtension = {
    name: "docfxVideo",
    renderer(token) {
      const link = classifyHref(String(token["href"]));
      if (link.kind !== "external" || link.href.startsWith("mailto:")) return "";
      const label = escapeHtml(`${words.video}: ${link.href}`);
      return `<p class="docfx-video"><a href="${attr(link.href)}">${label}</a></p>\n`;
    },
  };
  const zone: RendererExtension = {
    name: "docfxZone",
    renderer(token) {
      const pivot = String(token["pivot"]);
      const inner = this.parser.parse(token.tokens ?? []);
      const label = escapeHtml(`${words.zone} ${pivot.split(",").join(", ")}`);
      return `<div class="docfx-zone" data-pivot="${attr(pivot)}"><p class="docfx-zone__label">${label}</p>\n${inner}</div>\n`;
    },
  };
  const sentence: RendererExtension = {
    name: "mtSentence",
    renderer(token) {
      const original = doc.sentences[Number(token["index"])]?.original;
      const data = original ? ` data-original="${attr(original)}"` : "";
      return `<span class="mt-sentence"${data}>${this.parser.parseInline(token.tokens ?? [])}</span>`;
    },
  };

  const renderer = new Marked({
    gfm: true,
    extensions: [alert, div, video, zone, sentence],
    renderer: {
      heading(token: Tokens.Heading) {
        const id = ids.get(token);
        const idAttr = id ? ` id="${attr(id)}"` : "";
        return `<h${token.depth}${idAttr}>${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
      html: (token: Tokens.HTML | Tokens.Tag) =>
        sanitizeRawHtml(token.text, "block" in token && token.block),
      link(token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        const href = hrefOf(token.href);
        if (href === null) return `<span class="unresolved-link">${text}</span>`;
        const title = token.title ? ` title="${attr(token.title)}"` : "";
        return `<a href="${attr(href)}"${title}>${text}</a>`;
      },
      image(token: Tokens.Image) {
        // Images the importer copied are served by the site itself (`/docs-media/…`).
        if (/^\/(?!\/)[^\s"<>]*$/.test(token.href)) {
          return `<img src="${attr(token.href)}" alt="${attr(token.text)}" loading="lazy">`;
        }
        const link = classifyHref(token.href);
        if (link.kind !== "external" || link.href.startsWith("mailto:")) {
          unresolved.add(token.href);
          return `<span class="unresolved-image">${attr(token.text)}</span>`;
        }
        return `<img src="${attr(link.href)}" alt="${attr(token.text)}" loading="lazy">`;
      },
    },
  });
  const html = renderer.parser(body).replace(SENTINELS, "");
  return { html, unresolvedLinks: [...unresolved] };
}

/** The href a link target renders with, or null when it must not become a link. */
function resolveTarget(
  link: LinkTarget,
  resolvePortal: (path: string) => string | null,
  resolveLink: LinkResolver | undefined,
): string | null {
  switch (link.kind) {
    case "external":
    case "fragment":
      return link.href;
    case "portal":
      return resolvePortal(link.path);
    case "page": {
      const href = resolveLink?.(link.target) ?? null;
      // A marker such as "#portal-unavailable:cloud" stands for the whole link: no fragment.
      return href === null ? null : href.startsWith("#") ? href : href + link.fragment;
    }
    case "blocked":
      return null;
  }
}
