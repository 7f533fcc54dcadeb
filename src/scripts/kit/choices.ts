/**
 * A `<select>` whose choices the API finds: it starts with the first page of them and, as the
 * reader types the beginning of a name into its search box, holds the matches instead, so a
 * partner with thousands of customers or users can still choose any one of them.
 */

/** How many choices one answer brings. */
const CHOICES_PER_SEARCH = 200;

/** What every list endpoint a picker reads is asked: a page of choices, and the typed prefix. */
export interface ChoiceQuery {
  limit: string;
  q?: string;
}

/** One choice: what the reader sees, and the value the form sends. */
export interface Choice {
  label: string;
  value: string;
}

export interface ChoicesParts {
  /** The search box (`type="search"`) that narrows the select. */
  search: HTMLInputElement;
  select: HTMLSelectElement;
  /** Options kept first whatever the search (a placeholder such as "Choose a user"). */
  keep?: readonly HTMLOptionElement[];
  /** The disabled option shown when nothing matches `q` ("" before any search). */
  none: (q: string) => string;
  /** The choices `query` finds (all when it has no `q`), or null when the call failed. */
  find: (query: ChoiceQuery) => Promise<Choice[] | null>;
}

/** Typing settles for this long before the API is asked. */
const SETTLE_MS = 250;

/**
 * @example
 * const users = searchableChoices({ search, select, none: () => "No match", find: async (query) => {
 *   const result = await call(api.users.$get({ param: here(), query }));
 *   return result.ok ? result.data.items.map((u) => ({ label: u.email, value: u.id })) : null;
 * } });
 * await users.reload();
 */
export function searchableChoices(parts: ChoicesParts): { reload: () => Promise<void> } {
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    const mine = ++generation;
    const q = parts.search.value.trim();
    const found = await parts.find({ limit: String(CHOICES_PER_SEARCH), ...(q ? { q } : {}) });
    // A newer search started meanwhile: its answer wins.
    if (mine !== generation || found === null) return;
    const chosen = parts.select.value;
    const options = found.map((choice) => new Option(choice.label, choice.value));
    if (options.length === 0) {
      const none = new Option(parts.none(q), "");
      none.disabled = true;
      options.push(none);
    }
    parts.select.replaceChildren(...(parts.keep ?? []), ...options);
    // The choice the reader had made stays made while it is still offered.
    if (found.some((choice) => choice.value === chosen)) parts.select.value = chosen;
  }

  parts.search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), SETTLE_MS);
  });
  // Enter in the search box searches at once rather than submitting the form.
  parts.search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    void load();
  });
  return {
    reload: () => {
      clearTimeout(timer);
      return load();
    },
  };
}
