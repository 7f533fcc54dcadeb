/**
 * The invitations page (`invitations/`): partner staff see their invitations (with
 * a state filter and paging); roles that may write them (SPEC §6) also request a relationship
 * and revoke pending invitations.
 */
import { LOCALES } from "../../domain/locales.ts";
import { can } from "../../domain/roles.ts";
import type { Invitation, InvitationState } from "../../domain/schemas/invitation.ts";
import { api, call, here } from "../kit/api.ts";
import { Messages, admit, confirmAction, formatDate, pager, part } from "../kit/index.ts";
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
  const listStatus = part(section, "[data-list-status]");

  const revoking = confirmAction<Invitation>({
    dialog,
    messages,
    act: (invitation) =>
      call(
        api.invitations[":id"].$delete({
          param: { ...here(), id: encodeURIComponent(invitation.id) },
        }),
        messages,
      ),
    // 404: already gone; 409: accepted meanwhile. Either way the list shows what is true now.
    settled: [404, 409],
    done: async (_invitation, ok) => {
      await list.reload();
      listStatus.textContent = ok ? messages.text("revokeDone") : "";
      part(section, "h2").focus();
    },
  });

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
    revoke.addEventListener("click", () => revoking.open(invitation, revoke));
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

  const composer = root.querySelector<HTMLElement>("[data-composer]");
  if (composer && writer) startComposer(composer, () => void list.reload());
  await list.reload();
}

const root = document.querySelector<HTMLElement>("[data-invitations-page]");
if (root) void start(root);
