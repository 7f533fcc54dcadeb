/**
 * The reseller relationships page (`invitations/`): partner staff see their invitations (with
 * a state filter and paging); roles that may write them (SPEC §6) also request a relationship
 * and revoke pending invitations.
 */
import { LOCALES } from "../../domain/locales.ts";
import { can } from "../../domain/roles.ts";
import type { Invitation, InvitationState } from "../../domain/schemas/invitation.ts";
import { invitations } from "../client/relationships.ts";
import { startComposer } from "./composer.ts";
import { attempt, admit, formatInstant, message, part, showProblem } from "./kit.ts";
import { pagedList } from "./paged-list.ts";

const STATES: readonly string[] = ["pending", "accepted", "revoked", "expired"];

/** What the "Details" cell says about an invitation in its state. */
function details(root: HTMLElement, invitation: Invitation): string {
  const date = (iso: string | null) => formatInstant(iso ?? "", false);
  switch (invitation.state) {
    case "pending":
      return message(root, "expires", { date: date(invitation.expiresAt) });
    case "expired":
      return message(root, "expired", { date: date(invitation.expiresAt) });
    case "revoked":
      return message(root, "revoked", { date: date(invitation.revokedAt) });
    case "accepted":
      return invitation.acceptedCustomer
        ? message(root, "accepted", {
            customer: invitation.acceptedCustomer.companyName,
            date: date(invitation.acceptedAt),
          })
        : message(root, "acceptedOn", { date: date(invitation.acceptedAt) });
  }
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, (candidate) => candidate.kind === "partner");
  if (!user) return;
  const writer = can(user.roles, "invitations.write");
  part(root, "[data-composer-block]").hidden = !writer;
  part(root, "[data-read-only]").hidden = writer;

  const section = part(root, "[data-invitation-list]");
  const filter = part<HTMLFormElement>(section, "form");
  const template = part<HTMLTemplateElement>(section, "template[data-row]");
  const dialog = part<HTMLDialogElement>(root, "[data-revoke-dialog]");
  const dialogAlert = part(dialog, "[data-dialog-alert]");
  const listStatus = part(section, "[data-list-status]");
  let revoking: { invitation: Invitation; button: HTMLButtonElement } | undefined;

  const row = (invitation: Invitation): HTMLElement => {
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const tr = part(fragment, "tr");
    const cell = (name: string) => part(tr, `[data-cell="${name}"]`);
    tr.dataset["id"] = invitation.id;
    cell("created").textContent = formatInstant(invitation.createdAt, true);
    cell("language").textContent = LOCALES[invitation.locale].label;
    cell("language").lang = LOCALES[invitation.locale].lang;
    cell("provider").textContent = invitation.indirectProvider?.name ?? message(root, "noProvider");
    cell("state").textContent = message(root, `state-${invitation.state}`);
    cell("state").dataset["state"] = invitation.state;
    cell("details").textContent = details(root, invitation);
    const revoke = part<HTMLButtonElement>(tr, "[data-revoke]");
    revoke.hidden = !writer || invitation.state !== "pending";
    revoke.setAttribute(
      "aria-label",
      message(root, "revokeLabel", { date: formatInstant(invitation.createdAt, true) }),
    );
    revoke.addEventListener("click", () => {
      revoking = { invitation, button: revoke };
      showProblem(dialogAlert, null);
      dialog.showModal();
    });
    return tr;
  };

  let state: InvitationState | undefined;
  const list = pagedList({
    root,
    rows: part(section, "[data-rows]"),
    more: part<HTMLButtonElement>(section, "[data-more]"),
    empty: part(section, "[data-empty]"),
    status: listStatus,
    alert: part(section, "[data-list-alert]"),
    load: (cursor) =>
      invitations.list({ ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) }),
    row,
  });

  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (filter.elements.namedItem("state") as HTMLSelectElement).value;
    state = STATES.includes(value) ? (value as InvitationState) : undefined;
    void list.reload();
  });

  part(dialog, "[data-cancel]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => revoking?.button.focus());
  const confirm = part<HTMLButtonElement>(dialog, "[data-confirm]");
  confirm.addEventListener("click", () => {
    const target = revoking;
    if (!target) return;
    confirm.disabled = true;
    void attempt(root, () => invitations.revoke(target.invitation.id)).then(async (result) => {
      confirm.disabled = false;
      // 404: already gone; 409: accepted meanwhile. Either way the list shows what is true now.
      if (!result.ok && result.status !== 404 && result.status !== 409) {
        showProblem(dialogAlert, result.problem, message(root, "unexpected"));
        return;
      }
      revoking = undefined;
      dialog.close();
      await list.reload();
      listStatus.textContent = result.ok ? message(root, "revokeDone") : "";
      part(section, "h2").focus();
    });
  });

  const composer = root.querySelector<HTMLElement>("[data-composer]");
  if (composer && writer) startComposer(composer, () => void list.reload());
  await list.reload();
}

const root = document.querySelector<HTMLElement>("[data-invitations-page]");
if (root) void start(root);
