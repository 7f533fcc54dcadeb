import type { DocfxDocument } from "./page-model.ts";
import { visibleText } from "./mt-sentences.ts";
import { plainTitle } from "./text.ts";

/**
 * Whether a machine-translated page carries the English original of every sentence, so that
 * its English page can be built from them.
 *
 * @example
 * hasEveryOriginal(parseDocfx(source, "fr/a.md")); // true
 */
export function hasEveryOriginal(doc: DocfxDocument): boolean {
  return doc.sentences.length > 0 && doc.sentences.every((s) => s.original !== null);
}

const FRONT_MATTER_END = /^(---|\.\.\.)[ \t]*$/m;

/**
 * The English page of a machine-translated side-by-side page: every sentence replaced by its
 * English original, the English H1 as title, the front matter marked English (`ms.contentlocale: en-us`,
 * `ms.englishfrom: <file>`), and a note under the H1 saying where the page comes from.
 *
 * @example
 * englishFromOriginals(source, "fr-fr/add-a-new-customer.md"); // "---\n…ms.contentlocale: en-us\n…"
 */
export function englishFromOriginals(text: string, file: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex((line, i) => i > 0 && FRONT_MATTER_END.test(line));
  // The translated title and description have no original: the English H1 is the title.
  const frontMatter = lines
    .slice(1, end)
    .filter(
      (line) =>
        !/^(title|description|ms\.contentlocale|ms\.translationtype|ms\.englishfrom)\s*:/i.test(
          line,
        ),
    );
  let noted = false;
  let title = "";
  const body = lines.slice(end + 1).map((line) => {
    const english = visibleText(line).original;
    if (noted || !/^ {0,3}#\s/.test(english)) return english;
    noted = true;
    title = plainTitle(english.replace(/^ {0,3}#\s+/, ""));
    // One line, so every later line keeps its number.
    return `${english}\n> [!NOTE]\n> This English page is built from the English original sentences of the machine-translated page ${file}.`;
  });
  return [
    "---",
    `title: ${JSON.stringify(title)}`,
    ...frontMatter,
    "ms.contentlocale: en-us",
    "ms.translationtype: HT",
    `ms.englishfrom: ${JSON.stringify(file)}`,
    ...lines.slice(end, end + 1),
    ...body,
  ].join("\n");
}
