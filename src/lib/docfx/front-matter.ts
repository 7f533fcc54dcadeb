import { isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { LOCALE_IDS } from "../../domain/locales.ts";
import { contentLocale, isoDate } from "./content-locale.ts";
import { DocfxError, type DocfxWarning } from "./docfx-error.ts";
import { scalarText } from "./text.ts";

/** An optional single-line text field (`description`, `ms.topic`, `author`). */
const optionalText = z
  .union([z.string(), z.number()], { error: "must be text" })
  .transform((v) => String(v).trim() || null)
  .optional()
  .transform((v) => v ?? null);

/**
 * The DocFX front matter the portal understands, with friendly messages that the caller
 * prefixes with the key (`ms.translationtype must be HT or MT`).
 *
 * @example
 * FrontMatterSchema.parse({ title: "Add a customer" })["ms.translationtype"]; // "HT"
 */
export const FrontMatterSchema = z.object({
  title: z
    .string({ error: (i) => (i.input === undefined ? "is required" : "must be text") })
    .trim()
    .min(1, "must not be empty"),
  description: optionalText,
  "ms.date": z
    .union([z.string(), z.number()], { error: "must be a date (MM/DD/YYYY or YYYY-MM-DD)" })
    .transform((v, ctx) => {
      const iso = isoDate(String(v));
      if (iso) return iso;
      ctx.issues.push({
        code: "custom",
        input: v,
        message: "must be a date (MM/DD/YYYY or YYYY-MM-DD)",
      });
      return z.NEVER;
    })
    .optional()
    .transform((v) => v ?? null),
  "ms.contentlocale": z
    .string({ error: `must be one of ${LOCALE_IDS.join(", ")}` })
    .transform((v, ctx) => {
      const locale = contentLocale(v);
      if (locale) return locale;
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `"${v}" is not a portal locale (${LOCALE_IDS.join(", ")})`,
      });
      return z.NEVER;
    })
    .default("en"),
  "ms.translationtype": z
    .string({ error: "must be HT or MT" })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.enum(["HT", "MT"], { error: "must be HT or MT" }))
    .default("HT"),
  "ms.topic": optionalText,
  author: optionalText,
  keywords: z
    .union([z.string(), z.array(z.union([z.string(), z.number()]))], {
      error: "must be text or a list of words",
    })
    .transform((v) =>
      (typeof v === "string" ? v.split(",") : v.map(String)).map((k) => k.trim()).filter(Boolean),
    )
    .default([]),
});

/**
 * The front matter after validation, in the names the page model uses.
 *
 * @example
 * readFrontMatter(source, "a.md").frontMatter.translation; // "HT"
 */
export interface FrontMatter {
  /** Null when the file has none: the page then takes its H1 as title. */
  title: string | null;
  description: string | null;
  date: string | null;
  locale: (typeof LOCALE_IDS)[number];
  translation: "HT" | "MT";
  topic: string | null;
  author: string | null;
  keywords: string[];
  /** Every other `ms.*` key, as text. */
  ms: Record<string, string>;
}

/** The known keys that are not copied into `ms`. */
const MODELLED_KEYS = new Set(Object.keys(FrontMatterSchema.shape));

/** Fields whose problems stop the file being read as a page (SPEC §5: the rest are warnings). */
const FATAL_KEYS = new Set(["ms.contentlocale"]);

/** Where readFrontMatter collects what it finds about each field. */
interface FieldContext {
  data: Record<string, unknown>;
  at: (key: string) => number;
  file: string;
  warnings: DocfxWarning[];
}

/** The value of one known field, or its default and a warning when it is not valid. */
function field<T>(
  schema: z.ZodType<T>,
  key: string,
  { data, at, file, warnings }: FieldContext,
): T {
  const result = schema.safeParse(data[key]);
  if (result.success) return result.data;
  const message = `${key} ${result.error.issues[0]?.message ?? "is invalid"}`;
  if (FATAL_KEYS.has(key)) throw new DocfxError(file, at(key), message);
  warnings.push({ line: at(key), message: `${message}: ignored` });
  return schema.parse(undefined);
}

/**
 * Splits and reads the front matter of a DocFX file. Keys are matched in any case
 * (`Description:`); a field that is not valid is a warning and keeps its default. Returns the
 * metadata and the body, in which the front matter lines are blanked so that body line numbers
 * stay file line numbers.
 *
 * @throws {DocfxError} on missing, unclosed or broken front matter, or an unsupported locale.
 * @example
 * const { frontMatter, body } = readFrontMatter("---\ntitle: Hi\n---\n# Hi\n", "hi.md");
 */
export function readFrontMatter(
  source: string,
  file: string,
): { frontMatter: FrontMatter; body: string; warnings: DocfxWarning[] } {
  const lines = source.split("\n");
  if (lines[0]?.trim() !== "---") {
    throw new DocfxError(file, 1, "missing YAML front matter: the file must start with ---");
  }
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end < 0) throw new DocfxError(file, 1, "the YAML front matter is not closed with ---");
  const yamlText = lines.slice(1, end).join("\n");
  const counter = new LineCounter();
  // YAML reports some errors one past its last line; keep them inside the front matter.
  const fileLine = (offset: number): number =>
    Math.min(counter.linePos(offset).line, Math.max(end - 1, 1)) + 1;
  const doc = parseDocument(yamlText, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: false,
  });
  const yamlError = doc.errors[0];
  if (yamlError) {
    // An unclosed quote is reported where the text ends; the author needs the opening quote.
    const quote = /closing (["'])quote/.exec(yamlError.message)?.[1];
    const opening = quote ? yamlText.lastIndexOf(quote, yamlError.pos[0] - 1) : -1;
    const offset = opening >= 0 ? opening : yamlError.pos[0];
    throw new DocfxError(file, fileLine(offset), `broken YAML: ${yamlError.message}`);
  }
  if (!isMap(doc.contents)) {
    throw new DocfxError(file, 2, "the front matter must be a YAML mapping (key: value lines)");
  }
  const warnings: DocfxWarning[] = [];
  const data: Record<string, unknown> = {};
  const lineOf = new Map<string, number>();
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const written = String(pair.key.value);
    const key = written.toLowerCase();
    const line = fileLine(pair.key.range?.[0] ?? 0);
    if (key in data) {
      warnings.push({ line, message: `${written} repeats ${key}: the first one is kept` });
      continue;
    }
    data[key] = isNode(pair.value) ? pair.value.toJSON() : pair.value;
    lineOf.set(key, line);
  }
  const at = (key: string): number => lineOf.get(key) ?? 1;
  const context: FieldContext = { data, at, file, warnings };
  const shape = FrontMatterSchema.shape;
  const title = scalarText(data["title"]);
  const ms = Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => key.startsWith("ms.") && !MODELLED_KEYS.has(key))
      .map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : String(value)]),
  );
  const frontMatter: FrontMatter = {
    title,
    description: field(shape.description, "description", context),
    date: field(shape["ms.date"], "ms.date", context),
    locale: field(shape["ms.contentlocale"], "ms.contentlocale", context),
    translation: field(shape["ms.translationtype"], "ms.translationtype", context),
    topic: field(shape["ms.topic"], "ms.topic", context),
    author: field(shape.author, "author", context),
    keywords: field(shape.keywords, "keywords", context),
    ms,
  };
  const body = [...lines.slice(0, end + 1).map(() => ""), ...lines.slice(end + 1)].join("\n");
  return { frontMatter, body, warnings };
}
