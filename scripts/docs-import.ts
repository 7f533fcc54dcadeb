/**
 * Imports a folder holding a published DocFX set into the portal's content layout
 * (`src/content/docs/<locale>/<slug>.md`, tables of contents at their path in the set, images
 * under `public/docs-media/`) and prints a summary (README "Importing documentation").
 *
 * Usage: node scripts/docs-import.ts <folder> [--out <dir>] [--media <dir>] [--media-base <path>]
 *          [--site-root <url>] [--check] [--json]
 *
 * Every file is imported, skipped with its reason, or listed under errors with its file and
 * line. `--check` reports without writing. Exit code 0 once the readable files are imported,
 * 1 on bad arguments.
 */
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importDocs, type DocsImportOptions, type DocsImportReport } from "./docs-importer.ts";

const USAGE =
  "usage: node scripts/docs-import.ts <folder> [--out <dir>] [--media <dir>] [--media-base <path>] [--site-root <url>] [--check] [--json]";

function readArguments(): (DocsImportOptions & { json: boolean }) | string {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: "string" },
        media: { type: "string" },
        "media-base": { type: "string" },
        "site-root": { type: "string" },
        check: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    });
    if (positionals.length !== 1 || !positionals[0]) return "expected exactly one folder";
    return {
      folder: positionals[0],
      ...(values.out === undefined ? {} : { out: values.out }),
      ...(values.media === undefined ? {} : { media: values.media }),
      ...(values["media-base"] === undefined ? {} : { mediaBase: values["media-base"] }),
      siteRoot: values["site-root"] ?? null,
      check: values.check === true,
      json: values.json === true,
    };
  } catch (error) {
    return error instanceof Error ? error.message : "bad arguments";
  }
}

/** "a 3, b 1", most frequent first. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([value, n]) => `${value} ${n}`)
      .join(", ") || "none"
  );
}

/** A warning's kind: its message with the quoted specifics left out. */
function kindOf(message: string): string {
  return message.replace(/"[^"]*"/g, "…").replace(/\d+/g, "N");
}

function summary(report: DocsImportReport): string {
  const pages = report.pages.filter((p) => p.englishFrom === null);
  const built = report.pages.length - pages.length;
  const candidates = pages.length + report.errors.length;
  const percent = candidates === 0 ? 100 : (100 * pages.length) / candidates;
  const warnings = report.pages.flatMap((p) => p.warnings.map((w) => kindOf(w.message)));
  const inSet = report.pages.flatMap((p) => p.unresolvedInSet.map((l) => `    ${p.file} → ${l}`));
  const lines = [
    `${report.check ? "Checked" : "Imported"} ${report.folder}: ${report.files} file(s) in ${(report.ms / 1000).toFixed(2)} s`,
    `  pages:    ${pages.length} of ${candidates} (${percent.toFixed(1)} %)${report.check ? "" : ` into ${report.out}`}`,
    `  English pages built from machine-translation originals: ${built}`,
    `  locales:      ${tally(report.pages.map((p) => p.locale))}`,
    `  clouds:       ${tally(report.pages.flatMap((p) => p.clouds))}`,
    `  translations: ${tally(report.pages.map((p) => p.translation))}`,
    `  translations without their English page: ${report.translationOnly.length}`,
    `  tables of contents: ${report.tocs.length}, images copied: ${report.media.length}`,
    `  titles with markup left: ${report.pages.filter((p) => /[*_`<>[\]]|&[a-z]+;/i.test(p.title)).length}`,
    `  links left as text: ${report.pages.reduce((n, p) => n + p.unresolvedLinks.length, 0)}, of which to files present in the set: ${inSet.length}`,
    ...inSet,
    `Skipped (${report.skipped.length}): ${tally(report.skipped.map((s) => s.reason.replace(/ copied to .*/, " copied")))}`,
    `Warnings (${warnings.length}):`,
    ...tally(warnings)
      .split(", ")
      .filter((w) => w !== "none")
      .map((w) => `  ${w}`),
  ];
  if (report.errors.length > 0) {
    lines.push(`Errors (${report.errors.length}):`, ...report.errors.map((e) => `  ${e.message}`));
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const args = readArguments();
  if (typeof args === "string") {
    console.error(`${args}\n${USAGE}`);
    return 1;
  }
  const folder = await stat(args.folder).catch(() => null);
  if (!folder?.isDirectory()) {
    console.error(`${args.folder} is not a folder\n${USAGE}`);
    return 1;
  }
  const { json, ...options } = args;
  const report = await importDocs(options);
  console.log(json ? JSON.stringify(report) : summary(report));
  return 0;
}

process.exitCode = await main();
