import { Marked, type Token, type Tokens, type TokenizerExtension } from "marked";
import { alertKind } from "./labels.ts";
import { SENTENCE_CLOSE, SENTENCE_ID_END, SENTENCE_OPEN } from "./mt-sentences.ts";

/** `> [!NOTE]` and the quoted lines after it, up to the first line that is not quoted. */
const ALERT = /^ {0,3}> ?\[!([A-Za-z]+)\][ \t]*([^\n]*)(?:\n|$)((?: {0,3}>[^\n]*(?:\n|$))*)/;
const SENTENCE = new RegExp(
  `^${SENTENCE_OPEN}(\\d+)${SENTENCE_ID_END}([^${SENTENCE_CLOSE}]*)${SENTENCE_CLOSE}`,
);

const alertTokenizer: TokenizerExtension = {
  name: "docfxAlert",
  level: "block",
  start: (src) => /^ {0,3}> ?\[!/m.exec(src)?.index,
  tokenizer(src) {
    const match = ALERT.exec(src);
    const kind = match && alertKind(match[1] ?? "");
    if (!match || !kind) return undefined;
    const quoted = (match[3] ?? "").replace(/^ {0,3}> ?/gm, "");
    const inner = [match[2] ?? "", quoted].filter((part) => part.trim()).join("\n");
    return { type: "docfxAlert", raw: match[0], kind, tokens: this.lexer.blockTokens(inner, []) };
  },
};

const sentenceTokenizer: TokenizerExtension = {
  name: "mtSentence",
  level: "inline",
  start: (src) => {
    const at = src.indexOf(SENTENCE_OPEN);
    return at < 0 ? undefined : at;
  },
  tokenizer(src) {
    const match = SENTENCE.exec(src);
    if (!match) return undefined;
    const index = Number(match[1]);
    return {
      type: "mtSentence",
      raw: match[0],
      index,
      tokens: this.lexer.inlineTokens(match[2] ?? ""),
    };
  },
};

/** `> [!div class="nextstepaction"]` and the quoted lines after it. */
const DIV =
  /^ {0,3}> ?\[!div\s+class\s*=\s*["']([^"']*)["']\s*\][ \t]*(?:\n|$)((?: {0,3}>[^\n]*(?:\n|$))*)/i;
/** `> [!VIDEO https://…]`. */
const VIDEO = /^ {0,3}> ?\[!VIDEO\s+([^\]\s]+)\s*\][ \t]*(?:\n|$)/i;
/** `::: zone pivot="…"` … `::: zone-end` (DocFX zone pivots; all zones are shown, labelled). */
const ZONE =
  /^ {0,3}:::[ \t]*zone\s+(?:pivot|target)\s*=\s*["']([^"']*)["'][^\n]*\n([\s\S]*?)^ {0,3}:::[ \t]*zone-end[ \t]*(?:\n|$)/m;

const divTokenizer: TokenizerExtension = {
  name: "docfxDiv",
  level: "block",
  start: (src) => /^ {0,3}> ?\[!div/im.exec(src)?.index,
  tokenizer(src) {
    const match = DIV.exec(src);
    if (!match) return undefined;
    const inner = (match[2] ?? "").replace(/^ {0,3}> ?/gm, "");
    const className = (match[1] ?? "").toLowerCase().replace(/[^a-z0-9 _-]/g, "");
    return {
      type: "docfxDiv",
      raw: match[0],
      className,
      tokens: this.lexer.blockTokens(inner, []),
    };
  },
};

const videoTokenizer: TokenizerExtension = {
  name: "docfxVideo",
  level: "block",
  start: (src) => /^ {0,3}> ?\[!VIDEO/im.exec(src)?.index,
  tokenizer(src) {
    const match = VIDEO.exec(src);
    return match ? { type: "docfxVideo", raw: match[0], href: match[1] ?? "" } : undefined;
  },
};

const zoneTokenizer: TokenizerExtension = {
  name: "docfxZone",
  level: "block",
  start: (src) => /^ {0,3}:::[ \t]*zone/m.exec(src)?.index,
  tokenizer(src) {
    const match = ZONE.exec(src);
    if (!match || match.index !== 0) return undefined;
    const pivot = (match[1] ?? "").trim();
    return {
      type: "docfxZone",
      raw: match[0],
      pivot,
      tokens: this.lexer.blockTokens(match[2] ?? "", []),
    };
  },
};

const lexer = new Marked({
  gfm: true,
  extensions: [divTokenizer, videoTokenizer, zoneTokenizer, alertTokenizer, sentenceTokenizer],
});

/**
 * Lexes prepared DocFX Markdown into marked tokens, with `docfxAlert`, `docfxDiv`
 * (`nextstepaction`), `docfxVideo` and `docfxZone` blocks and `mtSentence` inline tokens for
 * the DocFX constructs.
 *
 * @example
 * lexDocfx("> [!TIP]\n> Save often.")[0]?.type; // "docfxAlert"
 */
export function lexDocfx(markdown: string): Token[] {
  return lexer.lexer(markdown);
}

/**
 * The text a reader sees in inline tokens (for heading text and generated ids).
 *
 * @example
 * inlineText(lexDocfx("Hello **you**")[0]?.tokens ?? []); // "Hello you"
 */
export function inlineText(tokens: readonly Token[]): string {
  return tokens
    .map((token): string => {
      if (token.type === "html") return "";
      if (token.type === "br") return " ";
      if ("tokens" in token && Array.isArray(token.tokens)) return inlineText(token.tokens);
      return "text" in token && typeof token.text === "string" ? token.text : "";
    })
    .join("");
}

const ANCHOR = /^<a\s+(?:name|id)\s*=\s*["']([^"']+)["']\s*\/?>$/i;

/**
 * Removes a DocFX anchor (`<a name="x"></a>`) from a heading's inline tokens and returns its
 * name, or null when the heading has none.
 *
 * @example
 * takeHeadingAnchor(headingToken); // "add-a-new-customer"
 */
export function takeHeadingAnchor(heading: Tokens.Heading): string | null {
  const at = heading.tokens.findIndex((t) => t.type === "html" && ANCHOR.test(t.raw.trim()));
  if (at < 0) return null;
  const name = ANCHOR.exec(heading.tokens[at]?.raw.trim() ?? "")?.[1] ?? null;
  const next = heading.tokens[at + 1];
  const count = next?.type === "html" && /^<\/a\s*>$/i.test(next.raw.trim()) ? 2 : 1;
  heading.tokens.splice(at, count);
  return name;
}
