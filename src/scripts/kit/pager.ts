/**
 * A keyset-paged table (SPEC §7 `{items, nextCursor}`): the first page on `reload()`, the next
 * one appended on "Show more", an empty-state paragraph, and problems in the list's alert.
 */
import type { Result } from "./api.ts";
import type { Messages } from "./messages.ts";
import { showAlert } from "./problem.ts";

/** One page of a list, as every list endpoint answers. */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface PagerParts<Item> {
  /** `loading` and `unexpected`. */
  messages: Messages;
  rows: HTMLElement;
  more: HTMLButtonElement;
  empty: HTMLElement;
  /** The list's status line: `class="status status--line"`, so it keeps its line while empty. */
  status: HTMLElement;
  alert: HTMLElement;
  /** One page, after `cursor` (the first page for undefined). */
  load: (cursor: string | undefined) => Promise<Result<Page<Item>>>;
  /** The row of one item. */
  row: (item: Item) => HTMLElement;
  /** Called after each page is shown, with the number of rows now shown. */
  shown?: (count: number) => void;
}

/**
 * @example
 * const list = pager({ messages, rows, more, empty, status, alert, load, row });
 * await list.reload();
 */
export function pager<Item>(parts: PagerParts<Item>): { reload: () => Promise<void> } {
  const { messages } = parts;
  let cursor: string | null = null;
  let generation = 0;

  async function fetchPage(append: boolean): Promise<void> {
    const mine = ++generation;
    parts.more.disabled = true;
    parts.status.textContent = messages.text("loading");
    showAlert(parts.alert, null);
    const result = await parts.load(append ? (cursor ?? undefined) : undefined);
    // A newer reload started meanwhile: its answer wins.
    if (mine !== generation) return;
    parts.more.disabled = false;
    parts.status.textContent = "";
    if (!result.ok) {
      showAlert(parts.alert, result.problem, messages.text("unexpected"));
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

/**
 * Where a reader is in a list read one keyset page at a time, forward and back ("Previous",
 * "Next"): the cursor of every page seen so far (the first page has none).
 *
 * @example
 * const pages = new PageCursors();
 * load(pages.cursor); // then, with the answer:
 * pages.seen(answer.nextCursor);
 * if (pages.forward()) load(pages.cursor);
 */
export class PageCursors {
  private cursors: (string | undefined)[] = [undefined];
  /** The page shown, from 0. */
  index = 0;

  /** The cursor of the page shown (undefined for the first). */
  get cursor(): string | undefined {
    return this.cursors[this.index];
  }

  /** Whether a page follows the one shown. */
  get hasNext(): boolean {
    return this.cursors[this.index + 1] !== undefined;
  }

  /** Back to the first page (a new search). */
  restart(): void {
    this.cursors = [undefined];
    this.index = 0;
  }

  /** Records the answer for the page shown: the cursor of the next page, if any. */
  seen(nextCursor: string | null): void {
    this.cursors = this.cursors.slice(0, this.index + 1);
    if (nextCursor) this.cursors.push(nextCursor);
  }

  /** Moves to the next page; false when there is none. */
  forward(): boolean {
    if (!this.hasNext) return false;
    this.index += 1;
    return true;
  }

  /** Moves to the previous page; false on the first. */
  back(): boolean {
    if (this.index === 0) return false;
    this.index -= 1;
    return true;
  }
}
