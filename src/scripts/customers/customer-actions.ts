/**
 * The customer page's actions behind a confirmation dialog: reset the admin password (the new
 * temporary password shown once), revoke delegated admin privileges, remove the relationship
 * (legal notice acknowledged; the customer then leaves the list, and the page says what changed
 * and that delegated admin privileges did not).
 */
import type { Customer } from "../../domain/schemas/customer.ts";
import type { Problem } from "../../domain/schemas/problem.ts";
import { NetworkError, type ApiResult } from "../api.ts";
import { customers } from "../client.ts";
import { ActionDialog, type Outcome } from "./dialog.ts";
import { copyButtons, part, showNotice, type Messages } from "./kit.ts";

/** The customer the page shows. */
interface Shown {
  customer: Customer;
}

/**
 * Runs an API call for a dialog: a problem (or the network failure) stays in the dialog; a
 * signed-out reader is shown the sign-in notice.
 */
async function attempt<T>(
  root: HTMLElement,
  messages: Messages,
  call: () => Promise<ApiResult<T>>,
  onDone: (data: T) => HTMLElement | undefined,
): Promise<Outcome> {
  let result: ApiResult<T>;
  try {
    result = await call();
  } catch (error) {
    const title = messages.text(error instanceof NetworkError ? "network" : "unexpected");
    return { done: false, problem: { title } };
  }
  if (result.ok) {
    const focus = onDone(result.data);
    return focus ? { done: true, focus } : { done: true };
  }
  if (result.status === 401) {
    showNotice(root, "sign-in");
    return { done: true };
  }
  const problem: Partial<Problem> =
    result.problem.title || result.problem.errors
      ? result.problem
      : { title: messages.text("unexpected") };
  return { done: false, problem };
}

/**
 * Wires the action buttons of the page (`[data-action="reset|revoke|remove"]`) present in this
 * cloud to their dialogs. `current` gives the customer shown; `changed` re-renders it.
 */
export function wireActions(
  root: HTMLElement,
  messages: Messages,
  current: () => Shown | undefined,
  changed: (customer: Customer) => void,
): void {
  const status = part(root, "[data-action-status]");
  const title = part(root, "[data-title]");
  const dialog = (kind: string) =>
    root.querySelector<HTMLDialogElement>(`dialog[data-dialog="${kind}"]`);
  const button = (kind: string) => root.querySelector<HTMLButtonElement>(`[data-action="${kind}"]`);

  const resetDialog = dialog("reset");
  const resetButton = button("reset");
  if (resetDialog && resetButton) {
    const result = part(root, "[data-password-result]");
    copyButtons(result, messages);
    const reset = new ActionDialog(resetDialog, () => {
      const shown = current();
      if (!shown) return Promise.resolve({ done: true });
      status.textContent = messages.text("resetting");
      return attempt(
        root,
        messages,
        () => customers.resetAdminPassword(shown.customer.id),
        (data) => {
          status.textContent = "";
          part(result, "[data-upn]").textContent = data.userPrincipalName;
          part(result, "[data-password]").textContent = data.temporaryPassword;
          result.hidden = false;
          return part(result, "h2");
        },
      ).finally(() => {
        status.textContent = "";
      });
    });
    resetButton.addEventListener("click", () => {
      const shown = current();
      part(resetDialog, "[data-dialog-text]").textContent = messages.text("resetText", {
        account: `admin@${shown?.customer.domain ?? ""}`,
      });
      reset.open(resetButton);
    });
  }

  const revokeDialog = dialog("revoke");
  const revokeButton = button("revoke");
  if (revokeDialog && revokeButton) {
    const revoke = new ActionDialog(revokeDialog, () => {
      const shown = current();
      if (!shown) return Promise.resolve({ done: true });
      status.textContent = messages.text("revoking");
      return attempt(
        root,
        messages,
        () => customers.revokeDelegatedAdmin(shown.customer.id),
        () => {
          changed({
            ...shown.customer,
            relationship: { ...shown.customer.relationship, delegatedAdmin: false },
          });
          status.textContent = messages.text("revoked");
          return title;
        },
      ).finally(() => {
        if (status.textContent === messages.text("revoking")) status.textContent = "";
      });
    });
    revokeButton.addEventListener("click", () => revoke.open(revokeButton));
  }

  const removeDialog = dialog("remove");
  const removeButton = button("remove");
  if (removeDialog && removeButton) {
    const removed = part(root, "[data-removed]");
    const acknowledgement = part<HTMLInputElement>(
      removeDialog,
      'input[name="acknowledgeLegalNotice"]',
    );
    const remove = new ActionDialog(
      removeDialog,
      () => {
        const shown = current();
        if (!shown) return Promise.resolve({ done: true });
        status.textContent = messages.text("removing");
        return attempt(
          root,
          messages,
          () => customers.removeRelationship(shown.customer.id),
          (data) => {
            status.textContent = "";
            part(root, "[data-customer]").hidden = true;
            part(removed, "[data-removed-text]").textContent = messages.text("removedText", {
              company: shown.customer.companyName,
            });
            part(removed, "[data-removed-subscriptions]").textContent = messages.plural(
              "suspended",
              data.subscriptions.suspended,
            );
            part(removed, "[data-removed-dap]").textContent = messages.text(
              data.delegatedAdmin.state === "active" ? "removedDapActive" : "removedDapRevoked",
            );
            removed.hidden = false;
            return part(removed, "h2");
          },
        ).finally(() => {
          if (status.textContent === messages.text("removing")) status.textContent = "";
        });
      },
      () =>
        acknowledgement.checked
          ? null
          : {
              errors: [
                {
                  path: "acknowledgeLegalNotice",
                  code: "acknowledgement_required",
                  message: messages.text("acknowledge"),
                },
              ],
            },
    );
    removeButton.addEventListener("click", () => remove.open(removeButton));
  }
}
