/**
 * Who may use a signed-in page: the page's `[data-access]` blocks (components/AccessNotices.astro
 * and the page's own `data-access="ready"` content) show the one that applies.
 */
import { can, type Permission } from "../../domain/roles.ts";
import type { SessionUser } from "../../domain/schemas/session.ts";
import { signInPath } from "../../site/routes.ts";
import { pageContext } from "../page.ts";
import { session } from "./api.ts";

/** Which of a page's `[data-access]` blocks shows. */
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
  if (access !== "ready") {
    const status = root.querySelector<HTMLElement>("[data-page-status]");
    if (status) status.textContent = "";
  }
}

/**
 * The signed-in user who may use the page — a partner user with `permission`, or whom
 * `allowed` admits — after showing the page and the `[data-requires="permission"]` controls
 * the user's roles allow; null after showing why not (signed out, or not allowed).
 *
 * @example
 * const user = await admit(root, "customers.read");
 */
export async function admit(
  root: HTMLElement,
  allowed: Permission | ((user: SessionUser) => boolean),
): Promise<SessionUser | null> {
  const user = await session();
  if (!user) {
    showAccess(root, "signed-out");
    return null;
  }
  const admitted =
    typeof allowed === "function"
      ? allowed(user)
      : user.kind === "partner" && can(user.roles, allowed);
  if (!admitted) {
    showAccess(root, "forbidden");
    return null;
  }
  for (const element of root.querySelectorAll<HTMLElement>("[data-requires]")) {
    element.hidden = !can(user.roles, element.dataset["requires"] as Permission);
  }
  showAccess(root, "ready");
  return user;
}

/**
 * Shows the access notice a refusal calls for — signed out (401) or, where `forbidden` says
 * so, not allowed (403) — and says whether it did.
 *
 * @example
 * if (!result.ok && refused(root, result.status)) return;
 */
export function refused(root: HTMLElement, status: number, forbidden = true): boolean {
  if (status === 401) showAccess(root, "signed-out");
  else if (status === 403 && forbidden) showAccess(root, "forbidden");
  else return false;
  return true;
}
