import { FEATURES, type Feature } from "./features.ts";
import type { Locale } from "./locales.ts";

/** Where a production database keeps its data (SPEC §2, "production residency"). */
export type Residency =
  | { kind: "locationHint"; hint: string }
  | { kind: "jurisdiction"; jurisdiction: "eu" | "fedramp" }
  | { kind: "none"; gap: string };

export interface Cloud {
  id: string;
  /** The cloud's display name in each locale. */
  names: Record<Locale, string>;
  /** Customer domains are `{prefix}.{domainSuffix}`. */
  domainSuffix: string;
  /** The D1 binding that holds this cloud's data. */
  binding: string;
  residency: Residency;
  features: readonly Feature[];
}

const ALL_FEATURES = FEATURES;

/**
 * The four sovereign clouds, each a separate world with its own database.
 *
 * @example
 * CLOUDS.germany.domainSuffix; // "onmicrosoft.de"
 */
export const CLOUDS = {
  global: {
    id: "global",
    names: {
      en: "Partner Center",
      "fr-FR": "Espace partenaires",
      "ru-RU": "Центр партнеров",
    },
    domainSuffix: "onmicrosoft.com",
    binding: "DB_GLOBAL",
    residency: { kind: "locationHint", hint: "wnam" },
    features: ALL_FEATURES,
  },
  usgov: {
    id: "usgov",
    names: {
      en: "Partner Center for Microsoft Cloud for US Government",
      "fr-FR": "Espace partenaires pour Microsoft Cloud for US Government",
      "ru-RU": "Центр партнеров для Microsoft Cloud for US Government",
    },
    domainSuffix: "onmicrosoft.us",
    binding: "DB_USGOV",
    residency: { kind: "jurisdiction", jurisdiction: "fedramp" },
    features: ALL_FEATURES.filter((f) => f !== "multipartner"),
  },
  germany: {
    id: "germany",
    names: {
      en: "Partner Center for Microsoft Cloud Germany",
      "fr-FR": "Espace partenaires pour Microsoft Cloud Germany",
      "ru-RU": "Центр партнеров Microsoft Cloud для Германии",
    },
    domainSuffix: "onmicrosoft.de",
    binding: "DB_GERMANY",
    residency: { kind: "jurisdiction", jurisdiction: "eu" },
    features: ALL_FEATURES,
  },
  china: {
    id: "china",
    names: {
      en: "Partner Center operated by 21Vianet",
      "fr-FR": "Espace partenaires géré par 21Vianet",
      "ru-RU": "Центр партнеров под управлением 21Vianet",
    },
    domainSuffix: "partner.onmschina.cn",
    binding: "DB_CHINA",
    residency: {
      kind: "none",
      gap: "D1 offers no jurisdiction or location in mainland China; data stays in Cloudflare's global network.",
    },
    features: ["customers", "adminPassword"],
  },
} as const satisfies Record<string, Cloud>;

export type CloudId = keyof typeof CLOUDS;
export const CLOUD_IDS = Object.keys(CLOUDS) as CloudId[];
export const DEFAULT_CLOUD: CloudId = "global";

/** Whether `value` names one of the four clouds. */
export function isCloudId(value: string): value is CloudId {
  return Object.hasOwn(CLOUDS, value);
}

/**
 * Whether `feature` is available in `cloud` (SPEC §2 feature matrix).
 *
 * @example
 * hasFeature("china", "resellerInvitations"); // false
 */
export function hasFeature(cloud: CloudId, feature: Feature): boolean {
  return (CLOUDS[cloud].features as readonly Feature[]).includes(feature);
}
