import { DocfxError, lineAt } from "./docfx-error.ts";
import type { MtSentence } from "./page-model.ts";
import { stripInlineMarkdown } from "./text.ts";

/**
 * Private-use characters marking a sentence in prepared Markdown: `\uE000<index>\uE001`, the
 * translated text, then `\uE002`. Authors cannot write them: {@link SENTINELS} strips them first.
 *
 * @example
 * `${SENTENCE_OPEN}0${SENTENCE_ID_END}Bonjour${SENTENCE_CLOSE}`; // sentence 0, "Bonjour"
 */
export const SENTENCE_OPEN = "\uE000";
/** Ends the sentence index; see {@link SENTENCE_OPEN}. @example SENTENCE_ID_END; // "\uE001" */
export const SENTENCE_ID_END = "\uE001";
/** Ends the sentence; see {@link SENTENCE_OPEN}. @example SENTENCE_CLOSE; // "\uE002" */
export const SENTENCE_CLOSE = "\uE002";
/**
 * Every sentence marker, to strip from sources and from rendered output.
 *
 * @example
 * "a\uE000b".replace(SENTINELS, ""); // "ab"
 */
export const SENTINELS = /[\uE000-\uE002]/g;

const ANY_MT_SPAN = /<span\s+(?:data-ttu-id|data-stu-id|class\s*=\s*["']sxs-lookup["'])/gi;
const TTU_OPEN = /<span\s+data-ttu-id\s*=\s*["']([^"']*)["']\s*>/iy;
const LOOKUP_OPEN =
  /[ \t]*<span\s+class\s*=\s*["']sxs-lookup["']\s*>[ \t]*<span\s+data-stu-id\s*=\s*["']([^"']*)["']\s*>/iy;
const OUTER_CLOSE = /[ \t]*<\/span\s*>/iy;

/** The offset just after the `</span>` closing a span whose content starts at `from`. */
function closingSpan(text: string, from: number): { start: number; end: number } | undefined {
  const tags = /<span\b[^>]*>|<\/span\s*>|\n[ \t]*\n/gi;
  tags.lastIndex = from;
  let depth = 0;
  for (let m = tags.exec(text); m; m = tags.exec(text)) {
    if (m[0].startsWith("\n")) return undefined; // a sentence never crosses a paragraph
    if (m[0].startsWith("</")) {
      if (depth === 0) return { start: m.index, end: m.index + m[0].length };
      depth--;
    } else depth++;
  }
  return undefined;
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Replaces every DocFX machine-translation pair in `markdown` by the translated text between
 * sentence markers, and returns the sentences with their English originals.
 *
 * @throws {DocfxError} for an unclosed span, a lookup whose id differs, or a stray lookup.
 * @example
 * extractSentences('<span data-ttu-id="1">Salut</span><span class="sxs-lookup"><span data-stu-id="1">Hi</span></span>', "a.md");
 * // sentences: [{ id: "1", translated: "Salut", original: "Hi" }]
 */
export function extractSentences(
  markdown: string,
  file: string,
  skipLine: (line: number) => boolean = () => false,
): { markdown: string; sentences: MtSentence[] } {
  const sentences: MtSentence[] = [];
  let out = "";
  let copied = 0;
  const error = (offset: number, reason: string): DocfxError =>
    new DocfxError(file, lineAt(markdown, offset), reason);
  const spans = new RegExp(ANY_MT_SPAN.source, "gi");
  for (let m = spans.exec(markdown); m; m = spans.exec(markdown)) {
    const at = m.index;
    if (skipLine(lineAt(markdown, at))) continue;
    const open = matchAt(TTU_OPEN, markdown, at);
    if (!open) throw error(at, "a sxs-lookup span must follow its <span data-ttu-id> translation");
    const id = open[1] ?? "";
    const start = at + open[0].length;
    const body = closingSpan(markdown, start);
    if (!body) throw error(at, `<span data-ttu-id="${id}"> is not closed`);
    const translated = markdown.slice(start, body.start);
    let end = body.end;
    let original: string | null = null;
    const lookup = matchAt(LOOKUP_OPEN, markdown, end);
    if (lookup) {
      if (lookup[1] !== id) {
        throw error(end, `data-stu-id "${lookup[1] ?? ""}" does not match data-ttu-id "${id}"`);
      }
      const inner = closingSpan(markdown, end + lookup[0].length);
      const outer = inner && matchAt(OUTER_CLOSE, markdown, inner.end);
      if (!inner || !outer) throw error(end, `<span class="sxs-lookup"> for "${id}" is not closed`);
      original = stripInlineMarkdown(markdown.slice(end + lookup[0].length, inner.start));
      end = inner.end + outer[0].length;
    }
    const index = sentences.push({ id, translated: translated.trim(), original }) - 1;
    out += markdown.slice(copied, at) + SENTENCE_OPEN + index + SENTENCE_ID_END;
    out += translated + SENTENCE_CLOSE;
    copied = end;
    spans.lastIndex = end;
  }
  return { markdown: out + markdown.slice(copied), sentences };
}

const SIMPLE_PAIR =
  /<span\s+data-ttu-id\s*=\s*["'][^"']*["']\s*>(.*?)<\/span>(?:<span\s+class\s*=\s*["']sxs-lookup["']\s*><span\s+data-stu-id\s*=\s*["'][^"']*["']\s*>(.*?)<\/span><\/span>)?/gi;

/**
 * The text of one line as the reader would see it, and as the English original where the line
 * is machine-translated; used to recognise labels and names in the metadata lists.
 *
 * @example
 * visibleText('<span data-ttu-id="a">Rôles</span><span class="sxs-lookup"><span data-stu-id="a">Roles</span></span>');
 * // { translated: "Rôles", original: "Roles" }
 */
export function visibleText(line: string): { translated: string; original: string } {
  return {
    translated: line.replace(SIMPLE_PAIR, (_all, t: string) => t),
    original: line.replace(SIMPLE_PAIR, (_all, t: string, o: string | undefined) => o ?? t),
  };
}
