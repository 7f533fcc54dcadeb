/**
 * The admin relationships page (`admin-relationships/`): partner staff see their relationships
 * (filters, paging); roles that may write them request one (roles grouped by least privilege, a
 * warning on global administrator, the approval link and email draft once) and run bulk
 * operations over what the filters select, page after page, reported per relationship.
 */
import { can } from "../../domain/roles.ts";
import type { AdminRelationship } from "../../domain/schemas/admin-relationship.ts";
import { pagePath } from "../../site/routes.ts";
import { VIEW_ROUTE } from "../../components/admin-relationships/routes.ts";
import { pageContext } from "../page.ts";
import { requestDraft } from "./drafts.ts";
import { textOf } from "./form.ts";
import { roleFields } from "./role-fields.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  admit,
  clearErrors,
  formatDate,
  pager,
  part,
  searchableChoices,
  showAlert,
  showProblem,
} from "../kit/index.ts";

/** The filters of the list form, as the API takes them (empty fields left out). */
function filtersOf(form: HTMLFormElement) {
  const data = new FormData(form);
  const value = (name: string) => textOf(data, name).trim() || undefined;
  return {
    state: value("state") as AdminRelationship["state"] | undefined,
    role: value("role") as AdminRelationship["roles"][number] | undefined,
    expiringWithinDays: value("expiringWithinDays"),
  };
}

function startCreate(root: HTMLElement, messages: Messages, onCreated: () => void): void {
  const form = part<HTMLFormElement>(root, "[data-create-form]");
  const alert = part(root, "[data-create-alert]");
  const fields = roleFields(form);
  const select = part<HTMLSelectElement>(form, '[name="customerId"]');
  // The customers by name, narrowed by the search box; "a customer not in your list" stays first.
  void searchableChoices({
    search: part<HTMLInputElement>(form, 'input[type="search"]'),
    select,
    keep: [...select.options],
    none: () => messages.text("noMatch"),
    find: async (query) => {
      const result = await call(api.customers.$get({ param: here(), query }));
      if (!result.ok) return null;
      return result.data.items.map((customer) => ({
        label: `${customer.companyName} (${customer.domain})`,
        value: customer.id,
      }));
    },
  }).reload();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, alert);
      const data = new FormData(form);
      const customerId = textOf(data, "customerId");
      const displayName = textOf(data, "displayName");
      const result = await call(
        api["admin-relationships"].$post({
          param: here(),
          json: {
            displayName,
            ...fields.choice(),
            locale: pageContext().locale,
            ...(customerId ? { customerId } : {}),
          },
        }),
        messages,
      );
      if (!result.ok) {
        showProblem(form, alert, result.problem, messages.text("unexpected"));
        return;
      }
      const created = part(root, "[data-created]");
      const { relationship, url, email } = result.data;
      part(created, "[data-created-draft]").replaceChildren(
        requestDraft(
          root,
          messages,
          { id: relationship.id, url, email },
          messages.text("draftFor", {
            name: relationship.customer?.companyName ?? relationship.displayName,
          }),
        ),
      );
      created.hidden = false;
      created.focus();
      form.reset();
      fields.reset();
      onCreated();
    })();
  });
}

