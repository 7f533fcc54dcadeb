/**
 * The operator console's partner list (`operator/`): a name prefix, type and status, the
 * partners by name with "Show more", each linking to its detail page.
 */
import type { OperatorPartner } from "../../domain/schemas/operator.ts";
import { api, call, here } from "../kit/api.ts";
import { Messages, pager, part } from "../kit/index.ts";
import { admitOperator, labelsOf } from "./access.ts";

type Filters = { q?: string; type?: OperatorPartner["type"]; status?: OperatorPartner["status"] };

async function start(root: HTMLElement): Promise<void> {
  if (!(await admitOperator(root))) return;
  const messages = new Messages(root);
  const form = part<HTMLFormElement>(root, "form[data-testid='partner-search']");
  const template = part<HTMLTemplateElement>(root, "template[data-row]");
  const types = labelsOf(root, "types");
  const statuses = labelsOf(root, "statuses");
  const status = part(root, "[data-status]");
  let filters: Filters = {};

  const row = (partner: OperatorPartner): HTMLElement => {
    const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
    const link = part<HTMLAnchorElement>(tr, '[data-cell="name"]');
    link.textContent = partner.name;
    link.href = `${root.dataset["detail"] ?? ""}?id=${encodeURIComponent(partner.id)}`;
    part(tr, '[data-cell="type"]').textContent = types[partner.type] ?? partner.type;
    part(tr, '[data-cell="domain"]').textContent = partner.emailDomain;
    part(tr, '[data-cell="status"]').textContent = statuses[partner.status] ?? partner.status;
    return tr;
  };

  const list = pager({
    messages,
    rows: part(root, "[data-rows]"),
    more: part<HTMLButtonElement>(root, "[data-more]"),
    empty: part(root, "[data-empty]"),
    status,
    alert: part(root, "[data-alert]"),
    load: (cursor) =>
      call(
        api.operator.partners.$get({
          param: here(),
          query: { ...filters, ...(cursor ? { cursor } : {}) },
        }),
        messages,
      ),
    row,
    shown: (count) => (status.textContent = count === 0 ? "" : messages.plural("shown", count)),
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    const [q, type, state] = [value("q"), value("type"), value("status")];
    filters = {};
    if (q) filters.q = q;
    if (type) filters.type = type as NonNullable<Filters["type"]>;
    if (state) filters.status = state as NonNullable<Filters["status"]>;
    void list.reload();
  });
  await list.reload();
}

const root = document.querySelector<HTMLElement>('[data-operator-page="partners"]');
if (root) void start(root);
