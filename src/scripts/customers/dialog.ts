/**
 * A confirmation `<dialog>` of the customer page (components/customers/ActionDialog.astro): opens
 * modally from a button with focus on its title, runs its action on submit with the buttons
 * disabled, shows the API's problem inside itself, and gives focus back to the button that
 * opened it — or to wherever the action's outcome is shown.
 */
import type { Problem } from "../../domain/schemas/problem.ts";
import { clearErrors, part, showProblem } from "../kit/index.ts";

/** What an action reports: done (and where focus goes next), or a problem to show. */
export type Outcome =
  { done: true; focus?: HTMLElement } | { done: false; problem: Partial<Problem> };

/**
 * One confirmation dialog and its action.
 *
 * @example
 * const dialog = new ActionDialog(element, () => revoke(), () => null);
 * button.addEventListener("click", () => dialog.open(button));
 */
export class ActionDialog {
  readonly dialog: HTMLDialogElement;
  readonly form: HTMLFormElement;
  private readonly alert: HTMLElement;
  private opener: HTMLElement | null = null;
  private focusAfter: HTMLElement | null = null;

  /**
   * @param action the API call the dialog confirms
   * @param precheck the problem to show instead of running it (e.g. the unticked acknowledgement)
   */
  constructor(
    dialog: HTMLDialogElement,
    action: () => Promise<Outcome>,
    precheck: () => Partial<Problem> | null = () => null,
  ) {
    this.dialog = dialog;
    this.form = part<HTMLFormElement>(dialog, "form");
    this.alert = part(dialog, "[data-dialog-error]");
    part(dialog, "[data-close]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      (this.focusAfter ?? this.opener)?.focus();
      this.focusAfter = null;
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (this.form.getAttribute("aria-busy") === "true") return;
      clearErrors(this.form, this.alert);
      const problem = precheck();
      if (problem) {
        showProblem(this.form, this.alert, problem, "");
        return;
      }
      this.busy(true);
      void action().then(
        (outcome) => {
          this.busy(false);
          if (outcome.done) {
            this.focusAfter = outcome.focus ?? null;
            dialog.close();
          } else {
            showProblem(this.form, this.alert, outcome.problem, "");
          }
        },
        () => this.busy(false),
      );
    });
  }

  private busy(pending: boolean): void {
    this.form.setAttribute("aria-busy", String(pending));
    for (const button of this.form.querySelectorAll("button")) button.disabled = pending;
  }

  /** Opens the dialog for `opener`, reset to its first state. */
  open(opener: HTMLElement): void {
    this.opener = opener;
    this.form.reset();
    clearErrors(this.form, this.alert);
    this.dialog.showModal();
    // From the top: the reader meets the notice before the checkbox and buttons below it.
    this.dialog.scrollTop = 0;
    part(this.dialog, ".dialog__title").focus();
  }
}
