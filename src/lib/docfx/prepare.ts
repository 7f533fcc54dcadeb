import type { DocfxWarning } from "./docfx-error.ts";

/**
 * Line-preserving rewrites of DocFX constructs that Markdown does not know, done before the
 * page is lexed: every rewrite keeps the number of lines, so warnings and errors still name the
 * line an author sees.
 */

const COMMENT = /<!--[\s\S]*?-->/g;
const IMAGE_OPEN = /()(?<!-):::image\s+((?:(?!:::)[\s\S])*?)\s*:::/g;
/** `:::no-loc text="…":::`: a term left untranslated, shown as written. */
const NO_LOC = /:::no-loc\s+text\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*:::/g;
const IMAGE_END = /^ {0,3}:::image-end:::[ \t]*$/gm;
/** `[!INCLUDE[title](path)]`, in any case, with optional spaces. */
export const INCLUDE = /\[!INCLUDE\s*\[([^\]]*)\]\s*\(\s*<?([^)>\s]+)>?\s*\)\s*\]/gi;

/** The blank text standing for `text`: its line breaks only. */
const blank = (text: string): string => text.replace(/[^\n]/g, "");

/** The value of `name="…"` (or `name='…'`) in a DocFX attribute list. */
function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(attributes);
  return match ? (match[1] ?? match[2] ?? "") : undefined;
}

/**
 * Removes HTML comments outside code (DocFX authors hide notes and old text in them), keeping
 * their line breaks.
 *
 * @example
 * stripComments("a <!-- hidden\nnote --> b", () => false); // "a \n b"
 */
export function stripComments(text: string, inCode: (offset: number) => boolean): string {
  return text.replace(COMMENT, (comment, offset: number) =>
    inCode(offset) ? comment : blank(comment),
  );
}

/**
 * Turns `:::image type="content" source="…" alt-text="…":::` into a Markdown image (the
 * long description of a `type="complex"` image, up to `:::image-end:::`, stays as text), and
 * `:::no-loc text="…":::` into its text.
 *
 * @example
 * imagesToMarkdown(':::image type="content" source="media/a.png" alt-text="A":::'); // "![A](media/a.png)"
 */
export function imagesToMarkdown(text: string): string {
  const toImage = (all: string, indent: string, attributes: string): string => {
    const source = attribute(attributes, "source");
    if (source === undefined) return all;
    const alt = (attribute(attributes, "alt-text") ?? "").replace(/[[\]]/g, "");
    return `${indent}![${alt}](${source.replace(/[()\s]/g, encodeURIComponent)})${blank(all)}`;
  };
  return text
    .replace(IMAGE_OPEN, toImage)
    .replace(IMAGE_END, "")
    .replace(NO_LOC, (_all, double?: string, single?: string) => double ?? single ?? "");
}

/**
 * Removes the `[!INCLUDE[…](…)]` constructs left in a page (a reader without the set cannot
 * resolve them), with a warning each.
 *
 * @example
 * dropIncludes("a\n[!INCLUDE[x](includes/x.md)]", () => 2); // text "a\n", one warning
 */
export function dropIncludes(
  text: string,
  lineAt: (offset: number) => number,
  inCode: (offset: number) => boolean = () => false,
): { text: string; warnings: DocfxWarning[] } {
  const warnings: DocfxWarning[] = [];
  const out = text.replace(INCLUDE, (all, _title: string, target: string, offset: number) => {
    if (inCode(offset)) return all;
    warnings.push({
      line: lineAt(offset),
      message: `include "${target}" is not in the set: left out`,
    });
    return blank(all);
  });
  return { text: out, warnings };
}
