/**
 * A partner in the operator console (`operator/partner/?id=…`): its facts and counts, suspend or
 * reactivate, rename, and — for an indirect reseller or provider — its links, with unlink and a
 * form to link another partner of the other type.
 */
import type {
  OperatorLinkedPartnerList,
  OperatorPartner,
  OperatorPartnerDetail,
} from "../../domain/schemas/operator.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  checkFields,
  clearErrors,
  formatDate,
  formatNumber,
  pager,
  part,
  refused,
  searchableChoices,
  showAlert,
  showProblem,
} from "../kit/index.ts";
import { admitOperator, labelsOf } from "./access.ts";

type LinkedPartner = OperatorLinkedPartnerList["items"][number];

async function start(root: HTMLElement): Promise<void> {
  if (!(await admitOperator(root))) return;
  const messages = new Messages(root);
  const id = new URLSearchParams(location.search).get("id") ?? "";
  const types = labelsOf(root, "types");
  const statuses = labelsOf(root, "statuses");
  const alert = part(root, "[data-alert]");
  const status = part(root, "[data-status]");
  const view = part(root, "[data-partner]");
  const param = () => ({ ...here(), id });
  let partner: OperatorPartnerDetail | undefined;

  const fact = (name: string, text: string) => {
    part(view, `[data-fact="${name}"]`).textContent = text;
  };

  function render(detail: OperatorPartnerDetail): void {
    partner = detail;
    part(view, "[data-partner-name]").textContent = detail.name;
    fact("name", detail.name);
    fact("type", types[detail.type] ?? detail.type);
    fact("status", statuses[detail.status] ?? detail.status);
    fact("emailDomain", detail.emailDomain);
    fact("createdAt", formatDate(detail.createdAt, true));
    for (const count of ["users", "customers", "relationships", "links"] as const) {
      fact(count, formatNumber(detail.counts[count]));
    }
    part<HTMLAnchorElement>(view, "[data-audit-link]").href =
      `${root.dataset["audit"] ?? ""}?partnerId=${encodeURIComponent(detail.id)}`;
    for (const text of view.querySelectorAll<HTMLElement>("[data-status-text]")) {
      text.hidden = text.dataset["statusText"] !== detail.status;
    }
    statusButton.textContent = messages.text(detail.status === "active" ? "suspend" : "reactivate");
    statusButton.className =
      detail.status === "active" ? "button button--danger" : "button button--secondary";
    const name = part<HTMLInputElement>(renameForm, "input[name='name']");
    if (document.activeElement !== name) name.value = detail.name;
  }

  async function load(): Promise<boolean> {
    status.textContent = messages.text("loading");
    const result = await call(api.operator.partners[":id"].$get({ param: param() }), messages);
    status.textContent = "";
    if (!result.ok) {
      if (refused(root, result.status)) return false;
      if (result.status === 404) {
        part(root, "[data-missing]").hidden = false;
        return false;
      }
      showAlert(alert, result.problem, messages.text("unexpected"));
      return false;
    }
    render(result.data);
    view.hidden = false;
    return true;
  }

  const statusButton = part<HTMLButtonElement>(view, "[data-status-button]");
  statusButton.addEventListener("click", () => {
    if (!partner) return;
    const suspend = partner.status === "active";
    statusButton.disabled = true;
    showAlert(alert, null);
    const route = api.operator.partners[":id"];
    const request = suspend
      ? route.suspend.$post({ param: param() })
      : route.reactivate.$post({ param: param() });
    void call(request, messages).then(async (result) => {
      statusButton.disabled = false;
      if (!result.ok) {
        if (!refused(root, result.status))
          showAlert(alert, result.problem, messages.text("unexpected"));
        return;
      }
      await load();
      status.textContent = messages.text(suspend ? "suspended" : "reactivated");
    });
  });

  const renameForm = part<HTMLFormElement>(view, "form[data-rename-form]");
  renameForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const summary = part(renameForm, "[data-form-alert]");
    clearErrors(renameForm, summary);
    const errors = checkFields(renameForm);
    if (errors.length > 0) {
      showProblem(renameForm, summary, { title: messages.text("invalid"), errors }, "");
      return;
    }
    const name = part<HTMLInputElement>(renameForm, "input[name='name']").value.trim();
    void call(
      api.operator.partners[":id"].name.$put({ param: param(), json: { name } }),
      messages,
    ).then(async (result) => {
      if (!result.ok) {
        if (!refused(root, result.status)) {
          showProblem(renameForm, summary, result.problem, messages.text("unexpected"));
        }
        return;
      }
      await load();
      status.textContent = messages.text("renamed");
    });
  });

  if (!(await load()) || !partner) return;
  if (partner.type !== "direct_reseller") await links(partner);

  /** The links section of an indirect reseller (its providers) or provider (its resellers). */
  async function links(self: OperatorPartner): Promise<void> {
    const section = part(view, "[data-links]");
    const isReseller = self.type === "indirect_reseller";
    const title = messages.text(isReseller ? "providers" : "resellers");
    part(section, "[data-links-title]").textContent = title;
    part(section, "[data-links-caption]").textContent = title;
    section.hidden = false;
    const template = part<HTMLTemplateElement>(section, "template[data-link-row]");
    const pair = (other: string) =>
      isReseller
        ? { resellerId: self.id, providerId: other }
        : { resellerId: other, providerId: self.id };

    const row = (linked: LinkedPartner): HTMLElement => {
      const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
      const link = part<HTMLAnchorElement>(tr, '[data-cell="name"]');
      link.textContent = linked.name;
      link.href = `${root.dataset["self"] ?? ""}?id=${encodeURIComponent(linked.id)}`;
      part(tr, '[data-cell="status"]').textContent = statuses[linked.status] ?? linked.status;
      const when = part<HTMLTimeElement>(tr, '[data-cell="linkedAt"]');
      when.dateTime = linked.linkedAt;
      when.textContent = formatDate(linked.linkedAt);
      const unlink = part<HTMLButtonElement>(tr, "[data-unlink]");
      unlink.textContent = messages.text("unlink", { name: linked.name });
      unlink.addEventListener("click", () => {
        unlink.disabled = true;
        const ids = { ...here(), ...pair(linked.id) };
        void call(
          api.operator["partner-links"][":resellerId"][":providerId"].$delete({ param: ids }),
          messages,
        ).then(async (result) => {
          unlink.disabled = false;
          if (!result.ok) {
            if (!refused(root, result.status))
              showAlert(alert, result.problem, messages.text("unexpected"));
            return;
          }
          await refresh();
          status.textContent = messages.text("unlinked", { name: linked.name });
        });
      });
      return tr;
    };

    const list = pager({
      messages,
      rows: part(section, "[data-link-rows]"),
      more: part<HTMLButtonElement>(section, "[data-links-more]"),
      empty: part(section, "[data-links-empty]"),
      status,
      alert,
      load: (cursor) =>
        call(
          api.operator.partners[":id"].links.$get({
            param: param(),
            query: cursor ? { cursor } : {},
          }),
          messages,
        ),
      row,
    });

    const form = part<HTMLFormElement>(section, "form[data-link-form]");
    const select = part<HTMLSelectElement>(form, "select");
    // The active partners of the other type by name, narrowed by the search box.
    const choices = searchableChoices({
      search: part<HTMLInputElement>(form, 'input[type="search"]'),
      select,
      none: (q) => messages.text(q ? "noMatch" : "noCandidates"),
      find: async (query) => {
        const type = isReseller ? "indirect_provider" : "indirect_reseller";
        const result = await call(
          api.operator.partners.$get({
            param: here(),
            query: { type, status: "active", ...query },
          }),
          messages,
        );
        if (!result.ok) return null;
        return result.data.items.map((candidate) => ({
          label: candidate.name,
          value: candidate.id,
        }));
      },
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const summary = part(form, "[data-form-alert]");
      clearErrors(form, summary);
      const errors = checkFields(form);
      if (errors.length > 0) {
        showProblem(form, summary, { title: messages.text("invalid"), errors }, "");
        return;
      }
      const chosen = select.selectedOptions[0]?.textContent ?? "";
      void call(
        api.operator["partner-links"].$post({ param: here(), json: pair(select.value) }),
        messages,
      ).then(async (result) => {
        if (!result.ok) {
          if (!refused(root, result.status)) {
            showProblem(form, summary, result.problem, messages.text("unexpected"));
          }
          return;
        }
        await refresh();
        status.textContent = messages.text("linked", { name: chosen });
      });
    });

    async function refresh(): Promise<void> {
      await Promise.all([list.reload(), load()]);
    }
    await Promise.all([list.reload(), choices.reload()]);
  }
}

const root = document.querySelector<HTMLElement>('[data-operator-page="partner"]');
if (root) void start(root);
