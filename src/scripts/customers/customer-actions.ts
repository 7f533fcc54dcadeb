/**
 * The customer page's actions behind a confirmation dialog: reset the admin password (the new
 * temporary password shown once), revoke delegated admin privileges, remove the relationship
 * (legal notice acknowledged; the customer then leaves the list, and the page says what changed
 * and that delegated admin privileges did not).
 */
import type { Customer } from "../../domain/schemas/customer.ts";
import type { Problem } from "../../domain/schemas/problem.ts";
import { api, call, here, type Result } from "../kit/api.ts";
import { copyButtons, part, showAccess, type Messages } from "../kit/index.ts";
import { ActionDialog, type Outcome } from "./dialog.ts";

/** The customer the page shows. */
interface Shown {
  customer: Customer;
}

/** The path parameters of one customer of the page's cloud. */
export function customerParam(id: string): { cloud: string; id: string } {
  return { ...here(), id: encodeURIComponent(id) };
}

/** One action of the page: its dialog, the call it confirms, and what its answer changes. */
interface Action<T> {
  kind: "reset" | "revoke" | "remove";
  /** The message announced while the call runs. */
  pending: string;
  request: (customer: Customer) => Promise<Result<T>>;
  /** Shows the answer; returns where focus goes once the dialog closes. */
  done: (data: T, customer: Customer) => HTMLElement;
  /** The problem that stops the call before it runs (an unticked acknowledgement). */
  precheck?: () => Partial<Problem> | null;
  /** Prepares the dialog for the customer before it opens. */
  prepare?: (dialog: HTMLDialogElement, customer: Customer | undefined) => void;
}

/**
 * Wires the action buttons of the page (`[data-action="reset|revoke|remove"]`) present in this
 * cloud to their dialogs. `current` gives the customer shown; `changed` re-renders it. A
 * problem (or the network failure) stays in the dialog; a signed-out reader is shown the
 * sign-in notice.
 */
export function wireActions(
  root: HTMLElement,
  messages: Messages,
  current: () => Shown | undefined,
  changed: (customer: Customer) => void,
): void {
  const status = part(root, "[data-action-status]");

  function wire<T>(action: Action<T>): void {
    const element = root.querySelector<HTMLDialogElement>(`dialog[data-dialog="${action.kind}"]`);
    const button = root.querySelector<HTMLButtonElement>(`[data-action="${action.kind}"]`);
    if (!element || !button) return;
    const run = async (): Promise<Outcome> => {
      const customer = current()?.customer;
      if (!customer) return { done: true };
      status.textContent = messages.text(action.pending);
      const result = await action.request(customer);
      if (status.textContent === messages.text(action.pending)) status.textContent = "";
      if (result.ok) return { done: true, focus: action.done(result.data, customer) };
      if (result.status === 401) {
        showAccess(root, "signed-out");
        return { done: true };
      }
      const { problem } = result;
      return {
        done: false,
        problem: problem.title || problem.errors ? problem : { title: messages.text("unexpected") },
      };
    };
    const dialog = new ActionDialog(element, run, action.precheck);
    button.addEventListener("click", () => {
      action.prepare?.(element, current()?.customer);
      dialog.open(button);
    });
  }

  const passwordResult = root.querySelector<HTMLElement>("[data-password-result]");
  if (passwordResult) copyButtons(passwordResult, messages);
  wire({
    kind: "reset",
    pending: "resetting",
    request: (customer) =>
      call(
        api.customers[":id"]["admin-password"].$post({
          param: customerParam(customer.id),
          json: {},
        }),
        messages,
      ),
    done: (data) => {
      const result = part(root, "[data-password-result]");
      part(result, "[data-upn]").textContent = data.userPrincipalName;
      part(result, "[data-password]").textContent = data.temporaryPassword;
      result.hidden = false;
      return part(result, "h2");
    },
    prepare: (dialog, customer) => {
      part(dialog, "[data-dialog-text]").textContent = messages.text("resetText", {
        account: `admin@${customer?.domain ?? ""}`,
      });
    },
  });

  wire({
    kind: "revoke",
    pending: "revoking",
    request: (customer) =>
      call(
        api.customers[":id"]["delegated-admin"].$delete({ param: customerParam(customer.id) }),
        messages,
      ),
    done: (_, customer) => {
      changed({ ...customer, relationship: { ...customer.relationship, delegatedAdmin: false } });
      status.textContent = messages.text("revoked");
      return part(root, "[data-title]");
    },
  });

  wire({
    kind: "remove",
    pending: "removing",
    request: (customer) =>
      call(
        api.customers[":id"].relationship.$delete({
          param: customerParam(customer.id),
          json: { acknowledgeLegalNotice: true },
        }),
        messages,
      ),
    done: (data, customer) => {
      const removed = part(root, "[data-removed]");
      part(root, "[data-customer]").hidden = true;
      part(removed, "[data-removed-text]").textContent = messages.text("removedText", {
        company: customer.companyName,
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
    precheck: () =>
      root.querySelector<HTMLInputElement>('input[name="acknowledgeLegalNotice"]:checked')
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
  });
}
