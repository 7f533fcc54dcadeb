/**
 * A problem in one DocFX file, located by file and 1-based line so an author can jump to it.
 * The message reads like a compiler diagnostic: `add-customer.md:3: ms.translationtype must be
 * HT or MT`.
 *
 * @example
 * throw new DocfxError("add-customer.md", 3, "ms.translationtype must be HT or MT");
 */
export class DocfxError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = "DocfxError";
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/**
 * Something a reader of a DocFX file noticed and worked around (an unknown cloud name, a
 * missing image): the page is still read. `line` is 1-based, in the file as written.
 *
 * @example
 * const warning: DocfxWarning = { line: 9, message: '"Dynamics 365 CRM" is not one of the portal\'s clouds: ignored' };
 */
export interface DocfxWarning {
  line: number;
  message: string;
}

/**
 * One problem found across a set of documents (conflicts, missing sources).
 *
 * @example
 * const problem: DocfxSetProblem = { file: "fr-FR/x.md", message: "fr-FR/x.md translates …" };
 */
export interface DocfxSetProblem {
  /** The file the problem is reported against (the later one, for a conflict). */
  file: string;
  message: string;
}

/**
 * Problems that concern several documents at once, such as two files claiming the same
 * (cloud, locale, slug). Every problem is listed in the message, one per line.
 *
 * @example
 * throw new DocfxSetError([{ file: "b.md", message: "…also claimed by a.md" }]);
 */
export class DocfxSetError extends Error {
  readonly problems: readonly DocfxSetProblem[];

  constructor(problems: readonly DocfxSetProblem[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "DocfxSetError";
    this.problems = problems;
  }
}

/**
 * The 1-based line of `offset` in `text`.
 *
 * @example
 * lineAt("a\nb\nc", 2); // 2
 */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) line++;
  }
  return line;
}
