/**
 * The customer list page (customers/): search and relationship filter kept in the address (so
 * a search can be shared and the Back button works), keyset pages, empty states, CSV download,
 * and "Add customer" for roles that may.
 */
import type { CustomerListItem } from "../../domain/schemas/customer.ts";
import { NetworkError } from "../api.ts";
import { customers, type CustomerExportParams } from "../client.ts";
import { csvSeparatorQuery } from "../csv-separator.ts";
import {
  Messages,
  formatDate,
  part,
  permittedUser,
  regionName,
  showAlert,
  showNotice,
} from "./kit.ts";

/** Rows per page: a screenful. */
const PAGE_SIZE = 20;

/** The list's filters as the address carries them. */
interface Filters {
  q: string;
  relationship?: NonNullable<CustomerExportParams["relationship"]>;
}

function filtersFrom(params: URLSearchParams): Filters {
  const relationship = params.get("relationship");
  return {
    q: (params.get("q") ?? "").trim(),
    ...(relationship === "direct" || relationship === "indirect" ? { relationship } : {}),
  };
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
  const pager = part(root, "[data-pager]");
  const previous = part<HTMLButtonElement>(pager, "[data-previous]");
  const next = part<HTMLButtonElement>(pager, "[data-next]");
  const pageNumber = part(pager, "[data-page-number]");
  const exportButton = part<HTMLButtonElement>(root, "[data-export]");
  const exportStatus = part(root, "[data-export-status]");
  const viewPath = root.dataset["view"] ?? "";

  let filters = filtersFrom(new URLSearchParams(location.search));
  /** The cursor of each page seen so far; page 0 has none. */
  let cursors: (string | undefined)[] = [undefined];
  let page = 0;
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
    let result: Awaited<ReturnType<typeof customers.list>>;
    try {
      result = await customers.list({ ...filters, cursor: cursors[page], limit: PAGE_SIZE });
    } catch (error) {
      if (current !== sequence) return;
      status.textContent = "";
      const message = messages.text(error instanceof NetworkError ? "network" : "unexpected");
      showAlert(alert, { title: message });
      return;
    } finally {
      results.removeAttribute("aria-busy");
    }
    if (current !== sequence) return;
    if (!result.ok) {
      if (result.status === 401) return showNotice(root, "sign-in");
      if (result.status === 403) return showNotice(root, "forbidden");
      status.textContent = "";
      showAlert(alert, result.problem, messages.text("unexpected"));
      return;
    }
    const { items, nextCursor } = result.data;
    rows.replaceChildren(...items.map(row));
    const filtered = filters.q !== "" || filters.relationship !== undefined;
    results.hidden = items.length === 0;
    emptyNone.hidden = !(items.length === 0 && !filtered && page === 0);
    emptyFiltered.hidden = !(items.length === 0 && (filtered || page > 0));
    cursors = cursors.slice(0, page + 1);
    if (nextCursor) cursors.push(nextCursor);
    pager.hidden = page === 0 && !nextCursor;
    previous.disabled = page === 0;
    next.disabled = !nextCursor;
    pageNumber.textContent = messages.text("page", { page: page + 1 });
    status.textContent = messages.plural("shown", items.length);
    if (focusResults && !results.hidden) results.focus();
  }

  function search(): void {
    page = 0;
    cursors = [undefined];
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
    if (page === 0) return;
    page -= 1;
    void load(true);
  });

  next.addEventListener("click", () => {
    if (cursors[page + 1] === undefined) return;
    page += 1;
    void load(true);
  });

  exportButton.addEventListener("click", () => {
    exportButton.disabled = true;
    exportStatus.textContent = messages.text("exporting");
    showAlert(alert, null);
    const { q, relationship: kind } = filters;
    customers
      .exportCsv({
        ...(q ? { q } : {}),
        ...(kind ? { relationship: kind } : {}),
        ...csvSeparatorQuery(root),
      })
      .then((result) => {
        if (!result.ok) {
          exportStatus.textContent = "";
          if (result.status === 401) return showNotice(root, "sign-in");
          showAlert(alert, result.problem, messages.text("unexpected"));
          return;
        }
        const url = URL.createObjectURL(result.data);
        const link = document.createElement("a");
        link.href = url;
        link.download = "customers.csv";
        link.hidden = true;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        exportStatus.textContent = messages.text("exported");
      })
      .catch((error: unknown) => {
        exportStatus.textContent = "";
        const message = messages.text(error instanceof NetworkError ? "network" : "unexpected");
        showAlert(alert, { title: message });
      })
      .finally(() => {
        exportButton.disabled = false;
      });
  });

  showFilters();
  void permittedUser(root, "customers.read").then((user) => {
    if (user) void load();
  });
}

const root = document.querySelector<HTMLElement>("[data-customer-list]");
if (root) start(root);
