/**
 * A keyset-paged table (SPEC §7 `{items, nextCursor}`): the first page on `reload()`, the next
 * one appended on "Show more", an empty-state paragraph, and problems in the list's alert.
 */
import type { ApiResult } from "../api.ts";
import { attempt, message, showProblem } from "./kit.ts";

export interface PagedListParts<Item> {
  /** Holds the `data-msg-*` messages (`loading`, `network`, `unexpected`). */
  root: HTMLElement;
  rows: HTMLElement;
  more: HTMLButtonElement;
  empty: HTMLElement;
  status: HTMLElement;
  alert: HTMLElement;
  /** One page, after `cursor` (the first page for undefined). */
  load: (
    cursor: string | undefined,
  ) => Promise<ApiResult<{ items: Item[]; nextCursor: string | null }>>;
  /** The row of one item. */
  row: (item: Item) => HTMLElement;
  /** Called after each page is shown, with the number of rows now shown. */
  shown?: (count: number) => void;
}

/**
 * @example
 * const list = pagedList({ root, rows, more, empty, status, alert, load, row });
 * await list.reload();
 */
export function pagedList<Item>(parts: PagedListParts<Item>) {
  let cursor: string | null = null;
  let generation = 0;

  async function fetchPage(append: boolean): Promise<void> {
    const mine = ++generation;
    parts.more.disabled = true;
    parts.status.textContent = message(parts.root, "loading");
    showProblem(parts.alert, null);
    const result = await attempt(parts.root, () =>
      parts.load(append ? (cursor ?? undefined) : undefined),
    );
    // A newer reload started meanwhile: its answer wins.
    if (mine !== generation) return;
    parts.more.disabled = false;
    parts.status.textContent = "";
    if (!result.ok) {
      showProblem(parts.alert, result.problem, message(parts.root, "unexpected"));
      return;
    }
    if (!append) parts.rows.replaceChildren();
    const added = result.data.items.map(parts.row);
    parts.rows.append(...added);
    // "Show more" leads the reader on to the first new row (the button may now be gone).
    if (append && added[0]) {
      added[0].tabIndex = -1;
      added[0].focus();
    }
    cursor = result.data.nextCursor;
    parts.more.hidden = cursor === null;
    parts.empty.hidden = parts.rows.childElementCount > 0;
    parts.shown?.(parts.rows.childElementCount);
  }

  parts.more.addEventListener("click", () => void fetchPage(true));
  return {
    /** Shows the first page again (after a filter change, a new or revoked invitation). */
    reload: (): Promise<void> => fetchPage(false),
  };
}
