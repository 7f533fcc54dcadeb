import { parse, stringify } from "yaml";

/**
 * DocFX structured pages written in YAML (`### YamlMime:FAQ`, `### YamlMime:Landing`) as
 * DocFX Markdown, so the reader and the importer treat them like every other page: published
 * sets link to them (`payout-faq.yml#…`) as they link to Markdown pages.
 */

/** The YAML page kinds this module turns into Markdown. */
export const YAML_PAGE_KINDS = ["FAQ", "Landing"] as const;

const MIME = /^\uFEFF?### YamlMime:([A-Za-z]+)/;

/**
 * The `YamlMime` kind a YAML file declares on its first line, or null.
 *
 * @example
 * yamlMime("### YamlMime:FAQ\nmetadata: …"); // "FAQ"
 */
export function yamlMime(text: string): string | null {
  return MIME.exec(text)?.[1] ?? null;
}

type Data = Record<string, unknown>;

const isData = (value: unknown): value is Data =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Data[] => (Array.isArray(value) ? value.filter(isData) : []);
const text = (value: unknown): string =>
  typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
const oneLine = (value: unknown): string => text(value).replace(/\s+/g, " ");

/** FAQ sections and questions as headings and answers. */
function faqBody(data: Data): string[] {
  const out: string[] = [];
  for (const section of list(data["sections"])) {
    const name = oneLine(section["name"]);
    if (name) out.push(`## ${name}`, "");
    for (const entry of list(section["questions"])) {
      const question = oneLine(entry["question"]);
      if (question) out.push(`${name ? "###" : "##"} ${question}`, "");
      const answer = text(entry["answer"]);
      if (answer) out.push(answer, "");
    }
  }
  return out;
}

/** Landing page sections as headings and lists of links. */
function landingBody(data: Data): string[] {
  const out: string[] = [];
  for (const block of list(data["landingContent"])) {
    const title = oneLine(block["title"]);
    if (title) out.push(`## ${title}`, "");
    for (const links of list(block["linkLists"])) {
      for (const link of list(links["links"])) {
        const label = oneLine(link["text"]).replace(/[[\]]/g, "");
        const url = text(link["url"]);
        if (label && url) out.push(`- [${label}](${url.replace(/[()\s]/g, encodeURIComponent)})`);
      }
      out.push("");
    }
  }
  return out;
}

/**
 * A YAML FAQ or Landing page as DocFX Markdown: its `metadata` (and `title`) as front matter, an
 * H1, the summary, then the questions and answers or the link lists. Null when the text is not
 * such a page or its YAML does not parse.
 *
 * @example
 * yamlPageToMarkdown("### YamlMime:FAQ\nmetadata:\n  title: FAQ\ntitle: FAQ\nsections: []");
 * // "---\ntitle: FAQ\n---\n\n# FAQ\n"
 */
export function yamlPageToMarkdown(source: string): string | null {
  const kind = yamlMime(source);
  if (kind !== "FAQ" && kind !== "Landing") return null;
  let data: unknown;
  try {
    data = parse(source.replace(/^\uFEFF/, ""));
  } catch {
    return null;
  }
  if (!isData(data)) return null;
  const metadata = isData(data["metadata"]) ? data["metadata"] : {};
  const title = oneLine(data["title"]) || oneLine(metadata["title"]);
  const frontMatter = stringify({ ...metadata, title: oneLine(metadata["title"]) || title }).trim();
  const summary = text(data["summary"]);
  const body = kind === "FAQ" ? faqBody(data) : landingBody(data);
  return [
    `---`,
    frontMatter,
    `---`,
    ``,
    `# ${title}`,
    ``,
    ...(summary ? [summary, ""] : []),
    ...body,
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
}
