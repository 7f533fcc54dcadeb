/**
 * The messages a page rendered for its module (components/messages.ts): `data-msg-{name}` with
 * `{placeholders}`, and the plural forms `data-plural-{name}-{one|few|many|other}`. The browser
 * bundles no i18next and no catalog, only what its page needs.
 */
import { formatNumber, intlFormatter } from "./format.ts";

/** `state-pending` and `statePending` both name `data-msg-state-pending` (`dataset.msgStatePending`). */
const camel = (name: string): string => {
  const text = name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/**
 * Fills `{name}` placeholders; a placeholder without a value stays as it is.
 *
 * @example
 * fill("Requis en {country}.", { country: "Russie" }); // "Requis en Russie."
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/**
 * The messages of one page element.
 *
 * @example
 * const messages = new Messages(root);
 * messages.text("expires", { date: "1 mars 2026" }); // "Expire le 1 mars 2026"
 * messages.plural("licenses", 5); // "5 лицензий"
 */
export class Messages {
  readonly root: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
  }

  /** `data-msg-{name}` with its placeholders filled. */
  text(name: string, values: Readonly<Record<string, string | number>> = {}): string {
    return fill(this.root.dataset[`msg${camel(name)}`] ?? "", values);
  }

  /** The plural form of `data-plural-{name}-*` for `count`, with `{count}` formatted. */
  plural(name: string, count: number): string {
    const base = `plural${camel(name)}`;
    const category = intlFormatter(Intl.PluralRules, {}).select(count);
    const data = this.root.dataset;
    const template = data[`${base}${camel(category)}`] ?? data[`${base}Other`] ?? "";
    return fill(template, { count: formatNumber(count) });
  }
}
