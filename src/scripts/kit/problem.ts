/**
 * Problems shown to the reader: an API problem (or the browser's own pre-check) as a summary in
 * an alert region, each field error next to its field (components/Field.astro renders the
 * `[data-error-for]` slots).
 */
import type { FieldError, Problem } from "../../domain/schemas/problem.ts";

/** What a page shows of a problem. */
export type Shown = Partial<Pick<Problem, "title" | "detail" | "errors">>;

/** A form control the portal's field component renders (see components/Field.astro). */
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function controls(form: HTMLFormElement): Control[] {
  return [...form.elements].filter(
    (element): element is Control =>
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement,
  );
}

function errorSlot(form: HTMLFormElement, name: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
}

/** Empties the summary and every field error of `form`. */
export function clearErrors(form: HTMLFormElement, summary: HTMLElement): void {
  summary.replaceChildren();
  for (const control of controls(form)) {
    control.removeAttribute("aria-invalid");
    const slot = errorSlot(form, control.name);
    if (slot) slot.textContent = "";
  }
}

/**
 * Puts `message` next to the field named `path` (marking it invalid); false when the form has
 * no such field, so the caller lists the message in the summary instead.
 */
export function showFieldError(form: HTMLFormElement, path: string, message: string): boolean {
  const control = controls(form).find((c) => c.name === path);
  const slot = errorSlot(form, path);
  if (!control || !slot) return false;
  control.setAttribute("aria-invalid", "true");
  slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
  return true;
}

/** Puts each of `errors` next to its field; the ones without a field are left to the summary. */
export function showFieldErrors(form: HTMLFormElement, errors: readonly FieldError[] = []): void {
  for (const error of errors) showFieldError(form, error.path, error.message);
}

/**
 * The browser-side pre-check: the constraints the field component rendered from the API's zod
 * schemas (required, minlength, maxlength), with the localized messages it rendered beside them.
 */
export function checkFields(form: HTMLFormElement): FieldError[] {
  const errors: FieldError[] = [];
  for (const control of controls(form)) {
    const value = control.value;
    const { msgRequired, msgTooShort, msgTooLong } = control.dataset;
    const min = control instanceof HTMLSelectElement ? -1 : control.minLength;
    const max = control instanceof HTMLSelectElement ? -1 : control.maxLength;
    if (control.required && value.trim() === "") {
      errors.push({ path: control.name, code: "required", message: msgRequired ?? "" });
    } else if (min > 0 && value.length < min) {
      errors.push({ path: control.name, code: "too_short", message: msgTooShort ?? "" });
    } else if (max > 0 && value.length > max) {
      errors.push({ path: control.name, code: "too_big", message: msgTooLong ?? "" });
    }
  }
  return errors;
}

/**
 * Shows an API problem (or the pre-check's errors): `title` and `detail` in the live summary,
 * each `errors[]` entry next to its field, or in the summary when no field has its path. Moves
 * focus to the first invalid field, else to the summary.
 *
 * @example
 * showProblem(form, summary, result.problem, messages.unexpected);
 */
export function showProblem(
  form: HTMLFormElement,
  summary: HTMLElement,
  problem: Shown,
  fallback: string,
): void {
  clearErrors(form, summary);
  const lines: string[] = [];
  if (problem.title) lines.push(problem.title);
  if (problem.detail) lines.push(problem.detail);
  const unplaced = (problem.errors ?? []).filter((e) => !showFieldError(form, e.path, e.message));
  if (lines.length === 0 && unplaced.length === 0 && !problem.errors?.length) lines.push(fallback);
  const [title, ...rest] = lines;
  if (title) {
    const strong = document.createElement("p");
    strong.className = "alert__title";
    strong.textContent = title;
    summary.append(strong);
  }
  for (const line of rest) {
    const p = document.createElement("p");
    p.textContent = line;
    summary.append(p);
  }
  if (unplaced.length > 0) {
    const list = document.createElement("ul");
    for (const error of unplaced) {
      const item = document.createElement("li");
      item.textContent = error.message;
      list.append(item);
    }
    summary.append(list);
  }
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  (invalid ?? summary).focus();
}

/**
 * Writes a problem (title, detail, field messages) into an alert region, its first line as the
 * title; `fallback` when the problem says nothing. Empties the region for `null`.
 *
 * @example
 * showAlert(alert, result.problem, messages.text("unexpected"));
 */
export function showAlert(alert: HTMLElement, problem: Shown | null, fallback = ""): void {
  alert.replaceChildren();
  if (!problem) return;
  const lines = [
    problem.title,
    problem.detail,
    ...(problem.errors ?? []).map((e) => e.message),
  ].filter((line): line is string => Boolean(line));
  for (const [index, line] of (lines.length > 0 ? lines : [fallback]).entries()) {
    const paragraph = document.createElement("p");
    paragraph.textContent = line;
    if (index === 0) paragraph.className = "alert__title";
    alert.append(paragraph);
  }
}
