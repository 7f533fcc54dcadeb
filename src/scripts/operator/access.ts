/**
 * The operator console's access gate: only a cloud operator of the page's cloud (SPEC §6);
 * partner staff and customer admins see the "not for your account" notice.
 */
import type { SessionUser } from "../../domain/schemas/session.ts";
import { admit } from "../kit/index.ts";

/**
 * The signed-in operator, after showing the page; null after showing why not.
 *
 * @example
 * const user = await admitOperator(root);
 */
export function admitOperator(root: HTMLElement): Promise<SessionUser | null> {
  return admit(root, (user) => user.kind === "operator");
}

/** The labels a page rendered as JSON in `data-{name}` (partner types, statuses). */
export function labelsOf(root: HTMLElement, name: string): Record<string, string> {
  return JSON.parse(root.dataset[name] ?? "{}") as Record<string, string>;
}
