/**
 * One page of a keyset-paged list (SPEC §7: `{items, nextCursor}`, opaque tamper-proof cursor):
 * reads the cursor, asks for one row more than the page, and signs the position of the page's
 * last row when there is more. Customers, invitations, linked partners and the audit log page
 * this way.
 *
 * A page is built key by key by its typed `item` mapper, whose type is the response schema's, so
 * the busiest lists (customers, invitations, audit) answer it as it is rather than parsing it
 * again: that cost about 1.6 µs an item, 80 µs a page of 50. The contract tests hold every
 * answer to the OpenAPI document.
 */
import type { AppEnv } from "./context.ts";
import { readCursor, signCursor } from "./cursor.ts";
import { AppError } from "./problem.ts";

/** The (sort key, id) position a page starts after. */
export type Position = [string, string];

/** What a cursor carries: a sort key and an id, and what else the next page needs. */
export type KeysetPosition = [string, string, ...string[]];

export interface KeysetRequest<Row, Item, P extends KeysetPosition> {
  env: AppEnv["Bindings"];
  /** What the cursor is bound to: list, cloud, caller, filters. */
  scope: Record<string, string | number | undefined>;
  cursor: string | undefined;
  limit: number;
  /** The rows after `after` (all from the start when undefined), at most `limit`. */
  rows: (after: P | undefined, limit: number) => Promise<Row[]>;
  /** What the cursor carries for `row`: its sort key and id, and anything the next page needs. */
  position: (row: Row) => P;
  item: (row: Row) => Item;
  /** How many strings a position holds (2 unless `position` carries more). */
  positionLength?: number;
}

/**
 * @example
 * const page = await keysetPage({ env, scope, cursor, limit, rows, position: (r) => [r.name, r.id], item });
 */
export async function keysetPage<Row, Item, P extends KeysetPosition = Position>(
  request: KeysetRequest<Row, Item, P>,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  let after: P | undefined;
  if (request.cursor) {
    const position = await readCursor(request.env, request.scope, request.cursor);
    if (position.length !== (request.positionLength ?? 2)) {
      throw new AppError(400, "invalid_cursor");
    }
    after = position as P;
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