function startBulk(
  root: HTMLElement,
  messages: Messages,
  filter: HTMLFormElement,
  done: () => void,
) {
  const form = part<HTMLFormElement>(root, "[data-bulk-form]");
  const alert = part(root, "[data-bulk-alert]");
  const status = part(root, "[data-bulk-status]");
  const list = part(root, "[data-bulk-results]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      showAlert(alert, null);
      list.replaceChildren();
      const data = new FormData(form);
      const action = textOf(data, "action") as "removeRole" | "terminate" | "setAutoExtend";
      const { expiringWithinDays, ...rest } = filtersOf(filter);
      const filters = {
        ...rest,
        ...(expiringWithinDays ? { expiringWithinDays: Number(expiringWithinDays) } : {}),
      };
      let cursor: string | undefined;
      const counts = { done: 0, skipped: 0 };
      do {
        const result = await call(
          api["admin-relationships"].bulk.$post({
            param: here(),
            json: {
              action,
              filters,
              ...(action === "removeRole"
                ? { role: data.get("role") as AdminRelationship["roles"][number] }
                : {}),
              ...(action === "setAutoExtend"
                ? { autoExtend: data.get("autoExtend") as "P0D" | "P180D" }
                : {}),
              ...(cursor ? { cursor } : {}),
            },
          }),
          messages,
        );
        if (!result.ok) {
          // Resumable: what was done stays done, and running again carries on.
          showAlert(alert, result.problem, messages.text("unexpected"));
          return;
        }
        for (const item of result.data.results) {
          counts[item.outcome] += 1;
          const line = document.createElement("li");
          const link = document.createElement("a");
          link.href = `${pagePath(pageContext().cloud, pageContext().locale, VIEW_ROUTE)}?id=${item.id}`;
          link.textContent = item.id.slice(0, 8);
          line.append(
            link,
            ` — ${
              item.outcome === "done"
                ? messages.text("done")
                : messages.text("skipped", {
                    reason: messages.text(`skip-${item.code ?? "changed"}`),
                  })
            }`,
          );
          if (item.replacement) {
            // The replacement's approval link and email, shown only in this answer.
            line.append(
              requestDraft(
                root,
                messages,
                item.replacement,
                messages.text("draftFor", { name: item.id.slice(0, 8) }),
              ),
            );
          }
          list.append(line);
        }
        status.textContent = messages.plural("running", counts.done + counts.skipped);
        cursor = result.data.nextCursor ?? undefined;
      } while (cursor);
      status.textContent = messages.text("summary", counts);
      done();
    })();
  });
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, "adminRelationships.read");
  if (!user) return;
  const messages = new Messages(root);
  part(root, "[data-read-only]").hidden = can(user.roles, "adminRelationships.write");
  const filter = part<HTMLFormElement>(root, "[data-filter]");
  // A link may name the filters (the home's "expiring" count does).
  for (const [name, value] of new URLSearchParams(location.search)) {
    const input = filter.elements.namedItem(name);
    if (input instanceof HTMLSelectElement || input instanceof HTMLInputElement)
      input.value = value;
  }
  const { cloud, locale } = pageContext();
  const list = pager<AdminRelationship>({
    messages,
    rows: part(root, "[data-rows]"),
    more: part<HTMLButtonElement>(root, "[data-more]"),
    empty: part(root, "[data-empty]"),
    status: part(root, "[data-list-status]"),
    alert: part(root, "[data-list-alert]"),
    load: (cursor) =>
      call(
        api["admin-relationships"].$get({
          param: here(),
          query: { ...filtersOf(filter), ...(cursor ? { cursor } : {}), limit: "50" },
        }),
        messages,
      ),
    row: (item) => {
      const tr = document.createElement("tr");
      tr.dataset["testid"] = "admin-relationship-row";
      const cells = [
        item.displayName,
        item.customer?.companyName ?? messages.text("noCustomer"),
        item.roles.map((role) => messages.text(`role-${role}`)).join(", "),
        messages.text(`state-${item.state}`),
        item.endsAt ? formatDate(item.endsAt) : "—",
      ];
      cells.forEach((text, index) => {
        const td = document.createElement("td");
        if (index === 0) {
          const link = document.createElement("a");
          link.href = `${pagePath(cloud, locale, VIEW_ROUTE)}?id=${item.id}`;
          link.textContent = text;
          td.append(link);
        } else td.textContent = text;
        tr.append(td);
      });
      return tr;
    },
  });
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    void list.reload();
  });
  if (can(user.roles, "adminRelationships.write")) {
    startCreate(root, messages, () => void list.reload());
    startBulk(root, messages, filter, () => void list.reload());
  }
  await list.reload();
}

const root = document.querySelector<HTMLElement>("[data-admin-relationships-page]");
if (root) void start(root);
