/**
 * Intl formatters made once per locale, kind and options, for the life of the module (a page in
 * the browser, an isolate in the Worker): constructing one loads locale data and costs far more
 * than formatting with it, and lists and bulk answers format a value per row.
 */
const formatters = new Map<string, unknown>();

/**
 * The `Formatter` for `locale` with `options`, made at its first use.
 *
 * @example
 * cachedFormatter(Intl.NumberFormat, "ru-RU", {}).format(5000); // "5 000"
 */
export function cachedFormatter<T, O extends object>(
  Formatter: new (locales: string[], options: O) => T,
  locale: string,
  options: NoInfer<O>,
): T {
  const key = `${Formatter.name} ${locale} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = new Formatter([locale], options);
    formatters.set(key, formatter);
  }
  return formatter;
}
