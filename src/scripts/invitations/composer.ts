/**
 * The invitation composer (components/invitations/InvitationComposer.astro): creates the
 * invitation, then shows the email draft with its personal link, an "Open in email" `mailto:`
 * link and "Copy to clipboard". The link is in this answer only, so the draft stays on screen
 * until the reader creates another.
 */
import { isLocale } from "../../domain/locales.ts";
import type {
  CreatedInvitation,
  CreateInvitationRequest,
} from "../../domain/schemas/invitation.ts";
import type { LinkedPartner } from "../../domain/schemas/relationship.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  clearErrors,
  formatDate,
  part,
  showAlert,
  showFieldError,
  showFieldErrors,
} from "../kit/index.ts";

/**
 * A `mailto:` URI (RFC 6068) with no recipient, so the reader's email program opens the draft
 * and the reader adds the customer's address; line breaks as CRLF, everything percent-encoded.
 */
export function mailtoHref(subject: string, body: string): string {
  const encode = (text: string) => encodeURIComponent(text.replace(/\r?\n/g, "\r\n"));
  return `mailto:?subject=${encode(subject)}&body=${encode(body)}`;
}

/** Lists `providers` in the composer's provider choice, `selected` chosen. */
export function offerProviders(
  composer: HTMLElement,
  providers: readonly LinkedPartner[],
  selected?: string,
): void {
  const select = composer.querySelector<HTMLSelectElement>('select[name="indirectProviderId"]');
  if (!select) return;
  const current = selected ?? select.value;
  select.replaceChildren(
    ...providers.map((provider) => {
      const option = document.createElement("option");
      option.value = provider.id;
      option.textContent = provider.name;
      option.selected = provider.id === current;
      return option;
    }),
  );
}

function showDraft(composer: HTMLElement, messages: Messages, created: CreatedInvitation): void {
  const draft = part(composer, "[data-draft]");
  part(draft, "[data-draft-subject]").textContent = created.email.subject;
  part(draft, "[data-draft-link]").textContent = created.url;
  part(draft, "[data-draft-expires]").textContent = messages.text("expires", {
    date: formatDate(created.expiresAt, true),
  });
  part<HTMLTextAreaElement>(draft, "[data-draft-body]").value = created.email.body;
  part<HTMLAnchorElement>(draft, "[data-draft-mailto]").href = mailtoHref(
    created.email.subject,
    created.email.body,
  );
  part(draft, "[data-copy-status]").textContent = "";
  draft.hidden = false;
  part(draft, "h3").focus();
}

async function copyDraft(composer: HTMLElement, messages: Messages): Promise<void> {
  const status = part(composer, "[data-copy-status]");
  const body = part<HTMLTextAreaElement>(composer, "[data-draft-body]");
  const text = `${part(composer, "[data-draft-subject]").textContent}\n\n${body.value}`;
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = messages.text("copied");
  } catch {
    // No clipboard access (refused, or not a secure context): let the reader copy by hand.
    body.focus();
    body.select();
    status.textContent = messages.text("copyFailed");
  }
}

/**
 * Wires the composer; `onCreated` runs after each invitation is created (the page refreshes
 * its list).
 */
export function startComposer(composer: HTMLElement, onCreated: () => void = () => {}): void {
  const messages = new Messages(composer);
  const form = part<HTMLFormElement>(composer, "form");
  const alert = part(composer, "[data-alert]");
  const status = part(composer, "[data-status]");
  const button = part<HTMLButtonElement>(form, 'button[type="submit"]');

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const locale = (form.elements.namedItem("locale") as HTMLSelectElement).value;
    const provider = form.elements.namedItem("indirectProviderId") as HTMLSelectElement | null;
    if (provider && !provider.value) {
      showFieldError(form, "indirectProviderId", messages.text("required"));
      showAlert(alert, { title: messages.text("invalid") });
      provider.focus();
      return;
    }
    const body: CreateInvitationRequest = {
      locale: isLocale(locale) ? locale : "en",
      ...(provider ? { indirectProviderId: provider.value } : {}),
    };
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    status.textContent = messages.text("submitting");
    void call(api.invitations.$post({ param: here(), json: body }), messages).then((result) => {
      button.disabled = false;
      form.removeAttribute("aria-busy");
      if (!result.ok) {
        status.textContent = "";
        showFieldErrors(form, result.problem.errors);
        showAlert(alert, result.problem, messages.text("unexpected"));
        alert.focus();
        return;
      }
      status.textContent = messages.text("created");
      showDraft(composer, messages, result.data);
      onCreated();
    });
  });

  part(composer, "[data-copy-draft]").addEventListener(
    "click",
    () => void copyDraft(composer, messages),
  );
}
