/**
 * Rewrites of a documentation page's rendered HTML for the site: links it cannot follow in this
 * cloud explained in words, and the English originals of machine-translated sentences ready to
 * reveal. The DocFX renderer's output is regular (its own tags, escaped text), so a scan of its
 * `<span>`s and `<a>`s is enough.
 */

/** Why a link renders as text: the page or task is not in this cloud, or not built yet. */
export type UnavailableReason = "cloud" | "soon";

// The renderer appends a link's own fragment (`other.md#steps`) to the marker.
const UNAVAILABLE_LINK =
  /<a href="#portal-unavailable:(cloud|soon)(?:#[^"]*)?"(?: title="[^"]*")?>([\s\S]*?)<\/a>/g;

/**
 * The href a link resolver returns for a link that must become text. The DocFX renderer turns
 * null into an anonymous `unresolved-link` (and a build error); this marker keeps the reason
 * until {@link explainUnavailableLinks}.
 *
 * @example
 * unavailableHref("soon"); // "#portal-unavailable:soon"
 */
export function unavailableHref(reason: UnavailableReason): string {
  return `#portal-unavailable:${reason}`;
}

/**
 * Turns the links marked with {@link unavailableHref} into their text and a note saying why,
 * in the site's language (`noteLang` when it differs from the content's).
 */
export function explainUnavailableLinks(
  html: string,
  notes: Record<UnavailableReason, string>,
  noteLang: string | null,
): string {
  const lang = noteLang ? ` lang="${noteLang}"` : "";
  return html.replace(UNAVAILABLE_LINK, (_all, reason: UnavailableReason, text: string) => {
    const note = escapeText(notes[reason]);
    return `<span class="link-unavailable">${text} <span class="link-unavailable__note"${lang}>(${note})</span></span>`;
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const SENTENCE_OPEN = /<span class="mt-sentence" data-original="([^"]*)">/g;

/**
 * Adds, inside each machine-translated sentence that has one, its English original as a hidden
 * `<span class="mt-original" lang="en">`, which the page's "show the English original" control
 * reveals with CSS alone. Not indexed by the search.
 *
 * @example
 * revealableOriginals('<span class="mt-sentence" data-original="Hi">Salut</span>', true);
 * // '<span class="mt-sentence" data-original="Hi">Salut<span class="mt-original" lang="en" data-pagefind-ignore>Hi</span></span>'
 */
export function revealableOriginals(html: string, machineTranslated: boolean): string {
  if (!machineTranslated) return html;
  let out = "";
  let copied = 0;
  for (const match of html.matchAll(SENTENCE_OPEN)) {
    const start = match.index + match[0].length;
    if (start < copied) continue;
    const close = closingSpan(html, start);
    if (close < 0) continue;
    out += html.slice(copied, close);
    out += `<span class="mt-original" lang="en" data-pagefind-ignore>${match[1] ?? ""}</span>`;
    copied = close;
  }
  return out + html.slice(copied);
}

/** The offset of the `</span>` closing the span whose content starts at `from`, or -1. */
function closingSpan(html: string, from: number): number {
  const tags = /<span\b[^>]*>|<\/span>/g;
  tags.lastIndex = from;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    if (m[0] === "</span>") {
      if (depth === 0) return m.index;
      depth--;
    } else depth++;
  }
  return -1;
}
