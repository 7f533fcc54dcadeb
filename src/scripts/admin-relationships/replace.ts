/**
 * "Replace with granular" (`admin-relationships/replace/`): the partner's customers that still
 * give it legacy delegated admin privileges, a keyset page at a time; the reader selects some
 * (or every one, on every page), chooses the roles, duration and auto-extension, and the page
 * requests the replacements a hundred customers at a time, reporting each customer — created
 * (with its approval link and email draft) or skipped, and why. Running it again skips those
 * already requested.
 */
import type { LegacyCustomer } from "../../domain/schemas/admin-relationship.ts";
import { isLocale } from "../../domain/locales.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  admit,
  clearErrors,
  formatDate,
  pager,
  part,
  showAlert,
  showProblem,
} from "../kit/index.ts";
import { requestDraft } from "./drafts.ts";
import { textOf } from "./form.ts";
import { roleFields } from "./role-fields.ts";

/** As many customers as one request names (the API's bound). */
const BATCH = 100;

function legacyPage(messages: Messages, cursor: string | undefined, limit: number) {
  return call(
    api["admin-relationships"]["replace-delegated-admin"].customers.$get({
      param: here(),
      query: { limit: String(limit), ...(cursor ? { cursor } : {}) },
    }),
    messages,
  );
}

/** Every customer with legacy DAP, page after page; null when a page failed (shown in `alert`). */
async function everyCustomer(
  messages: Messages,
  alert: HTMLElement,
): Promise<LegacyCustomer[] | null> {
  const customers: LegacyCustomer[] = [];
  let cursor: string | undefined;
  do {
    const result = await legacyPage(messages, cursor, 200);
    if (!result.ok) {
      showAlert(alert, result.problem, messages.text("unexpected"));
      return null;
    }
    customers.push(...result.data.items);
    cursor = result.data.nextCursor ?? undefined;
  } while (cursor);
  return customers;
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, "adminRelationships.write");
  if (!user) return;
  const messages = new Messages(root);
  const form = part<HTMLFormElement>(root, "[data-replace-form]");
  const alert = part(root, "[data-replace-alert]");
  const count = part(root, "[data-selected-count]");
  const fields = roleFields(form);
  const selected = new Map<string, string>();
  const showCount = () => {
    count.textContent = messages.plural("selected", selected.size);
  };

  const list = pager<LegacyCustomer>({
    messages,
    rows: part(root, "[data-rows]"),
    more: part<HTMLButtonElement>(root, "[data-more]"),
    empty: part(root, "[data-empty]"),
    status: part(root, "[data-list-status]"),
    alert: part(root, "[data-list-alert]"),
    load: (cursor) => legacyPage(messages, cursor, 50),
    row: (customer) => {
      const tr = document.createElement("tr");
      tr.dataset["testid"] = "legacy-customer-row";
      const pick = document.createElement("td");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = customer.id;
      box.checked = selected.has(customer.id);
      box.setAttribute(
        "aria-label",
        messages.text("selectCustomer", { name: customer.companyName }),
      );
      box.addEventListener("change", () => {
        if (box.checked) selected.set(customer.id, customer.companyName);
        else selected.delete(customer.id);
        showCount();
      });
      pick.append(box);
      const cells = [
        customer.companyName,
        customer.domain,
        formatDate(customer.grantedAt),
        messages.text(customer.requested ? "waiting" : "notRequested"),
      ].map((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        return td;
      });
      tr.append(pick, ...cells);
      return tr;
    },
  });

  const report = part(root, "[data-report]");
  const status = part(root, "[data-report-status]");
  const results = part(root, "[data-report-results]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, alert);
      const data = new FormData(form);
      const every = textOf(data, "scope") === "all";
      if (!every && selected.size === 0) {
        showAlert(alert, { title: messages.text("noneSelected") });
        alert.focus();
        return;
      }
      const chosen = every ? await everyCustomer(messages, alert) : null;
      if (every && !chosen) return;
      const names = new Map(chosen?.map((c) => [c.id, c.companyName]) ?? selected);
      const ids = [...names.keys()];
      const locale = textOf(data, "locale");
      const request = {
        displayName: textOf(data, "displayName"),
        ...fields.choice(),
        ...(isLocale(locale) ? { locale } : {}),
      };
      results.replaceChildren();
      report.hidden = false;
      const counts = { created: 0, skipped: 0 };
      for (let i = 0; i < ids.length; i += BATCH) {
        const result = await call(
          api["admin-relationships"]["replace-delegated-admin"].$post({
            param: here(),
            json: { ...request, customerIds: ids.slice(i, i + BATCH) },
          }),
          messages,
        );
        if (!result.ok) {
          // What was requested stays requested; running again carries on after it.
          showProblem(form, alert, result.problem, messages.text("unexpected"));
          break;
        }
        for (const item of result.data.results) {
          counts[item.outcome] += 1;
          const name = names.get(item.customerId) ?? item.customerId;
          const line = document.createElement("li");
          const outcome = document.createElement("span");
          outcome.className = "report__outcome";
          outcome.dataset["outcome"] = item.outcome;
          outcome.textContent =
            item.outcome === "created"
              ? messages.text("outcomeCreated")
              : messages.text("outcomeSkipped", {
                  reason: messages.text(`skip-${item.code ?? "changed"}`),
                });
          line.append(`${name} — `, outcome);
          if (item.request) {
            line.append(
              requestDraft(root, messages, item.request, messages.text("draftFor", { name })),
            );
          }
          results.append(line);
        }
        status.textContent = messages.plural("running", counts.created + counts.skipped);
      }
      status.textContent = `${messages.plural("created", counts.created)} ${messages.plural(
        "skipped",
        counts.skipped,
      )}`;
      part(report, "h2").focus();
      selected.clear();
      showCount();
      await list.reload();
    })();
  });
  showCount();
  await list.reload();
}

const root = document.querySelector<HTMLElement>("[data-replace-page]");
if (root) void start(root);
