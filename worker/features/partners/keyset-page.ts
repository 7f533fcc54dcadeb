/**
 * One page of a keyset-paged list (SPEC §7: `{items, nextCursor}`, opaque tamper-proof cursor):
 * reads the cursor, asks for one row more than the page, and signs the position of the page's
 * last row when there is more.
 */
import type { AppEnv } from "../../lib/context.ts";
import { readCursor, signCursor } from "../../lib/cursor.ts";
import { AppError } from "../../lib/problem.ts";

/** The (sort key, id) position a page starts after. */
export type Position = [string, string];

export interface KeysetRequest<Row, Item> {
  env: AppEnv["Bindings"];
  /** What the cursor is bound to: list, cloud, caller, filters. */
  scope: Record<string, string | number | undefined>;
  cursor: string | undefined;
  limit: number;
  /** The rows after `after` (all from the start when undefined), at most `limit`. */
  rows: (after: Position | undefined, limit: number) => Promise<Row[]>;
  position: (row: Row) => Position;
  item: (row: Row) => Item;
}

/**
 * @example
 * const page = await keysetPage({ env, scope, cursor, limit, rows, position: (r) => [r.name, r.id], item });
 */
export async function keysetPage<Row, Item>(
  request: KeysetRequest<Row, Item>,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  let after: Position | undefined;
  if (request.cursor) {
    const [key, id, ...rest] = await readCursor(request.env, request.scope, request.cursor);
    if (key === undefined || id === undefined || rest.length > 0) {
      throw new AppError(400, "invalid_cursor");
    }
    after = [key, id];
  }
  const rows = await request.rows(after, request.limit + 1);
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  return {
    items: page.map(request.item),
    nextCursor:
      rows.length > request.limit && last
        ? await signCursor(request.env, request.scope, request.position(last))
        : null,
  };
}
