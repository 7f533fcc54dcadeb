/**
 * The acceptance page (`invitations/accept/#token`): who invites, in the reader's language;
 * sign in as the customer's admin (a first sign-in with a temporary password goes through the
 * password change and comes back); accept; a page of its own for a used, expired or withdrawn
 * link.
 *
 * The token is kept as kit/fragment-token.ts says; it is forgotten as soon as the invitation is
 * accepted or turns out to be unusable.
 */
import { LOCALE_IDS, LOCALES } from "../../domain/locales.ts";
import type { AcceptedInvitation, InvitationPreview } from "../../domain/schemas/invitation.ts";
import { pagePath } from "../../site/routes.ts";
import { ACCEPT_ROUTE } from "../../components/invitations/routes.ts";
import { pageContext } from "../page.ts";
import { api, call, here, session } from "../kit/api.ts";
import { Messages, formatDate, part, showAlert } from "../kit/index.ts";
import {
  forgetToken as forgetStoredToken,
  takeToken as takeStoredToken,
} from "../kit/fragment-token.ts";

const storageKey = (cloud: string): string => `portal:invitation-token:${cloud}`;
const takeToken = (cloud: string) => takeStoredToken(storageKey(cloud));
const forgetToken = (cloud: string) => forgetStoredToken(storageKey(cloud));

type State =
  | "checking"
  | "error"
  | "missing"
  | "invalid"
  | "invite"
  | "done"
  | "used"
  | "expired"
  | "revoked"
  | "refused";

function show(root: HTMLElement, state: State, focus = true): void {
  for (const block of root.querySelectorAll<HTMLElement>("[data-state]")) {
    block.hidden = block.dataset["state"] !== state;
  }
  if (!focus) return;
  const target = part(root, `[data-state="${state}"]`);
  (target.querySelector<HTMLElement>("h2") ?? target).focus();
}

/**
 * The language links lead to this page in the other language (the token is in storage). The
 * cloud links lead to that cloud's home: a token means nothing in another cloud.
 */
function keepLanguageLinksHere(): void {
  const { cloud } = pageContext();
  const links = document.querySelectorAll<HTMLAnchorElement>(
    '[data-testid="language-switcher"] a[hreflang]',
  );
  for (const link of links) {
    const locale = LOCALE_IDS.find((id) => LOCALES[id].lang === link.hreflang);
    if (locale) link.href = pagePath(cloud, locale, ACCEPT_ROUTE);
  }
  for (const link of document.querySelectorAll<HTMLAnchorElement>(
    `[data-testid="cloud-switcher"] a[href$="/${ACCEPT_ROUTE}"]`,
  )) {
    link.href = link.pathname.replace(ACCEPT_ROUTE, "");
  }
}

function showInvite(root: HTMLElement, messages: Messages, preview: InvitationPreview): void {
  const names = { partner: preview.partner.name, provider: preview.indirectProvider?.name ?? "" };
  const indirect = preview.indirectProvider !== null;
  part(root, "[data-invite-title]").textContent = messages.text(
    indirect ? "titleIndirect" : "title",
    names,
  );
  part(root, "[data-invite-text]").textContent = messages.text(
    indirect ? "textIndirect" : "text",
    names,
  );
  part(root, "[data-invite-expires]").textContent = messages.text("expires", {
    date: formatDate(preview.expiresAt, true),
  });
}

function showDone(root: HTMLElement, accepted: AcceptedInvitation): void {
  part(root, "[data-partners]").replaceChildren(
    ...accepted.relationships.map((relationship) => {
      const item = document.createElement("li");
      item.textContent = relationship.partner.name;
      return item;
    }),
  );
  show(root, "done");
}

async function acceptIt(
  root: HTMLElement,
  messages: Messages,
  token: string,
  preview: InvitationPreview,
) {
  const { cloud } = pageContext();
  const button = part<HTMLButtonElement>(root, "[data-accept]");
  const status = part(root, "[data-status]");
  const alert = part(root, "[data-alert]");
  button.disabled = true;
  status.textContent = messages.text("submitting");
  showAlert(alert, null);
  const result = await call(
    api.invitations.accept.$post({ param: here(), json: { token } }),
    messages,
  );
  button.disabled = false;
  status.textContent = "";
  if (result.ok) {
    forgetToken(cloud);
    showDone(root, result.data);
    return;
  }
  const code = result.problem.code;
  if (result.status === 401 || code === "password_change_required") {
    // The session ended (or needs the password changed): sign in again, then come back.
    location.assign(part<HTMLAnchorElement>(root, '[data-testid="accept-sign-in"]').href);
    return;
  }
  if (result.status === 0) {
    showAlert(alert, result.problem);
    alert.focus();
    return;
  }
  forgetToken(cloud);
  if (code === "invitation_used") return show(root, "used");
  if (result.status === 404) return show(root, "invalid");
  if (result.status === 410) {
    // One answer for both (410 invitation_gone): past its expiry it expired, else it was withdrawn.
    if (Date.parse(preview.expiresAt) <= Date.now()) {
      part(root, '[data-state="expired"] [data-ending-text]').textContent = messages.text(
        "expired",
        { date: formatDate(preview.expiresAt, true) },
      );
      return show(root, "expired");
    }
    return show(root, "revoked");
  }
  showAlert(part(root, "[data-refused-problem]"), result.problem, messages.text("unexpected"));
  show(root, "refused");
}

async function start(root: HTMLElement, token: string | null): Promise<void> {
  keepLanguageLinksHere();
  const { cloud } = pageContext();
  if (!token) return show(root, "missing", false);

  const messages = new Messages(root);
  const previewed = await call(
    api.invitations.preview.$post({ param: here(), json: { token } }),
    messages,
  );
  if (!previewed.ok) {
    if (previewed.status === 404) {
      forgetToken(cloud);
      return show(root, "invalid", false);
    }
    showAlert(part(root, '[data-state="error"]'), previewed.problem, messages.text("unexpected"));
    return show(root, "error", false);
  }
  showInvite(root, messages, previewed.data);
  show(root, "invite", false);

  const user = await session();
  const kind = user?.kind ?? "signed-out";
  for (const block of root.querySelectorAll<HTMLElement>("[data-session]")) {
    block.hidden = block.dataset["session"] !== kind;
  }
  if (user?.kind === "customer") {
    part(root, "[data-signed-in-as]").textContent = messages.text("signedInAs", {
      name: user.name,
      organization: user.customer?.companyName ?? user.email,
    });
    part(root, "[data-accept]").addEventListener(
      "click",
      () => void acceptIt(root, messages, token, previewed.data),
    );
  }
}

const root = document.querySelector<HTMLElement>("[data-accept-page]");
// Synchronously, before anything else on the page can navigate away (the header sends a user
// with a temporary password to the sign-in page without the fragment).
const token = root ? takeToken(pageContext().cloud) : null;
if (root) void start(root, token);
