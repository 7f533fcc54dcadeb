/**
 * What the customer pages' modules share (beside ../dom.ts, re-exported here): finding their parts, the messages the page rendered
 * (`data-msg-*`, plural forms `data-plural-*`), who may do what, and Intl formatting in the page's
 * language.
 */
import { can, type Permission } from "../../domain/roles.ts";
import type { SessionUser } from "../../domain/schemas/session.ts";
import { session } from "../api.ts";
import { intlLocale, showAccess } from "../dom.ts";
import { fill } from "./account.ts";

export { intlLocale, part, showAlert } from "../dom.ts";

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The messages a page rendered on its root element: `data-msg-name` (with `{placeholders}`) and
 * the plural forms `data-plural-name-{one|few|many|other}`.
 *
 * @example
 * const messages = new Messages(root);
 * messages.plural("licenses", 5); // "5 лицензий"
 */
export class Messages {
  private readonly data: DOMStringMap;
  private readonly rules = new Intl.PluralRules(intlLocale());
  private readonly numbers = new Intl.NumberFormat(intlLocale());

  constructor(root: HTMLElement) {
    this.data = root.dataset;
  }

  /** `data-msg-{name}` with its placeholders filled. */
  text(name: string, values: Readonly<Record<string, string | number>> = {}): string {
    return fill(this.data[`msg${capitalized(name)}`] ?? "", values);
  }

  /** The plural form of `data-plural-{name}-*` for `count`, with `{count}` formatted. */
  plural(name: string, count: number): string {
    const base = `plural${capitalized(name)}`;
    const template =
      this.data[`${base}${capitalized(this.rules.select(count))}`] ?? this.data[`${base}Other`];
    return fill(template ?? "", { count: this.numbers.format(count) });
  }
}

/** A date (ISO 8601) in the page's language. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(intlLocale(), { dateStyle: "long" }).format(date);
}

let regions: Intl.DisplayNames | undefined;

/** A country or region's name in the page's language. */
export function regionName(code: string): string {
  regions ??= new Intl.DisplayNames([intlLocale()], { type: "region" });
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Shows one of the page's access notices (components/AccessNotices.astro) instead of its content
 * (`[data-content]`).
 */
export function showNotice(root: HTMLElement, notice: "sign-in" | "forbidden"): void {
  showAccess(root, notice === "sign-in" ? "signed-out" : notice);
  for (const element of root.querySelectorAll<HTMLElement>("[data-content]")) {
    element.hidden = true;
  }
  const status = root.querySelector<HTMLElement>("[data-page-status]");
  if (status) status.textContent = "";
}

/**
 * The signed-in partner user who may `permission`, or null after showing why not (signed out,
 * or a role without it). Reveals the page's `[data-requires="permission"]` controls the user's
 * roles allow; the others stay hidden.
 */
export async function permittedUser(
  root: HTMLElement,
  permission: Permission,
): Promise<SessionUser | null> {
  const user = await session();
  if (!user) {
    showNotice(root, "sign-in");
    return null;
  }
  if (user.kind !== "partner" || !can(user.roles, permission)) {
    showNotice(root, "forbidden");
    return null;
  }
  for (const element of root.querySelectorAll<HTMLElement>("[data-requires]")) {
    element.hidden = !can(user.roles, element.dataset["requires"] as Permission);
  }
  return user;
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
      const text = source?.textContent ?? "";
      const done = (copied: boolean) => {
        if (status) status.textContent = messages.text(copied ? "copied" : "copyManually");
        if (!copied && source) getSelection()?.selectAllChildren(source);
      };
      if (!navigator.clipboard) return done(false);
      navigator.clipboard.writeText(text).then(
        () => done(true),
        () => done(false),
      );
    });
  }
}
