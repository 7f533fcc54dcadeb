import type { Token, Tokens } from "marked";
import { inlineText, takeHeadingAnchor } from "./markdown-lexer.ts";
import type { DocfxHeading } from "./page-model.ts";
import { headingId } from "./text.ts";

/**
 * The headings of a lexed page: its H1 (if any), the others with ids, and the id of each token.
 *
 * @example
 * const { h1, headings, ids } = readHeadings(tokens);
 */
export interface PageHeadings {
  h1: { token: Tokens.Heading; anchor: string | null; text: string } | null;
  headings: DocfxHeading[];
  ids: Map<Tokens.Heading, string>;
}

function isHeading(token: Token): token is Tokens.Heading {
  return token.type === "heading";
}

/**
 * Reads the page headings from top-level tokens: the first H1 gives the page slug and heading;
 * every other heading keeps its DocFX anchor as id, or gets a unique generated one. Anchor
 * tokens are removed from the headings so they are not rendered.
 *
 * @example
 * const { h1, headings } = readHeadings(lexDocfx('# <a name="x"></a>X\n## Steps'));
 * // h1.anchor: "x"; headings: [{ depth: 2, id: "steps", text: "Steps" }]
 */
export function readHeadings(tokens: readonly Token[]): PageHeadings {
  const used = new Set<string>();
  const ids = new Map<Tokens.Heading, string>();
  const headings: DocfxHeading[] = [];
  let h1: PageHeadings["h1"] = null;
  for (const token of tokens.filter(isHeading)) {
    const anchor = takeHeadingAnchor(token);
    const text = inlineText(token.tokens).replace(/\s+/g, " ").trim();
    if (token.depth === 1 && h1 === null) {
      h1 = { token, anchor, text };
      if (anchor) used.add(anchor);
      continue;
    }
    let id = anchor ?? headingId(text);
    if (!anchor) {
      for (let n = 2; used.has(id); n++) id = `${headingId(text)}-${n}`;
    }
    used.add(id);
    ids.set(token, id);
    headings.push({ depth: token.depth, id, text });
  }
  return { h1, headings, ids };
}
