/**
 * The email draft of a created request, cloned from the page's template
 * (components/admin-relationships/RequestDraft.astro): the approval link, the subject and the
 * message in the request's language, with copy buttons (kit `copyButtons`).
 */
import type { CreatedRequest } from "../../domain/schemas/admin-relationship.ts";
import { copyButtons, part, type Messages } from "../kit/index.ts";

/**
 * The draft of `request`, titled `title`; `messages` has `copied` and `copyManually`.
 *
 * @example
 * results.append(requestDraft(root, messages, item.request, "Contoso"));
 */
export function requestDraft(
  root: ParentNode,
  messages: Messages,
  request: CreatedRequest,
  title: string,
): HTMLElement {
  const template = part<HTMLTemplateElement>(root, "template[data-draft-template]");
  const draft = part(template.content, "[data-request-draft]").cloneNode(true) as HTMLElement;
  const id = `draft-${request.id}`;
  part(draft, "[data-draft-title]").textContent = title;
  const link = part<HTMLAnchorElement>(draft, "[data-draft-url]");
  link.href = request.url;
  link.textContent = request.url;
  link.id = `${id}-url`;
  part(draft, "[data-draft-subject]").textContent = request.email.subject;
  const body = part(draft, "[data-draft-body]");
  body.textContent = request.email.body;
  body.id = `${id}-body`;
  part(draft, "[data-copy-url]").dataset["copy"] = link.id;
  part(draft, "[data-copy-body]").dataset["copy"] = body.id;
  copyButtons(draft, messages);
  return draft;
}
