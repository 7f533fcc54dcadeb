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
