import { fencedLines } from "./text.ts";

/**
 * One Markdown link or image as the importer sees it, and what it becomes.
 *
 * @example
 * const link: MarkdownLink = { image: false, text: "the overview", target: "overview.md#roles", line: 12 };
 */
export interface MarkdownLink {
  image: boolean;
  /** The link text or image alt text, as written. */
  text: string;
  /** The target as written (without angle brackets), fragment included. */
  target: string;
  /** 1-based line in the text. */
  line: number;
}

/**
 * What a link becomes: a new target, or plain text (its link text, or the alt text of an
 * image), or unchanged (null).
 *
 * @example
 * const next: LinkRewrite = { target: "add-a-new-customer.md" };
 */
export type LinkRewrite = { target: string } | { text: string } | null;

// [text](target "title") and ![alt](target), the text allowing one level of brackets.
const INLINE_LINK =
  /(!?)\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*|)((?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?)\s*\)/g;
// [label]: target "title"
const DEFINITION = /^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)(.*)$/;

/** Rewrites the inline links of one line, and the links and images inside their text. */
function rewriteInline(
  line: string,
  at: number,
  rewrite: (link: MarkdownLink) => LinkRewrite,
): string {
  return line.replace(
    INLINE_LINK,
    (all, bang: string, text: string, raw: string, title: string) => {
      const target = raw.replace(/^<|>$/g, "");
      const next = rewrite({ image: bang === "!", text, target, line: at });
      const inner = bang === "!" ? text : rewriteInline(text, at, rewrite);
      if (next === null) return inner === text ? all : `${bang}[${inner}](${raw}${title})`;
      if ("text" in next) return bang === "!" ? next.text : rewriteInline(next.text, at, rewrite);
      return `${bang}[${inner}](${next.target}${title})`;
    },
  );
}

/**
 * Visits every inline link, image and link reference definition of a Markdown text, outside
 * fenced code, and applies `rewrite` to it.
 *
 * @example
 * rewriteMarkdownLinks("[a](old.md#x)", (link) => ({ target: link.target.replace("old", "new") }));
 * // "[a](new.md#x)"
 */
export function rewriteMarkdownLinks(
  markdown: string,
  rewrite: (link: MarkdownLink) => LinkRewrite,
): string {
  const lines = markdown.split("\n");
  const fenced = fencedLines(lines);
  return lines
    .map((line, i) => {
      if (fenced[i]) return line;
      const definition = DEFINITION.exec(line);
      if (definition) {
        const [, open = "", raw = "", rest = ""] = definition;
        const target = raw.replace(/^<|>$/g, "");
        const next = rewrite({ image: false, text: "", target, line: i + 1 });
        if (next === null) return line;
        return "target" in next ? `${open}${next.target}${rest}` : "";
      }
      return rewriteInline(line, i + 1, rewrite);
    })
    .join("\n");
}
