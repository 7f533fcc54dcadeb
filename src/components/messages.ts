/**
 * Messages for the task pages' browser modules, rendered into the HTML at build time: the
 * browser bundles no i18next and no catalog, only what its page needs.
 */
import { messagesOf, translator, type MessageKey } from "../domain/i18n.ts";
import type { Locale } from "../domain/locales.ts";

/**
 * The plural forms of `key` in `locale` as `data-plural-{name}-{category}` attributes, with
 * `{{count}}` turned into the browser's `{count}` placeholder (scripts/kit/messages.ts
 * `Messages.plural` picks the form with Intl.PluralRules).
 *
 * @example
 * pluralAttributes("ru-RU", "customers.licenses", "licenses")["data-plural-licenses-few"];
 * // "{count} лицензии"
 */
export function pluralAttributes(
  locale: Locale,
  key: MessageKey,
  name: string,
): Record<`data-plural-${string}`, string> {
  const attributes: Record<`data-plural-${string}`, string> = {};
  for (const [messageKey, message] of Object.entries(messagesOf(locale))) {
    const match = /_(zero|one|two|few|many|other)$/.exec(messageKey);
    if (match && messageKey.slice(0, match.index) === key) {
      attributes[`data-plural-${name}-${match[1]}`] = message.replace(
        /\{\{\s*count\s*\}\}/g,
        "{count}",
      );
    }
  }
  if (Object.keys(attributes).length === 0) throw new Error(`no plural forms for ${key}`);
  return attributes;
}

/**
 * `data-msg-{name}` attributes for the messages a browser module shows, each with its
 * placeholders kept as `{name}` for the browser to fill.
 *
 * @example
 * messageAttributes("fr-FR", { copied: ["customers.secret.copied"] });
 * // { "data-msg-copied": "Mot de passe copié." }
 */
export function messageAttributes(
  locale: Locale,
  messages: Record<string, readonly [MessageKey, ...string[]]>,
): Record<`data-msg-${string}`, string> {
  const t = translator(locale);
  const attributes: Record<`data-msg-${string}`, string> = {};
  for (const [name, [key, ...placeholders]] of Object.entries(messages)) {
    const kebab = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    attributes[`data-msg-${kebab}`] = t(
      key,
      Object.fromEntries(placeholders.map((p) => [p, `{${p}}`])),
    );
  }
  return attributes;
}
