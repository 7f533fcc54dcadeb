import type { DocfxWarning } from "./docfx-error.ts";
import { INCLUDE } from "./prepare.ts";
import { fencedLines, resolveSetPath } from "./text.ts";

/**
 * A page with its `[!INCLUDE]`s inlined, and for each of its lines the line of the page as
 * written, so that what the reader reports still names the author's line.
 *
 * @example
 * const expanded: ExpandedIncludes = { text: "a\nincluded", lines: [1, 2], warnings: [] };
 */
export interface ExpandedIncludes {
  text: string;
  /** `lines[i]` is the file line of line `i + 1` of `text`. */
  lines: number[];
  warnings: DocfxWarning[];
}

const MAX_DEPTH = 5;
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Inlines the `[!INCLUDE[…](path)]` constructs of a page, paths relative to the including
 * file, from `read` (the text of a set file, or null when the set lacks it); an include's own
 * front matter is dropped. A missing include, or one that includes itself, is left out with a
 * warning on the line of the page that names it.
 *
 * @example
 * expandIncludes("[!INCLUDE[note](includes/note.md)]", "a/page.md", (p) => (p === "a/includes/note.md" ? "Hi" : null));
 * // { text: "Hi", lines: [1], warnings: [] }
 */
export function expandIncludes(
  source: string,
  file: string,
  read: (setPath: string) => string | null,
): ExpandedIncludes {
  const warnings: DocfxWarning[] = [];
  const expand = (text: string, from: string, stack: readonly string[]): string[] => {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    const fenced = fencedLines(lines);
    return lines.flatMap((line, i) => {
      const includes = fenced[i] ? [] : [...line.matchAll(new RegExp(INCLUDE.source, "gi"))];
      if (includes.length === 0) return [line];
      const parts: string[] = [];
      let rest = line;
      for (const match of includes) {
        const written = match[2] ?? "";
        const target = resolveSetPath(from, written);
        rest = rest.replace(match[0], "");
        const loop = target !== null && stack.includes(target);
        const included = target === null || loop || stack.length > MAX_DEPTH ? null : read(target);
        if (target === null || included === null) {
          const why = loop ? "includes itself" : "is not in the set";
          warnings.push({ line: -1, message: `include "${written}" ${why}: left out` });
          continue;
        }
        parts.push(...expand(included.replace(FRONT_MATTER, ""), target, [...stack, target]));
      }
      const kept = rest.trim() === "" ? [] : [rest];
      return [...kept, ...parts];
    });
  };
  // Track the page line of each output line by expanding line by line.
  const lines: number[] = [];
  const out: string[] = [];
  const all = source.replace(/\r\n?/g, "\n").split("\n");
  const fenced = fencedLines(all);
  all.forEach((line, i) => {
    const before = warnings.length;
    const expanded = fenced[i] ? [line] : expand(line, file, [file]);
    for (const warning of warnings.slice(before)) warning.line = i + 1;
    const kept = expanded.length === 0 ? [""] : expanded;
    out.push(...kept);
    lines.push(...kept.map(() => i + 1));
  });
  return { text: out.join("\n"), lines, warnings };
}
