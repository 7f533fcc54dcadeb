import { CLOUD_IDS, type CloudId } from "../../domain/clouds.ts";
import { ROLES, type Role } from "../../domain/roles.ts";
import { cloudFromName } from "./cloud-names.ts";
import type { DocfxWarning } from "./docfx-error.ts";
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
  /** The clouds listed, or null when the page has no "applies to" list naming one (all clouds). */
  clouds: CloudId[] | null;
  roles: Role[];
  /** Roles listed that are not one of the portal's four, as written (shown as labels). */
  roleLabels: string[];
  lines: string[];
  warnings: DocfxWarning[];
}

interface ListItem {
  text: string;
  original: string;
  line: number;
}

const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const LATER_HEADING = /^ {0,3}#{2,6}(\s|$)/;

const BOLD_LEAD = /^(\*\*|__)(.+?)\1\s*(.*)$/;
const SEPARATED = /^(.*?)\s*(?:[:：]|\s[—–-](?=\s))\s*(.+)$/;
const LEADING_PUNCTUATION = /^[*_\s:：—–-]+/;

/**
 * A label line, possibly with its values inline, as real files write it: the label in or out of
 * bold, in a machine-translation span, with or without a colon (`**Rôles appropriés** :`,
 * `**Applies to:** a | b`, `**Соответствующие роли** — глобальный администратор`).
 */
function readLabel(line: string): { kind: MetadataListKind; inline: string } | undefined {
  const { translated, original } = visibleText(line.trim());
  const whole = metadataLabel(translated) ?? metadataLabel(original);
  if (whole) return { kind: whole, inline: "" };
  for (const pattern of [BOLD_LEAD, SEPARATED]) {
    const match = pattern.exec(translated);
    const label = pattern === BOLD_LEAD ? match?.[2] : match?.[1];
    const rest = (pattern === BOLD_LEAD ? match?.[3] : match?.[2]) ?? "";
    const kind = label ? metadataLabel(label) : undefined;
    const inline = rest.replace(LEADING_PUNCTUATION, "").trim();
    if (kind) return { kind, inline };
  }
  return undefined;
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
  const split = (separator: RegExp): string[] =>
    inline.split(separator).map(cleanItem).filter(Boolean);
  let names = split(/[|;]/);
  // Commas separate roles only where every part is one ("Global admin, Sales agent"): cloud
  // names and sentences ("все партнеры, заинтересованные в …") contain commas of their own.
  if (kind === "roles" && names.length === 1) {
    const parts = split(/,/);
    if (parts.every((part) => roleFromName(part) !== undefined)) names = parts;
  }
  return names.map((text) => ({ text, original: text, line }));
}

/** Maps list items to ids with `lookup`, in the order of `order`, and the items it does not know. */
function toIds<T extends string>(
  items: readonly ListItem[],
  lookup: (name: string) => T | undefined,
  order: readonly T[],
): { ids: T[]; unknown: ListItem[] } {
  const found = new Set<T>();
  const unknown: ListItem[] = [];
  for (const item of items) {
    const id = lookup(item.text) ?? lookup(item.original);
    if (id) found.add(id);
    else unknown.push(item);
  }
  return { ids: order.filter((id) => found.has(id)), unknown };
}

/**
 * Finds the "applies to" and "appropriate roles" lists near the top of a page (before its
 * first second-level heading), maps their names to cloud and role ids, and blanks their lines.
 * Nothing in them stops a page: an entry that is not one of the portal's clouds is a warning
 * (and a list naming none of them means every cloud); a role outside the portal's four is kept
 * as a label and reported.
 *
 * @example
 * const { clouds } = extractMetadataLists(["Applies to:", "- Partner Center"], [false, false]);
 * // clouds: ["global"]
 */
export function extractMetadataLists(
  lines: readonly string[],
  fenced: readonly boolean[],
): MetadataLists {
  const out = [...lines];
  const warnings: DocfxWarning[] = [];
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
      warnings.push({
        line: i + 1,
        message: `"${line.trim()}" is not followed by a list: ignored`,
      });
      continue;
    }
    found[label.kind] = items;
    for (let j = i; j <= last; j++) out[j] = "";
    i = last;
  }
  let clouds: CloudId[] | null = null;
  if (found.appliesTo) {
    const { ids, unknown } = toIds(found.appliesTo, cloudFromName, CLOUD_IDS);
    for (const item of unknown) {
      warnings.push({
        line: item.line,
        message: `"${item.text}" is not one of the portal's clouds: ignored`,
      });
    }
    if (ids.length > 0) clouds = ids;
    else {
      const line = found.appliesTo[0]?.line ?? 1;
      warnings.push({
        line,
        message: `the "applies to" list names none of the portal's clouds: the page applies to every cloud`,
      });
    }
  }
  const roles = toIds(found.roles ?? [], roleFromName, ROLES);
  for (const item of roles.unknown) {
    warnings.push({
      line: item.line,
      message: `"${item.text}" is not one of the portal's roles: shown as written`,
    });
  }
  return {
    clouds,
    roles: roles.ids,
    roleLabels: [...new Set(roles.unknown.map((item) => item.text))],
    lines: out,
    warnings,
  };
}
