import { CLOUD_IDS, CLOUDS, type CloudId } from "../../domain/clouds.ts";
import { LOCALE_IDS } from "../../domain/locales.ts";
import { normalizeName, withinOneEdit } from "./text.ts";

/**
 * Spellings found in DocFX sources besides the official names in `CLOUDS[..].names`: older
 * product names, "de"/"pour" variants in French, and the several ways Russian translators
 * phrased "operated by". Names not listed here are still recognised by their words (see
 * {@link cloudFromName}).
 */
const CLOUD_NAME_VARIANTS: Record<CloudId, readonly string[]> = {
  global: [
    "Microsoft Partner Center",
    "Partner Center global",
    "Espace partenaires Microsoft",
    "Centre de partenaires",
    "Центр партнеров Майкрософт",
    "Центр партнеров Microsoft",
  ],
  usgov: [
    "Partner Center for Microsoft Cloud for U.S. Government",
    "Espace partenaires pour Microsoft Cloud pour le gouvernement des États-Unis",
    "Центр партнеров для Microsoft Cloud для правительства США",
  ],
  germany: [
    "Microsoft Cloud Germany Partner Center",
    "Espace partenaires pour Microsoft Cloud Allemagne",
  ],
  china: [
    "Partner Center China operated by 21Vianet",
    "Центр партнеров, управляемый 21Vianet",
    "Центр партнеров, предоставляемый 21Vianet",
  ],
};

const CLOUD_BY_NAME: ReadonlyMap<string, CloudId> = new Map(
  CLOUD_IDS.flatMap((id) =>
    [...LOCALE_IDS.map((locale) => CLOUDS[id].names[locale]), ...CLOUD_NAME_VARIANTS[id]].map(
      (name) => [normalizeName(name).replace(/ /g, ""), id] as const,
    ),
  ),
);

/** The product's name in the three languages, spaces optional, after normalizeName. */
const PRODUCT =
  /partner ?cent(?:er|re)|espace ?partenaires?|centre ?(?:de )?partenaires?|центр ?партнеров?/g;

const fold = (words: readonly string[]): string[] => words.map(normalizeName);

/** Words naming a sovereign cloud, in any of the three languages. */
const CLOUD_WORDS: readonly (readonly [CloudId, readonly string[]])[] = [
  ["china", fold(["21Vianet", "China", "Chine", "Китай", "Китая", "Китае"])],
  ["germany", fold(["Germany", "Allemagne", "Deutschland", "Германии", "Германия"])],
  ["usgov", fold(["Government", "Gouvernement", "правительства", "государственных", "USGov"])],
];

/** Words that may stand around the product name of the global cloud. */
const GLOBAL_FILLERS = new Set(
  fold(["Microsoft", "Майкрософт", "global", "mondial", "the", "de", "pour", "for", "для"]),
);

const matchesWord = (word: string, key: string): boolean =>
  word === key || (key.length >= 6 && withinOneEdit(word, key));

/**
 * The cloud an "applies to" entry names, in English, French or Russian, as real files write it:
 * any case, typographic quotes, missing spaces ("MicrosoftCloud"), one-letter typos in the
 * words that tell the clouds apart ("Goverment"), mixed languages ("Espace partenaires de
 * Microsoft Cloud for US Government"). `undefined` for anything that is not one of the portal's
 * clouds: another national cloud, another product ("Dynamics 365 CRM").
 *
 * @example
 * cloudFromName("Espace partenaires géré par 21Vianet"); // "china"
 * cloudFromName("espace partenaires pour MicrosoftCloud Allemagne"); // "germany"
 * cloudFromName("Dynamics 365 CRM"); // undefined
 */
export function cloudFromName(name: string): CloudId | undefined {
  const folded = normalizeName(name);
  const exact = CLOUD_BY_NAME.get(folded.replace(/ /g, ""));
  if (exact) return exact;
  const rest = folded.replace(PRODUCT, " ");
  // Without the product's name, only "Microsoft Cloud <sovereign cloud>" names one of ours.
  if (rest === folded && !/microsoft ?cloud/.test(folded)) return undefined;
  // "MicrosoftCloud", "CloudGermany": split the words real files run together.
  const words = rest
    .replace(/microsoft|cloud|майкрософт/g, " $& ")
    .split(" ")
    .filter(Boolean);
  const named = CLOUD_WORDS.filter(([, keys]) =>
    words.some((word) => keys.some((key) => matchesWord(word, key))),
  ).map(([id]) => id);
  if (named.length > 0) return named.length === 1 ? named[0] : undefined;
  if (rest === folded) return undefined;
  // No sovereign cloud named: the global cloud, unless other words name something else.
  return words.every((word) => GLOBAL_FILLERS.has(word)) ? "global" : undefined;
}
