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
