/**
 * The wizard's Review step: every entry of the Account info step, grouped as the form groups
 * them (label as the reader saw it, the value as chosen), then the subscriptions with their
 * license counts; each group with an Edit button back to its step and field.
 */
import type { AccountFields } from "./account-fields.ts";
import { part, type Messages } from "../kit/index.ts";
import type { Chosen } from "./offers-step.ts";

/** Where an Edit button leads: a step, and the field to focus there. */
export type EditTarget = { step: "account" | "subscriptions"; focus: HTMLElement | null };

function shown(control: HTMLInputElement | HTMLSelectElement): string {
  if (control instanceof HTMLSelectElement) {
    return control.value === "" ? "" : (control.selectedOptions[0]?.textContent?.trim() ?? "");
  }
  return control.value.trim();
}

/**
 * Renders the review of `fields` and `chosen` into `container` from `template`; `edit` is
 * called with the target of the Edit button the reader selects.
 */
export function renderReview(
  container: HTMLElement,
  template: HTMLTemplateElement,
  fields: AccountFields,
  chosen: readonly Chosen[],
  messages: Messages,
  suffix: string,
  edit: (target: EditTarget) => void,
): void {
  const group = (title: string, rows: [string, string][], target: EditTarget): Node => {
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    part(fragment, ".review__title").textContent = title;
    const button = part<HTMLButtonElement>(fragment, "[data-edit]");
    button.textContent = messages.text("edit");
    const which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = ` ${title}`;
    button.append(which);
    button.addEventListener("click", () => edit(target));
    const list = part(fragment, "dl");
    for (const [term, value] of rows) {
      const row = document.createElement("div");
      row.className = "details__row";
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      row.append(dt, dd);
      list.append(row);
    }
    return fragment;
  };

  const groups: Node[] = [];
  for (const fieldset of fields.form.querySelectorAll<HTMLFieldSetElement>(
    "fieldset[data-group]",
  )) {
    const rows: [string, string][] = [];
    const controls = [...fieldset.elements].filter(
      (e): e is HTMLInputElement | HTMLSelectElement =>
        (e instanceof HTMLInputElement || e instanceof HTMLSelectElement) && !e.disabled,
    );
    for (const control of controls) {
      const value = shown(control);
      if (value === "") continue;
      rows.push(
        control.name === "domainPrefix"
          ? [messages.text("domain"), `${value.toLowerCase()}.${suffix}`]
          : [fields.label(control.name), value],
      );
    }
    const title = fieldset.querySelector("legend")?.textContent?.trim() ?? "";
    groups.push(group(title, rows, { step: "account", focus: controls[0] ?? null }));
  }
  groups.push(
    group(
      messages.text("subscriptions"),
      chosen.map((offer) => [offer.name, messages.plural("licenses", offer.quantity)]),
      { step: "subscriptions", focus: null },
    ),
  );
  container.replaceChildren(...groups);
}
