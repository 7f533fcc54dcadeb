import { yamlMime } from "./yaml-pages.ts";

/**
 * What one file of a published DocFX set is, recognised by its content first and its name
 * second (SPEC §5: exported sets name pages `.txt` or nothing at all).
 *
 * - `page`: front matter then Markdown, whatever the name; or a YAML FAQ / Landing page.
 * - `toc`: a table of contents, copied for the navigation.
 * - `include`: text other pages pull in with `[!INCLUDE]`.
 * - `media`: an image, copied with the pages that show it.
 * - `unreadable`: a Markdown file that is not a page (no front matter): an import error.
 * - `other`: anything else, skipped with the reason.
 *
 * @example
 * const kind: SetFileKind = { kind: "other", reason: "DocFX build configuration (docfx.json)" };
 */
export type SetFileKind =
  | { kind: "page"; yaml: boolean }
  | { kind: "toc" }
  | { kind: "include" }
  | { kind: "media" }
  | { kind: "unreadable"; line: number; message: string }
  | { kind: "other"; reason: string };

const MEDIA = /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?)$/i;
const TOC = /^toc\.(?:md|ya?ml|json)$/i;
const REPOSITORY_FILES =
  /^(?:readme|license|licence|license-code|thirdpartynotices|contributing|security|code_of_conduct|codeowners|changelog)(?:\.[a-z]+)?$/i;
const MARKDOWN_NAME = /\.(?:md|markdown|mdown|txt)$|^[^.]+$/i;

/** Whether the bytes look like text (no NUL in the first kilobytes). */
function isText(bytes: Uint8Array): boolean {
  return !bytes.subarray(0, 8192).includes(0);
}

/**
 * Classifies one file of a set by its path (posix, relative to the set) and content.
 *
 * @example
 * classifySetFile("0001", new TextEncoder().encode("---\ntitle: A\n---\n# A")); // { kind: "page", yaml: false }
 * classifySetFile("partner-center/TOC.yml", bytes); // { kind: "toc" }
 */
export function classifySetFile(path: string, bytes: Uint8Array): SetFileKind {
  const segments = path.split("/");
  const name = segments.at(-1) ?? path;
  const folders = segments.slice(0, -1).map((s) => s.toLowerCase());
  if (MEDIA.test(name)) return { kind: "media" };
  if (!isText(bytes)) return { kind: "other", reason: "binary file, not a DocFX page" };
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  if (TOC.test(name)) {
    return folders.includes("breadcrumb")
      ? { kind: "other", reason: "breadcrumb table of contents (site chrome, not navigation)" }
      : { kind: "toc" };
  }
  if (folders.includes("includes") || folders.includes("_includes")) return { kind: "include" };
  if (name.toLowerCase() === "docfx.json") {
    return { kind: "other", reason: "DocFX build configuration (docfx.json)" };
  }
  if (name.startsWith(".openpublishing.")) {
    return { kind: "other", reason: "publishing configuration (.openpublishing.*)" };
  }
  if (name.startsWith(".")) return { kind: "other", reason: "hidden repository file" };
  if (REPOSITORY_FILES.test(name)) {
    return { kind: "other", reason: "repository file (readme, licence, notices)" };
  }
  const mime = /\.ya?ml$/i.test(name) ? yamlMime(text) : null;
  if (mime === "FAQ" || mime === "Landing") return { kind: "page", yaml: true };
  if (/^---[ \t]*\r?\n/.test(text)) return { kind: "page", yaml: false };
  if (mime)
    return {
      kind: "other",
      reason: `YAML page of a kind the portal does not show (YamlMime:${mime})`,
    };
  if (MARKDOWN_NAME.test(name) && /^ {0,3}#{1,6}\s/m.test(text)) {
    return {
      kind: "unreadable",
      line: 1,
      message: "missing YAML front matter: the file must start with ---",
    };
  }
  const extension = /\.([^.]+)$/.exec(name)?.[1];
  return {
    kind: "other",
    reason: extension
      ? `not a DocFX page (.${extension} without front matter)`
      : "not a DocFX page (text without front matter)",
  };
}
