/**
 * Imports a folder of DocFX Markdown files into the portal's content layout
 * (`src/content/docs/<locale>/<slug>.md`) and prints a summary.
 *
 * Usage: node scripts/docs-import.ts <folder> [--out <dir>] [--json]
 *
 * Files that do not parse, that claim a (cloud, locale, slug) another file already claims, or
 * that translate a page without its English source are listed under errors and not written;
 * the rest are imported. Exit code 0 once the readable files are imported, 1 on bad arguments.
 */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  checkDocs,
  DocfxError,
  docsHref,
  linkTargetSlug,
  parseDocfx,
  renderDocfx,
  rewriteLinkTargets,
  type DocfxDocument,
} from "../src/lib/docfx/index.ts";

interface ImportedPage {
  file: string;
  slug: string;
  locale: string;
  title: string;
  clouds: string[];
  translation: "HT" | "MT";
  roles: string[];
  unresolvedLinks: string[];
}

interface ImportError {
  file: string;
  message: string;
}

const USAGE = "usage: node scripts/docs-import.ts <folder> [--out <dir>] [--json]";
const DEFAULT_OUT = fileURLToPath(new URL("../src/content/docs/", import.meta.url));

function readArguments(): { folder: string; out: string; json: boolean } | string {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: { out: { type: "string" }, json: { type: "boolean", default: false } },
    });
    if (positionals.length !== 1 || !positionals[0]) return "expected exactly one folder";
    return { folder: positionals[0], out: values.out ?? DEFAULT_OUT, json: values.json === true };
  } catch (error) {
    return error instanceof Error ? error.message : "bad arguments";
  }
}

async function markdownFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".md"))
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

/** Finds the imported document a relative link in `from` points to: by path, then by name. */
function linkLookup(
  docs: readonly DocfxDocument[],
): (from: string, target: string) => DocfxDocument | undefined {
  const byPath = new Map(docs.map((doc) => [doc.file.toLowerCase(), doc]));
  return (from, target) => {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), target));
    const slug = linkTargetSlug(target);
    const source = docs.find((doc) => doc.file === from);
    const sameLocale = (doc: DocfxDocument): boolean => doc.locale === source?.locale;
    return (
      byPath.get(joined.toLowerCase()) ??
      docs.find((doc) => sameLocale(doc) && linkTargetSlug(doc.file) === slug) ??
      docs.find((doc) => sameLocale(doc) && doc.slug === slug) ??
      docs.find((doc) => linkTargetSlug(doc.file) === slug || doc.slug === slug)
    );
  };
}

/** `<slug>.md` for the first variant of a (locale, slug), `<slug>.<cloud-ids>.md` for the rest. */
function outputNames(docs: readonly DocfxDocument[]): Map<DocfxDocument, string> {
  const names = new Map<DocfxDocument, string>();
  const ordered = [...docs].sort(
    (a, b) => b.clouds.length - a.clouds.length || (a.file < b.file ? -1 : 1),
  );
  const taken = new Set<string>();
  for (const doc of ordered) {
    const plain = `${doc.locale}/${doc.slug}.md`;
    const name = taken.has(plain) ? `${doc.locale}/${doc.slug}.${doc.clouds.join("-")}.md` : plain;
    taken.add(name);
    names.set(doc, name);
  }
  return names;
}

function count(values: readonly string[]): string {
  const tally = new Map<string, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  return [...tally].map(([value, n]) => `${value} ${n}`).join(", ") || "none";
}

function printSummary(
  pages: readonly ImportedPage[],
  errors: readonly ImportError[],
  out: string,
): void {
  const lines = [
    `Imported ${pages.length} page(s) into ${out}`,
    `  locales:      ${count(pages.map((p) => p.locale))}`,
    `  clouds:       ${count(pages.flatMap((p) => p.clouds))}`,
    `  translations: ${count(pages.map((p) => p.translation))}`,
  ];
  const unresolved = pages.flatMap((p) =>
    p.unresolvedLinks.map((link) => `    ${p.file} → ${link}`),
  );
  lines.push(`  unresolved links: ${unresolved.length}`, ...unresolved);
  if (errors.length > 0) {
    lines.push(`Not imported (${errors.length}):`, ...errors.map((e) => `  ${e.message}`));
  }
  console.log(lines.join("\n"));
}

async function main(): Promise<number> {
  const args = readArguments();
  if (typeof args === "string") {
    console.error(`${args}\n${USAGE}`);
    return 1;
  }
  const folderStat = await stat(args.folder).catch(() => null);
  if (!folderStat?.isDirectory()) {
    console.error(`${args.folder} is not a folder\n${USAGE}`);
    return 1;
  }
  const errors: ImportError[] = [];
  const sources = new Map<string, string>();
  const parsed: DocfxDocument[] = [];
  for (const file of await markdownFiles(args.folder)) {
    try {
      const source = await readFile(path.join(args.folder, file), "utf8");
      parsed.push(parseDocfx(source, file));
      sources.set(file, source);
    } catch (error) {
      const message = error instanceof Error ? error.message : "unreadable file";
      errors.push({ file, message: error instanceof DocfxError ? message : `${file}: ${message}` });
    }
  }
  const { problems } = checkDocs(parsed);
  errors.push(...problems);
  const rejected = new Set(problems.map((p) => p.file));
  const docs = parsed.filter((doc) => !rejected.has(doc.file));
  const lookup = linkLookup(docs);
  const names = outputNames(docs);

  const pages: ImportedPage[] = [];
  for (const doc of docs) {
    const target = (link: string): DocfxDocument | undefined => lookup(doc.file, link);
    const resolveLink = (link: string): string | null => {
      const found = target(link);
      return found ? docsHref(doc.clouds[0] ?? "global", doc.locale, found.slug) : null;
    };
    const { unresolvedLinks } = renderDocfx(doc, { cloud: doc.clouds[0] ?? "global", resolveLink });
    const source = rewriteLinkTargets(sources.get(doc.file) ?? "", (link) => {
      const found = target(link);
      return found ? `${found.slug}.md` : null;
    });
    const output = path.join(args.out, names.get(doc) ?? `${doc.locale}/${doc.slug}.md`);
    await mkdir(path.dirname(output), { recursive: true });
    await writeFile(output, source);
    const { file, slug, locale, title, clouds, translation, roles } = doc;
    pages.push({ file, slug, locale, title, clouds, translation, roles, unresolvedLinks });
  }
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (args.json) console.log(JSON.stringify({ pages, errors }));
  else printSummary(pages, errors, args.out);
  return 0;
}

process.exitCode = await main();
