import type { SessionUser } from "../domain/schemas/session.ts";
import { SIGN_IN_ROUTE, signInPath } from "../site/routes.ts";
import { api, call, here, session, signedInHint } from "./kit/api.ts";
import { pageContext } from "./page.ts";

/**
 * `<portal-session>`: the header's account area. Signed out, it is the server-rendered "Sign in"
 * link (pointed back at the current page); signed in, the user's name, organization and a
 * "Sign out" and "Sign out everywhere" buttons from its `<template>`. A user who must change a temporary password is sent
 * to the sign-in page's change form from any other page.
 */
class PortalSession extends HTMLElement {
  connectedCallback(): void {
    const context = pageContext();
    const here = location.pathname + location.search;
    const link = this.querySelector<HTMLAnchorElement>("a[data-sign-in]");
    if (link && context.route !== SIGN_IN_ROUTE) {
      link.href = signInPath(context.cloud, context.locale, here);
    }
    this.dataset["state"] = "loading";
    // Someone is probably signed in: the user's block takes its place (unseen) before the answer
    // fills it in, so the "Sign in" link does not flash. The header keeps its height either way:
    // the stylesheet gives the account area one box in both states (global.css, "Account area").
    if (signedInHint()) this.render(null, true);
    document.addEventListener("portal:session", (event) => {
      this.render((event as CustomEvent<SessionUser>).detail);
    });
    void session().then((user) => {
      if (user?.mustChangePassword && context.route !== SIGN_IN_ROUTE) {
        location.replace(signInPath(context.cloud, context.locale, here, true));
        return;
      }
      this.render(user);
    });
  }

  /** Shows `user`, or the sign-in link; `pending`: the user's block, still empty and unseen. */
  private render(user: SessionUser | null, pending = false): void {
    if (!pending) this.dataset["state"] = user ? "signed-in" : "signed-out";
    this.querySelector("[data-user]")?.remove();
    const link = this.querySelector<HTMLElement>("a[data-sign-in]");
    if (link) link.hidden = user !== null || pending;
    const template = this.querySelector("template");
    if ((!user && !pending) || !template) return;
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const name = fragment.querySelector("[data-name]");
    const organization = fragment.querySelector("[data-organization]");
    // A no-break space holds a line of text's height while the name is not known yet.
    if (name) name.textContent = user?.name ?? "\u00a0";
    const org = user ? (user.partner?.name ?? user.customer?.companyName) : "\u00a0";
    if (organization) {
      if (org) organization.textContent = org;
      else organization.remove();
    }
    // Name and organization are cut short on a narrow screen: the whole of them on hover.
    const who = fragment.querySelector<HTMLElement>(".session__who");
    if (who && user) who.title = org ? `${user.name}, ${org}` : user.name;
    for (const button of fragment.querySelectorAll<HTMLButtonElement>("button[data-sign-out]")) {
      button.addEventListener("click", () => void this.signOut(button));
    }
    this.append(fragment);
  }

  private async signOut(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    // "Sign out everywhere" ends every session of the user, in every browser.
    const scope = button.dataset["signOut"] === "all" ? { scope: "all" as const } : {};
    const result = await call(api.session.$delete({ param: here(), query: scope }));
    // 401: the session had already ended, which is what the reader asked for. Offline (0): the
    // reader stays signed in and may retry.
    if (result.ok || result.status === 401) {
      location.assign(pageContext().home);
      return;
    }
    button.disabled = false;
  }
}

if (!customElements.get("portal-session")) customElements.define("portal-session", PortalSession);
