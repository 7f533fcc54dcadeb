/**
 * CSV (RFC 4180) for exports, safe to open in a spreadsheet whatever its list separator: CRLF
 * lines; every text field quoted; the separator chosen (`,` or `;`); a UTF-8 byte-order mark so
 * spreadsheet programs read Cyrillic and accents correctly; and every place a spreadsheet could
 * start a cell — the field's start, and any `,`, `;` or line break inside it, in case the file
 * is split on the other separator — neutralised when a formula could start there (OWASP "CSV
 * injection": `= + - @`, tab, CR), by an apostrophe.
 */

import type { KeysetPosition, Position } from "./keyset-page.ts";

type Cell = string | number | boolean | null | undefined;

/** A formula start at a cell start: the field's start, or after a separator or line break. */
const FORMULA_STARTS = /(^|[,;\r\n])(?=[=+\-@\t\r])/g;

/**
 * One CSV field: text quoted and neutralised, numbers and booleans as they are, nothing empty.
 *
 * @example
 * csvField("=1+2"); // "\"'=1+2\""
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  return `"${value.replace(FORMULA_STARTS, "$1'").replaceAll('"', '""')}"`;
}

/** One CSV line with `separator`, CRLF-terminated. */
export function csvLine(cells: Cell[], separator: "," | ";" = ","): string {
  return `${cells.map(csvField).join(separator)}\r\n`;
}

/**
 * A byte stream of `header` and then the rows `nextPage` yields, page by page, until it returns
 * null. Pages are fetched only as the client reads (backpressure), so memory stays flat.
 *
 * @example
 * new Response(csvStream(["Name"], async () => null), { headers: { "Content-Type": "text/csv" } });
 */
export function csvStream(
  header: string[],
  nextPage: () => Promise<Cell[][] | null>,
  onError: (error: unknown) => void,
  separator: "," | ";" = ",",
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const line = (cells: Cell[]) => csvLine(cells, separator);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`\uFEFF${line(header)}`));
      },
      // Each pull enqueues a chunk or closes: a pull that did neither would leave the reader
      // waiting for ever (the stream pulls again only after an enqueue), and an empty page
      // comes when nothing matches or the last page was exactly full.
      async pull(controller) {
        try {
          for (;;) {
            const rows = await nextPage();
            if (rows === null) {
              controller.close();
              return;
            }
            if (rows.length > 0) {
              controller.enqueue(encoder.encode(rows.map(line).join("")));
              return;
            }
          }
        } catch (error) {
          // The status line is already sent: cut the stream, so the client sees a failed download.
          onError(error);
          controller.error(new Error("export failed"));
        }
      },
    },
    { highWaterMark: 0 },
  );
}

/** Rows per round trip of an export. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * A CSV stream of every row a keyset-paged query yields: `page(after, limit)` reads the next
 * page after the position `positionOf` gives for the previous page's last row; a short page
 * ends the export. One D1 round trip per page, read as the client reads — except the first,
 * read before the response starts, so that a refusal (an ended session, a database error) is a
 * proper problem response rather than a cut download.
 *
 * @example
 * await keysetCsvStream(["Name"], { page: (after, limit) => rows(after, limit), positionOf: (r) => [r.key, r.id], cells: (r) => [r.name] }, onError, ";");
 */
export async function keysetCsvStream<Row, P extends KeysetPosition = Position>(
  header: string[],
  source: {
    page: (after: P | undefined, limit: number) => Promise<Row[]>;
    positionOf: (row: Row) => P;
    cells: (row: Row) => Cell[];
  },
  onError: (error: unknown) => void,
  separator: "," | ";" = ",",
): Promise<ReadableStream<Uint8Array>> {
  let after: P | undefined;
  let done = false;
  const next = async () => {
    if (done) return null;
    const rows = await source.page(after, EXPORT_PAGE_SIZE);
    const last = rows.at(-1);
    if (rows.length < EXPORT_PAGE_SIZE || last === undefined) done = true;
    else after = source.positionOf(last);
    return rows.map(source.cells);
  };
  let first: Cell[][] | null = await next();
  return csvStream(
    header,
    async () => {
      if (first === null) return next();
      const rows = first;
      first = null;
      return rows;
    },
    onError,
    separator,
  );
}
