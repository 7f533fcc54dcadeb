import type { Locale } from "../../domain/locales.ts";
import { normalizeName } from "./text.ts";

/**
 * The DocFX alert kinds the portal renders, as used in the `alert-<kind>` class.
 *
 * @example
 * ALERT_KINDS.includes("tip"); // true
 */
export const ALERT_KINDS = ["note", "important", "warning", "tip"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * The visible (and accessible) label of each alert, in the language of the page's content.
 *
 * @example
 * ALERT_LABELS["fr-FR"].warning; // "Avertissement"
 */
export const ALERT_LABELS = {
  en: { note: "Note", important: "Important", warning: "Warning", tip: "Tip" },
  "fr-FR": { note: "Remarque", important: "Important", warning: "Avertissement", tip: "Conseil" },
  "ru-RU": { note: "Примечание", important: "Важно", warning: "Предупреждение", tip: "Совет" },
} as const satisfies Record<Locale, Record<AlertKind, string>>;

/**
 * The words the rendered DocFX constructs need, in the language of the page's content.
 *
 * @example
 * CONSTRUCT_LABELS["ru-RU"].video; // "Видео"
 */
export const CONSTRUCT_LABELS = {
  en: { video: "Video", zone: "For" },
  "fr-FR": { video: "Vidéo", zone: "Pour" },
  "ru-RU": { video: "Видео", zone: "Для" },
} as const satisfies Record<Locale, Record<"video" | "zone", string>>;

/**
 * The alert kind a DocFX marker names (`NOTE` → `note`); `CAUTION` reads as a warning.
 *
 * @example
 * alertKind("Caution"); // "warning"
 */
export function alertKind(marker: string): AlertKind | undefined {
  const lower = marker.toLowerCase();
  if (lower === "caution") return "warning";
  return ALERT_KINDS.find((kind) => kind === lower);
}

/** The label lines that open the "applies to" list, in the three languages. */
const APPLIES_TO_LABELS = [
  "Applies to",
  "This article applies to",
  "S'applique à",
  "S’applique à",
  "S'applique aux",
  "Cet article s'applique à",
  "Относится к",
  "Применимо к",
  "Область применения",
  "Применяется к",
  "Эта статья относится к",
];

/** The label lines that open the "appropriate roles" list, in the three languages. */
const ROLE_LABELS = [
  "Appropriate roles",
  "Appropriate roles to perform this task",
  "Roles",
  "Required roles",
  "Rôles appropriés",
  "Rôles appropriés pour effectuer cette tâche",
  "Rôles",
  "Rôles requis",
  "Соответствующие роли",
  "Соответствующие роли для выполнения этой задачи",
  "Подходящие роли",
  "Необходимые роли",
  "Роли",
];

/** Which list a label opens. @example const kind: MetadataListKind = "roles"; */
export type MetadataListKind = "appliesTo" | "roles";

const LABELS = new Map<string, MetadataListKind>([
  ...APPLIES_TO_LABELS.map((l) => [normalizeName(l), "appliesTo"] as const),
  ...ROLE_LABELS.map((l) => [normalizeName(l), "roles"] as const),
]);

/**
 * Which metadata list a label opens, whatever its emphasis, case, quotes or trailing colon.
 *
 * @example
 * metadataLabel("**S’applique à :**"); // "appliesTo"
 */
export function metadataLabel(text: string): MetadataListKind | undefined {
  return LABELS.get(normalizeName(text));
}
