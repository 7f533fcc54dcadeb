/**
 * `<docs-search>`: searches the documentation of the page's cloud, in the page's language, with
 * Pagefind's JavaScript API (the index the build writes to /pagefind/). Pagefind keeps one index
 * per language and picks the one of `<html lang>`; every documentation page carries its cloud as
 * the `cloud` filter, and results outside this cloud × locale's documentation are dropped as well.
 * Pagefind's own UI is not used: it injects inline styles the CSP forbids.
 */

/** Where the build writes Pagefind's bundle; loaded at run time, not bundled by Vite. */
const PAGEFIND = "/pagefind/pagefind.js";
const MAX_RESULTS = 10;

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}

interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(
    query: string,
    options?: { filters?: Record<string, string> },
  ): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

let pagefind: Promise<PagefindApi> | undefined;

/**
 * The first MAX_RESULTS results under `scope`. Each result's data is a fragment download, and
 * the language index and cloud filter already keep the results in scope, so fragments are
 * fetched MAX_RESULTS at a time and the next batch only when some fell outside it.
 */
async function inScope(
  results: readonly { data(): Promise<PagefindResultData> }[],
  scope: string,
): Promise<PagefindResultData[]> {
  const pages: PagefindResultData[] = [];
  for (let start = 0; start < results.length && pages.length < MAX_RESULTS; start += MAX_RESULTS) {
    const batch = await Promise.all(
      results.slice(start, start + MAX_RESULTS).map((result) => result.data()),
    );
    pages.push(...batch.filter((page) => page.url.startsWith(scope)));
  }
  return pages.slice(0, MAX_RESULTS);
}

function loadPagefind(): Promise<PagefindApi> {
  pagefind ??= (import(/* @vite-ignore */ PAGEFIND) as Promise<PagefindApi>).then(async (api) => {
    await api.options({ excerptLength: 20 });
    await api.init();
    return api;
  });
  // A failed load (offline) may be retried by the next search.
  pagefind.catch(() => (pagefind = undefined));
  return pagefind;
}

/** Fills `{{name}}` placeholders of a message rendered by the page. */
function format(message: string, values: Record<string, string>): string {
  return message.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name: string) => values[name] ?? all);
}

/** Pagefind's excerpt (text with `<mark>`) as DOM nodes, never as markup. */
function excerptNodes(excerpt: string): Node[] {
  const body = new DOMParser().parseFromString(excerpt, "text/html").body;
  return [...body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent ?? "");
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

class DocsSearch extends HTMLElement {
  private sequence = 0;

  connectedCallback(): void {
    // Defining the element shows its box (docs.css): nothing to unhide here.
    const form = this.querySelector<HTMLFormElement>("[data-search-form]");
    if (!form) return;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const entry = new FormData(form).get("q");
      const query = typeof entry === "string" ? entry.trim() : "";
      void this.search(query);
    });
  }

  private message(name: string, values: Record<string, string> = {}): string {
    return format(this.dataset[name] ?? "", values);
  }

  private async search(query: string): Promise<void> {
    const status = this.querySelector<HTMLElement>("[data-search-status]");
    const list = this.querySelector<HTMLUListElement>("[data-search-results]");
    if (!status || !list) return;
    const run = ++this.sequence;
    list.replaceChildren();
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = this.message("msgSearching");
    try {
      const api = await loadPagefind();
      const cloud = this.dataset["cloud"] ?? "";
      const scope = this.dataset["scope"] ?? "/";
      const found = await api.search(query, { filters: { cloud } });
      const pages = await inScope(found?.results ?? [], scope);
      if (run !== this.sequence) return;
      list.replaceChildren(...pages.map((page) => this.item(page)));
      const count = String(pages.length);
      if (pages.length === 0) status.textContent = this.message("msgNone", { query });
      else {
        const category = new Intl.PluralRules(document.documentElement.lang).select(pages.length);
        const key = `msgResults${category[0]?.toUpperCase()}${category.slice(1)}`;
        status.textContent = format(this.dataset[key] ?? this.dataset["msgResultsOther"] ?? "", {
          count,
          query,
        });
      }
    } catch {
      if (run === this.sequence) status.textContent = this.message("msgError");
    }
  }

  private item(page: PagefindResultData): HTMLLIElement {
    const item = document.createElement("li");
    item.className = "docs-search__result";
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title ?? page.url;
    const excerpt = document.createElement("p");
    excerpt.className = "docs-search__excerpt";
    excerpt.append(...excerptNodes(page.excerpt));
    item.append(link, excerpt);
    return item;
  }
}

if (!customElements.get("docs-search")) customElements.define("docs-search", DocsSearch);
