/**
 * Finding the parts a page rendered, and the small things several pages do with them: copy a
 * text, hand a file to the reader.
 */
import type { Messages } from "./messages.ts";

/**
 * An element the page must have (its .astro file renders them all).
 *
 * @example
 * const form = part<HTMLFormElement>(document, "form[data-wizard]");
 */
export function part<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`page part missing: ${selector}`);
  return element;
}

/**
 * Wires `[data-copy]` buttons: each copies the text of the element its `data-copy` names (by id)
 * and says so in its `[data-copy-status]` live region; where the clipboard is refused, the text
 * is selected so the reader can copy it by hand.
 */
export function copyButtons(root: ParentNode, messages: Messages): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-copy]")) {
    button.addEventListener("click", () => {
      const source = document.getElementById(button.dataset["copy"] ?? "");
      const status = button.parentElement?.querySelector<HTMLElement>("[data-copy-status]");
      const done = (copied: boolean) => {
        if (status) status.textContent = messages.text(copied ? "copied" : "copyManually");
        if (!copied && source) getSelection()?.selectAllChildren(source);
      };
      if (!navigator.clipboard) return done(false);
      navigator.clipboard.writeText(source?.textContent ?? "").then(
        () => done(true),
        () => done(false),
      );
    });
  }
}

/** Hands `blob` to the reader as a download named `name` (a CSV export). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
