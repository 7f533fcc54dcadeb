/**
 * The customer list page (customers/): search and relationship filter kept in the address (so
 * a search can be shared and the Back button works), keyset pages, empty states, CSV download,
 * and "Add customer" for roles that may.
 */
import type { CustomerListItem, CustomerListQuery } from "../../domain/schemas/customer.ts";
import { api, call, callFile, here } from "../kit/api.ts";
import { csvSeparatorQuery } from "../kit/csv-separator.ts";
import {
  Messages,
  PageCursors,
  admit,
  formatDate,
  part,
  refused,
  regionName,
  saveFile,
  showAlert,
} from "../kit/index.ts";

/** Rows per page: a screenful. */
const PAGE_SIZE = 20;

/** The list's filters as the address carries them. */
interface Filters {
  q: string;
  relationship?: NonNullable<CustomerListQuery["relationship"]>;
}

function filtersFrom(params: URLSearchParams): Filters {
  const relationship = params.get("relationship");
  return {
    q: (params.get("q") ?? "").trim(),
    ...(relationship === "direct" || relationship === "indirect" ? { relationship } : {}),
  };
}

/** The filters as the API's query: empty ones left out. */
function apiQuery({ q, relationship }: Filters): Pick<CustomerListQuery, "q" | "relationship"> {
  return { ...(q ? { q } : {}), ...(relationship ? { relationship } : {}) };
}

function start(root: HTMLElement): void {
  const messages = new Messages(root);
  const form = part<HTMLFormElement>(root, '[data-testid="customer-search"]');
  const query = part<HTMLInputElement>(form, 'input[name="q"]');
  const relationship = part<HTMLSelectElement>(form, 'select[name="relationship"]');
  const status = part(root, "[data-page-status]");
  const alert = part(root, "[data-error]");
  const results = part(root, "[data-results]");
  const rows = part(root, "[data-rows]");
  const template = part<HTMLTemplateElement>(root, "template[data-row-template]");
  const emptyNone = part(root, '[data-empty="none"]');
  const emptyFiltered = part(root, '[data-empty="filtered"]');
  // Shown with the first answer, so that the rows do not push it down as they arrive.
  const footer = part(root, "[data-list-footer]");
  const pager = part(root, "[data-pager]");
  const previous = part<HTMLButtonElement>(pager, "[data-previous]");
  const next = part<HTMLButtonElement>(pager, "[data-next]");
  const pageNumber = part(pager, "[data-page-number]");
  const exportButton = part<HTMLButtonElement>(root, "[data-export]");
  const exportStatus = part(root, "[data-export-status]");
  const viewPath = root.dataset["view"] ?? "";

  let filters = filtersFrom(new URLSearchParams(location.search));
  const pages = new PageCursors();
  let sequence = 0;

  function showFilters(): void {
    query.value = filters.q;
    relationship.value = filters.relationship ?? "";
  }

  function row(item: CustomerListItem): Node {
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const cell = (name: string) => part(fragment, `[data-cell="${name}"]`);
    const link = cell("name") as HTMLAnchorElement;
    link.href = `${viewPath}?id=${encodeURIComponent(item.id)}`;
    link.textContent = item.companyName;
    cell("domain").textContent = item.domain;
    cell("country").textContent = regionName(item.country);
    const reseller = item.relationship.indirectReseller;
    cell("relationship").textContent = reseller
      ? messages.text("through", { reseller: reseller.name })
      : messages.text("direct");
    cell("since").textContent = formatDate(item.relationship.since);
    return fragment;
  }

  async function load(focusResults = false): Promise<void> {
    const current = ++sequence;
    status.textContent = messages.text("loading");
    results.setAttribute("aria-busy", "true");
    showAlert(alert, null);
    const cursor = pages.cursor;
    const result = await call(
      api.customers.$get({
        param: here(),
        query: { ...apiQuery(filters), ...(cursor ? { cursor } : {}), limit: String(PAGE_SIZE) },
      }),
      messages,
    );
    if (current !== sequence) return;
    results.removeAttribute("aria-busy");
    if (!result.ok) {
      if (refused(root, result.status)) return;
      status.textContent = "";
      showAlert(alert, result.problem, messages.text("unexpected"));
      return;
    }
    const { items, nextCursor } = result.data;
    rows.replaceChildren(...items.map(row));
    const filtered = filters.q !== "" || filters.relationship !== undefined;
    results.hidden = items.length === 0;
    const first = pages.index === 0;
    emptyNone.hidden = !(items.length === 0 && !filtered && first);
    emptyFiltered.hidden = !(items.length === 0 && (filtered || !first));
    pages.seen(nextCursor);
    pager.hidden = first && !nextCursor;
    previous.disabled = first;
    next.disabled = !nextCursor;
    pageNumber.textContent = messages.text("page", { page: pages.index + 1 });
    status.textContent = messages.plural("shown", items.length);
    footer.hidden = false;
    if (focusResults && !results.hidden) results.focus();
  }

  function search(): void {
    pages.restart();
    void load();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    if (relationship.value) params.set("relationship", relationship.value);
    filters = filtersFrom(params);
    const address = params.size > 0 ? `?${params.toString()}` : "";
    history.pushState(null, "", `${location.pathname}${address}`);
    search();
  });

  addEventListener("popstate", () => {
    filters = filtersFrom(new URLSearchParams(location.search));
    showFilters();
    search();
  });

  previous.addEventListener("click", () => {
    if (pages.back()) void load(true);
  });

  next.addEventListener("click", () => {
    if (pages.forward()) void load(true);
  });

  exportButton.addEventListener("click", () => {
    exportButton.disabled = true;
    exportStatus.textContent = messages.text("exporting");
    showAlert(alert, null);
    void callFile(
      api.customers["export.csv"].$get({
        param: here(),
        query: { ...apiQuery(filters), ...csvSeparatorQuery(root) },
      }),
      messages,
    ).then((result) => {
      exportButton.disabled = false;
      if (!result.ok) {
        exportStatus.textContent = "";
        if (refused(root, result.status, false)) return;
        showAlert(alert, result.problem, messages.text("unexpected"));
        return;
      }
      saveFile(result.data, "customers.csv");
      exportStatus.textContent = messages.text("exported");
    });
  });

  showFilters();
  void admit(root, "customers.read").then((user) => {
    if (user) void load();
  });
}

const root = document.querySelector<HTMLElement>("[data-customer-list]");
if (root) start(root);
