import { describe, expect, it } from "vitest";
import { PageCursors } from "../../../src/scripts/kit/pager.ts";

describe("PageCursors", () => {
  it("walks forward through the cursors the answers give, and back", () => {
    const pages = new PageCursors();
    expect(pages.cursor).toBeUndefined();
    expect(pages.forward()).toBe(false);
    pages.seen("c1");
    expect(pages.hasNext).toBe(true);
    expect(pages.forward()).toBe(true);
    expect([pages.index, pages.cursor]).toEqual([1, "c1"]);
    pages.seen(null);
    expect(pages.forward()).toBe(false);
    expect(pages.back()).toBe(true);
    expect([pages.index, pages.cursor]).toEqual([0, undefined]);
    expect(pages.back()).toBe(false);
  });

  it("forgets the pages after the one shown when it is read again", () => {
    const pages = new PageCursors();
    pages.seen("c1");
    pages.forward();
    pages.seen("c2");
    pages.back();
    // The first page, read again, now ends the list (the rest was removed meanwhile).
    pages.seen(null);
    expect(pages.hasNext).toBe(false);
  });

  it("starts over at the first page", () => {
    const pages = new PageCursors();
    pages.seen("c1");
    pages.forward();
    pages.restart();
    expect([pages.index, pages.cursor, pages.hasNext]).toEqual([0, undefined, false]);
  });
});
