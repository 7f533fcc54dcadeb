/**
 * The invitations page (`invitations/`): partner staff see their invitations (with
 * a state filter and paging); roles that may write them (SPEC §6) also request a relationship
 * and revoke pending invitations.
 */
import { LOCALES } from "../../domain/locales.ts";
import { can } from "../../domain/roles.ts";
import type { Invitation, InvitationState } from "../../domain/schemas/invitation.ts";
import { api, call, here } from "../kit/api.ts";
import { Messages, admit, formatDate, pager, part, showAlert } from "../kit/index.ts";
import { startComposer } from "./composer.ts";

const STATES: readonly string[] = ["pending", "accepted", "revoked", "expired"];

/** What the "Details" cell says about an invitation in its state. */
function details(messages: Messages, invitation: Invitation): string {
  const date = (iso: string | null) => formatDate(iso ?? "");
  switch (invitation.state) {
    case "pending":
      return messages.text("expires", { date: date(invitation.expiresAt) });
    case "expired":
      return messages.text("expired", { date: date(invitation.expiresAt) });
    case "revoked":
      return messages.text("revoked", { date: date(invitation.revokedAt) });
    case "accepted":
      return invitation.acceptedCustomer
        ? messages.text("accepted", {
            customer: invitation.acceptedCustomer.companyName,
            date: date(invitation.acceptedAt),
          })
        : messages.text("acceptedOn", { date: date(invitation.acceptedAt) });
  }
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, (candidate) => candidate.kind === "partner");
  if (!user) return;
  const messages = new Messages(root);
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
    cell("created").textContent = formatDate(invitation.createdAt, true);
    cell("language").textContent = LOCALES[invitation.locale].label;
    cell("language").lang = LOCALES[invitation.locale].lang;
    cell("provider").textContent = invitation.indirectProvider?.name ?? messages.text("noProvider");
    cell("state").textContent = messages.text(`state-${invitation.state}`);
    cell("state").dataset["state"] = invitation.state;
    cell("details").textContent = details(messages, invitation);
    const revoke = part<HTMLButtonElement>(tr, "[data-revoke]");
    revoke.hidden = !writer || invitation.state !== "pending";
    revoke.setAttribute(
      "aria-label",
      messages.text("revokeLabel", { date: formatDate(invitation.createdAt, true) }),
    );
    revoke.addEventListener("click", () => {
      revoking = { invitation, button: revoke };
      showAlert(dialogAlert, null);
      dialog.showModal();
    });
    return tr;
  };

  let state: InvitationState | undefined;
  const list = pager({
    messages,
    rows: part(section, "[data-rows]"),
    more: part<HTMLButtonElement>(section, "[data-more]"),
    empty: part(section, "[data-empty]"),
    status: listStatus,
    alert: part(section, "[data-list-alert]"),
    load: (cursor) =>
      call(
        api.invitations.$get({
          param: here(),
          query: { ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) },
        }),
        messages,
      ),
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
    const param = { ...here(), id: encodeURIComponent(target.invitation.id) };
    void call(api.invitations[":id"].$delete({ param }), messages).then(async (result) => {
      confirm.disabled = false;
      // 404: already gone; 409: accepted meanwhile. Either way the list shows what is true now.
      if (!result.ok && result.status !== 404 && result.status !== 409) {
        showAlert(dialogAlert, result.problem, messages.text("unexpected"));
        return;
      }
      revoking = undefined;
      dialog.close();
      await list.reload();
      listStatus.textContent = result.ok ? messages.text("revokeDone") : "";
      part(section, "h2").focus();
    });
  });

  const composer = root.querySelector<HTMLElement>("[data-composer]");
  if (composer && writer) startComposer(composer, () => void list.reload());
  await list.reload();
}

const root = document.querySelector<HTMLElement>("[data-invitations-page]");
if (root) void start(root);
