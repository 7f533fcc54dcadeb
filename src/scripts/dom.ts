/**
 * What every page module shares: finding the parts its page rendered, the page language's Intl
 * locale, and a problem written into an alert region.
 */
import { LOCALES } from "../domain/locales.ts";
import type { Problem } from "../domain/schemas/problem.ts";
import { signInPath } from "../site/routes.ts";
import { pageContext } from "./page.ts";

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

/** The page language's Intl locale. */
export function intlLocale(): string {
  return LOCALES[pageContext().locale].intl;
}

/**
 * Writes a problem (title, detail, field messages) into an alert region, its first line as the
 * title; `fallback` when the problem says nothing. Empties the region for `null`.
 *
 * @example
 * showAlert(alert, result.problem, messages.unexpected);
 */
export function showAlert(
  alert: HTMLElement,
  problem: Partial<Pick<Problem, "title" | "detail" | "errors">> | null,
  fallback = "",
): void {
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

/** Which of a page's `[data-access]` blocks (components/AccessNotices.astro) shows. */
export type Access = "loading" | "signed-out" | "forbidden" | "ready";

/**
 * Shows the `[data-access="{access}"]` block of `root` and hides the others; a signed-out
 * reader's sign-in link comes back to this very address (its query too).
 *
 * @example
 * showAccess(root, "signed-out");
 */
export function showAccess(root: ParentNode, access: Access): void {
  for (const block of root.querySelectorAll<HTMLElement>("[data-access]")) {
    block.hidden = block.dataset["access"] !== access;
  }
  if (access === "signed-out") {
    const { cloud, locale } = pageContext();
    const link = root.querySelector<HTMLAnchorElement>("[data-access] a[data-sign-in-link]");
    if (link) link.href = signInPath(cloud, locale, location.pathname + location.search);
  }
}
