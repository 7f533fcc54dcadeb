/**
 * CSV (RFC 4180) for exports: CRLF lines, quoted fields, a UTF-8 byte-order mark so spreadsheet
 * programs read Cyrillic and accents correctly, and cells that a spreadsheet would run as a
 * formula (OWASP "CSV injection") prefixed with an apostrophe.
 */

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
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
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
      },
      async pull(controller) {
        try {
          const rows = await nextPage();
          if (rows === null) {
            controller.close();
            return;
          }
          if (rows.length > 0) controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
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
 * ends the export. One D1 round trip per page, read as the client reads.
 *
 * @example
 * keysetCsvStream(["Name"], { page: (after, limit) => rows(after, limit), positionOf: (r) => [r.key, r.id], cells: (r) => [r.name] }, onError);
 */
export function keysetCsvStream<Row>(
  header: string[],
  source: {
    page: (after: [string, string] | undefined, limit: number) => Promise<Row[]>;
    positionOf: (row: Row) => [string, string];
    cells: (row: Row) => Cell[];
  },
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  let after: [string, string] | undefined;
  let done = false;
  return csvStream(
    header,
    async () => {
      if (done) return null;
      const rows = await source.page(after, EXPORT_PAGE_SIZE);
      const last = rows.at(-1);
      if (rows.length < EXPORT_PAGE_SIZE || last === undefined) done = true;
      else after = source.positionOf(last);
      return rows.map(source.cells);
    },
    onError,
  );
}
