import type { Token } from "marked";
import { decodeEntities, escapeHtml } from "./text.ts";

const DROPPED_ELEMENTS =
  "script|style|iframe|object|embed|template|noscript|textarea|select|svg|math";
/** Elements whose content is never text for the reader. */
const DROPPED_WITH_CONTENT = new RegExp(
  `<(${DROPPED_ELEMENTS})\\b[\\s\\S]*?(?:<\\/\\1\\s*>|$)`,
  "gi",
);
const DROPPED_OPEN = new RegExp(`^<(${DROPPED_ELEMENTS})\\b[^>]*>$`, "i");
const ANCHOR = /^<a\s+(?:name|id)\s*=\s*["']([^"']+)["']\s*\/?>$/i;
const BREAK = /^<br\s*\/?>$/i;

/**
 * Makes raw HTML from a Markdown source safe: DocFX anchors become empty `<span id>` targets,
 * `<br>` stays, scripts and similar elements are dropped with their content, every other tag is
 * removed and the remaining text is escaped. Block HTML keeps its text as a paragraph.
 *
 * @example
 * sanitizeRawHtml('<a name="step-2"></a>', false); // '<span id="step-2"></span>'
 * sanitizeRawHtml("<div onclick=x>Hi <b>there</b></div>", true); // "<p>Hi there</p>"
 * sanitizeRawHtml("<script>alert(1)</script>", true); // ""
 */
export function sanitizeRawHtml(raw: string, block: boolean): string {
  const trimmed = raw.trim();
  const anchor = ANCHOR.exec(trimmed);
  if (anchor) return `<span id="${escapeHtml(anchor[1] ?? "")}"></span>`;
  if (BREAK.test(trimmed)) return "<br>";
  const text = decodeEntities(
    raw
      .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
      .replace(DROPPED_WITH_CONTENT, "")
      .replace(/<\/?[A-Za-z][^>]*>?/g, ""),
  );
  if (!block) return escapeHtml(text);
  const paragraph = text.replace(/\s+/g, " ").trim();
  return paragraph ? `<p>${escapeHtml(paragraph)}</p>\n` : "";
}

/**
 * Removes, in place, the inline tokens between a `<script>`-like opening tag and its closing
 * tag, so the script text is not shown as prose; the tags themselves are removed when rendered.
 *
 * @example
 * dropUnsafeInlineContent(tokens); // "a <script>x()</script> b" now renders "a  b"
 */
export function dropUnsafeInlineContent(tokens: Token[]): void {
  let closing: RegExp | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (closing) {
      const done = token.type === "html" && closing.test(token.raw.trim());
      tokens.splice(i, 1);
      i--;
      if (done) closing = null;
      continue;
    }
    const open = token.type === "html" ? DROPPED_OPEN.exec(token.raw.trim()) : null;
    if (open) closing = new RegExp(`^</${open[1] ?? ""}\\s*>$`, "i");
    else if ("tokens" in token && Array.isArray(token.tokens))
      dropUnsafeInlineContent(token.tokens);
    if ("items" in token && Array.isArray(token.items)) {
      for (const item of token.items as Token[]) {
        if ("tokens" in item && Array.isArray(item.tokens)) dropUnsafeInlineContent(item.tokens);
      }
    }
  }
}
