import { CLOUD_IDS, type CloudId } from "../../domain/clouds.ts";
import { ROLES, type Role } from "../../domain/roles.ts";
import { cloudFromName } from "./cloud-names.ts";
import { DocfxError } from "./docfx-error.ts";
import { metadataLabel, type MetadataListKind } from "./labels.ts";
import { visibleText } from "./mt-sentences.ts";
import { roleFromName } from "./role-names.ts";
import { stripInlineMarkdown } from "./text.ts";

/**
 * The "applies to" and "roles" lists of a page, and its lines with both lists blanked.
 *
 * @example
 * const lists: MetadataLists = { clouds: ["china"], roles: [], lines: ["", ""] };
 */
export interface MetadataLists {
  /** The clouds listed, or null when the page has no "applies to" list (all clouds). */
  clouds: CloudId[] | null;
  roles: Role[];
  lines: string[];
}

interface ListItem {
  text: string;
  original: string;
  line: number;
}

const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const LATER_HEADING = /^ {0,3}#{2,6}(\s|$)/;

/** A label line, possibly with its values inline (`**Appropriate roles**: Admin agent | …`). */
function readLabel(line: string): { kind: MetadataListKind; inline: string } | undefined {
  const { translated, original } = visibleText(line.trim());
  const whole = metadataLabel(translated) ?? metadataLabel(original);
  if (whole) return { kind: whole, inline: "" };
  const split = /^(.*?)\s*[:：]\s*(.+)$/.exec(translated);
  const kind = split?.[1] ? metadataLabel(split[1]) : undefined;
  return kind && split?.[2] ? { kind, inline: split[2].replace(/^[*_\s]+/, "") } : undefined;
}

function cleanItem(text: string): string {
  return stripInlineMarkdown(text).replace(/[.;,]+$/, "");
}

/** The bullets after a label line, and the index of the last line the list occupies. */
function readBullets(lines: readonly string[], from: number): { items: ListItem[]; last: number } {
  const items: ListItem[] = [];
  let last = from - 1;
  for (let j = from; j < lines.length; j++) {
    const line = lines[j] ?? "";
    if (line.trim() === "") continue;
    const bullet = BULLET.exec(line);
    if (!bullet) break;
    const { translated, original } = visibleText(bullet[1] ?? "");
    items.push({ text: cleanItem(translated), original: cleanItem(original), line: j + 1 });
    last = j;
  }
  return { items, last };
}

function inlineItems(inline: string, kind: MetadataListKind, line: number): ListItem[] {
  // Cloud names may contain commas ("Центр партнеров, управляемый 21Vianet"); role names do not.
  const separator = kind === "roles" ? /[|;,]/ : /[|;]/;
  return inline
    .split(separator)
    .map(cleanItem)
    .filter(Boolean)
    .map((text) => ({ text, original: text, line }));
}

/** Maps list items to ids with `lookup`, in the order of `order`; an unknown name is an error. */
function toIds<T extends string>(
  items: readonly ListItem[],
  lookup: (name: string) => T | undefined,
  order: readonly T[],
  what: string,
  file: string,
): T[] {
  const found = new Set<T>();
  for (const item of items) {
    const id = lookup(item.text) ?? lookup(item.original);
    if (!id) throw new DocfxError(file, item.line, `unknown ${what} "${item.text}"`);
    found.add(id);
  }
  return order.filter((id) => found.has(id));
}

/**
 * Finds the "applies to" and "appropriate roles" lists near the top of a page (before its
 * first second-level heading), maps their names to cloud and role ids, and blanks their lines.
 *
 * @throws {DocfxError} for an unknown cloud or role name, or a label without a list.
 * @example
 * const { clouds } = extractMetadataLists(["Applies to:", "- Partner Center"], [false, false], "a.md");
 * // clouds: ["global"]
 */
export function extractMetadataLists(
  lines: readonly string[],
  fenced: readonly boolean[],
  file: string,
): MetadataLists {
  const out = [...lines];
  const found: Partial<Record<MetadataListKind, ListItem[]>> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fenced[i]) continue;
    if (LATER_HEADING.test(line)) break;
    if (/^\s*([#>|]|[-*+]\s)/.test(line)) continue;
    const label = readLabel(line);
    if (!label || found[label.kind]) continue;
    const { items, last } = label.inline
      ? { items: inlineItems(label.inline, label.kind, i + 1), last: i }
      : readBullets(lines, i + 1);
    if (items.length === 0) {
      throw new DocfxError(file, i + 1, `"${line.trim()}" must be followed by a bulleted list`);
    }
    found[label.kind] = items;
    for (let j = i; j <= last; j++) out[j] = "";
    i = last;
  }
  return {
    clouds: found.appliesTo
      ? toIds(found.appliesTo, cloudFromName, CLOUD_IDS, "cloud name", file)
      : null,
    roles: found.roles ? toIds(found.roles, roleFromName, ROLES, "role", file) : [],
    lines: out,
  };
}
