/**
 * The confirmation of a row action that cannot be undone (revoke an invitation, an API key): a
 * modal `<dialog>` with `[data-confirm]`, `[data-cancel]` and a `[data-dialog-alert]` region.
 */
import type { Result } from "./api.ts";
import type { Messages } from "./messages.ts";
import { showAlert } from "./problem.ts";

export interface ConfirmParts<T> {
  dialog: HTMLDialogElement;
  /** `unexpected`, for a refusal that says nothing. */
  messages: Messages;
  /** The action, once confirmed. */
  act: (target: T) => Promise<Result<unknown>>;
  /** Refusals that mean the action needs no doing any more (gone, changed meanwhile). */
  settled?: readonly number[];
  /** A refusal the page handles itself (e.g. signed out); true when it did. */
  refused?: (status: number) => boolean;
  /** After the dialog closed on success or a settled refusal (`ok` says which). */
  done: (target: T, ok: boolean) => Promise<void>;
}

/**
 * Wires the dialog; `open(target, opener)` asks about `target`, and focus returns to `opener`
 * when the dialog closes.
 *
 * @example
 * const revoke = confirmAction({ dialog, messages, act: (key) => call(…$delete(…)), done });
 * button.addEventListener("click", () => revoke.open(key, button));
 */
export function confirmAction<T>(parts: ConfirmParts<T>): {
  open: (target: T, opener: HTMLElement) => void;
} {
  const { dialog, messages } = parts;
  const alert = dialog.querySelector<HTMLElement>("[data-dialog-alert]");
  const confirm = dialog.querySelector<HTMLButtonElement>("[data-confirm]");
  const cancel = dialog.querySelector<HTMLButtonElement>("[data-cancel]");
  if (!alert || !confirm || !cancel) throw new Error("confirmation dialog parts missing");
  let current: { target: T; opener: HTMLElement } | undefined;

  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => current?.opener.focus());
  confirm.addEventListener("click", () => {
    const asked = current;
    if (!asked) return;
    confirm.disabled = true;
    void parts.act(asked.target).then(async (result) => {
      confirm.disabled = false;
      if (!result.ok && parts.refused?.(result.status)) return;
      if (!result.ok && !(parts.settled ?? []).includes(result.status)) {
        showAlert(alert, result.problem, messages.text("unexpected"));
        return;
      }
      current = undefined;
      dialog.close();
      await parts.done(asked.target, result.ok);
    });
  });
  return {
    open: (target, opener) => {
      current = { target, opener };
      showAlert(alert, null);
      dialog.showModal();
    },
  };
}
