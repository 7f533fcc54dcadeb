import { CLOUD_IDS, CLOUDS, type CloudId } from "../../domain/clouds.ts";
import { LOCALE_IDS } from "../../domain/locales.ts";
import { normalizeName } from "./text.ts";

/**
 * Spellings found in DocFX sources besides the official names in `CLOUDS[..].names`: older
 * product names, "de"/"pour" variants in French, and the several ways Russian translators
 * phrased "operated by".
 */
const CLOUD_NAME_VARIANTS: Record<CloudId, readonly string[]> = {
  global: [
    "Microsoft Partner Center",
    "Partner Center global",
    "Espace partenaires Microsoft",
    "Espace Partenaires",
    "Centre de partenaires",
    "Центр партнеров Майкрософт",
    "Центр партнеров Microsoft",
  ],
  usgov: [
    "Partner Center for Microsoft Cloud for U.S. Government",
    "Partner Center for US Government",
    "Espace partenaires de Microsoft Cloud for US Government",
    "Espace partenaires pour Microsoft Cloud pour le gouvernement américain",
    "Espace partenaires pour le cloud Microsoft pour le gouvernement des États-Unis",
    "Центр партнеров Microsoft Cloud for US Government",
    "Центр партнеров для Microsoft Cloud для правительства США",
    "Центр партнеров Microsoft Cloud для государственных организаций США",
  ],
  germany: [
    "Microsoft Cloud Germany Partner Center",
    "Espace partenaires de Microsoft Cloud Germany",
    "Espace partenaires pour Microsoft Cloud Allemagne",
    "Espace partenaires pour Microsoft Cloud pour l'Allemagne",
    "Центр партнеров для Microsoft Cloud Germany",
    "Центр партнеров Microsoft Cloud Germany",
    "Центр партнеров для Microsoft Cloud для Германии",
  ],
  china: [
    "Partner Center for Microsoft Cloud China",
    "Partner Center China operated by 21Vianet",
    "Espace partenaires exploité par 21Vianet",
    "Espace partenaires opéré par 21Vianet",
    "Центр партнеров, управляемый 21Vianet",
    "Центр партнеров, которым управляет 21Vianet",
    "Центр партнеров, которым управляет компания 21Vianet",
  ],
};

const CLOUD_BY_NAME: ReadonlyMap<string, CloudId> = new Map(
  CLOUD_IDS.flatMap((id) =>
    [...LOCALE_IDS.map((locale) => CLOUDS[id].names[locale]), ...CLOUD_NAME_VARIANTS[id]].map(
      (name) => [normalizeName(name), id] as const,
    ),
  ),
);

/**
 * The cloud an "applies to" bullet names, in English, French or Russian; `undefined` when the
 * name is not known.
 *
 * @example
 * cloudFromName("Espace partenaires géré par 21Vianet"); // "china"
 * cloudFromName("Центр партнёров"); // "global"
 */
export function cloudFromName(name: string): CloudId | undefined {
  return CLOUD_BY_NAME.get(normalizeName(name));
}
