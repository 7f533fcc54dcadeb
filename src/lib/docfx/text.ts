/**
 * Small string helpers shared by the DocFX reader: HTML escaping, name normalisation for the
 * cloud/role tables, heading ids and code-fence detection.
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML content and double-quoted attributes.
 *
 * @example
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Folds a display name so that spelling variants compare equal: case, typographic quotes,
 * `ё`, dashes, punctuation, Markdown emphasis and whitespace do not matter.
 *
 * @example
 * normalizeName("  **S’applique à :** "); // "sapplique a"
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[*_`'"’‘“”«»]/g, "")
    .replace(/[-‐‑–—]/g, " ")
    .replace(/[.,;:!?()]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Whether two words differ by at most one inserted, deleted or replaced letter (the typos real
 * files have in cloud names: "Goverment", "Allemange" is two and does not match).
 *
 * @example
 * withinOneEdit("goverment", "government"); // true
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length === long.length) return short.slice(i + 1) === long.slice(i + 1);
  return short.slice(i) === long.slice(i + 1);
}

/**
 * A URL-fragment id for a heading without an explicit anchor: lower case, letters and digits of
 * any script kept, everything else collapsed to single hyphens.
 *
 * @example
 * headingId("Étape 2 : vérifier"); // "étape-2-vérifier"
 */
export function headingId(text: string): string {
  const id = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return id || "section";
}

/**
 * Removes inline Markdown markup, keeping the words a reader sees (used for the English
 * original of a machine-translated sentence, which is shown as plain text).
 *
 * @example
 * stripInlineMarkdown("Select **Customers** in [the menu](x.md)."); // "Select Customers in the menu."
 */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, "$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

const LOOKUP_SPAN =
  /<span\s+class\s*=\s*["']sxs-lookup["']\s*>\s*<span\b[^>]*>[\s\S]*?<\/span>\s*<\/span>/gi;
const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/**
 * Decodes the HTML entities authors write in text (`&nbsp;`, `&amp;`, `&#8217;`).
 *
 * @example
 * decodeEntities("Cloud&nbsp;&amp;&#33;"); // "Cloud\u00a0&!"
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
    if (name.startsWith("#")) {
      const code =
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000
        ? String.fromCodePoint(code)
        : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/**
 * A title or description as plain text: no Markdown, no HTML, no English original of a
 * machine-translated sentence, entities decoded, spaces collapsed (SPEC §5: titles never keep
 * markup).
 *
 * @example
 * plainTitle("Ajouter des **clients** &amp; <a name=\"x\"></a>`licences`"); // "Ajouter des clients & licences"
 */
export function plainTitle(text: string): string {
  return decodeEntities(stripInlineMarkdown(text.replace(LOOKUP_SPAN, "")))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * For each line, whether it belongs to a fenced code block (fence lines included), so that
 * scanners for DocFX constructs leave code samples alone.
 *
 * @example
 * fencedLines(["a", "```", "<span>", "```"]); // [false, true, true, true]
 */
export function fencedLines(lines: readonly string[]): boolean[] {
  const mask: boolean[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      if (marker) fence = marker;
      mask.push(fence !== null);
    } else {
      mask.push(true);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    }
  }
  return mask;
}

/**
 * The page slug a link target or file name stands for: its base name without `.md`, lower case.
 *
 * @example
 * slugFromPath("../docs/Add-A-New-Customer.md"); // "add-a-new-customer"
 */
export function slugFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  let decoded = base;
  try {
    decoded = decodeURIComponent(base);
  } catch {
    // A stray "%" is not an escape: keep the name as written.
  }
  return decoded.replace(/\.md$/i, "").toLowerCase();
}

/**
 * The set path (posix, relative to the set's root) a relative target written in `from` points
 * to: `..` and `.` resolved, `%20` decoded, query and fragment dropped; null when it leaves the
 * set.
 *
 * @example
 * resolveSetPath("partner-center/a.md", "../includes/b.md#x"); // "includes/b.md"
 */
export function resolveSetPath(from: string, target: string): string | null {
  let decoded = target.replace(/[?#].*$/, "");
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A stray "%" is not an escape: keep the path as written.
  }
  const parts = from.split("/").slice(0, -1);
  for (const part of decoded.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/**
 * A YAML scalar as trimmed text (`title: 2021` is a number to YAML, a title to us), or null for
 * anything empty or not a scalar.
 *
 * @example
 * scalarText(" Ajouter un client "); // "Ajouter un client"
 */
export function scalarText(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    return null;
  }
  const text = String(value).trim();
  return text === "" ? null : text;
}
