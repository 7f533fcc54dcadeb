/**
 * Country rules for customer accounts (SPEC §6, Validation): the countries the portal sells in,
 * their cultures, state lists, postal-code patterns, and whether a phone number or an
 * organization registration number is required. Pure data plus the checks built on it, shared
 * by the API and the site's add-customer wizard.
 *
 * Phone numbers and registration numbers are required in the same eleven countries: the
 * registration list is SPEC §6; Partner Center asks these markets for a phone number as well.
 */

/** How a country's postal codes look; `null` where the country has no postal codes. */
export interface PostalCodeRule {
  /** Anchored, matched against the upper-cased, trimmed code. */
  pattern: RegExp;
  /** Shown in the error message. */
  example: string;
}

export interface CountryRule {
  /** Cultures (BCP 47, language-REGION) that fit the country; the first is the default. */
  cultures: readonly string[];
  /** ISO 3166-2 subdivision codes (without the country prefix): the state is then required. */
  states?: readonly string[];
  postalCode: PostalCodeRule | null;
  phoneRequired?: true;
  registrationNumberRequired?: true;
}

const digits = (count: number, example: string): PostalCodeRule => ({
  pattern: new RegExp(`^\\d{${count}}$`),
  example,
});

/** Required both a phone number and an organization registration number. */
const REGISTERED = { phoneRequired: true, registrationNumberRequired: true } as const;

const US_STATES = `AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE
  NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI`;
const CA_PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT";
const AU_STATES = "ACT NSW NT QLD SA TAS VIC WA";
const BR_STATES = `AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE
  TO`;
const MX_STATES = `AGU BCN BCS CAM CHP CHH CMX COA COL DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX
  PUE QUE ROO SLP SIN SON TAB TAM TLA VER YUC ZAC`;
const CN_PROVINCES = `AH BJ CQ FJ GD GS GX GZ HA HB HE HI HL HN JL JS JX LN NM NX QH SC SD SH SN SX
  TJ XJ XZ YN ZJ`;

const list = (codes: string): readonly string[] => codes.split(/\s+/).filter(Boolean);

/**
 * The countries (ISO 3166-1 alpha-2) a customer can be in, with their rules.
 *
 * @example
 * COUNTRIES.CA.cultures; // ["en-CA", "fr-CA"]
 */
export const COUNTRIES = {
  US: {
    cultures: ["en-US", "es-US"],
    states: list(US_STATES),
    postalCode: { pattern: /^\d{5}(-\d{4})?$/, example: "98052" },
  },
  CA: {
    cultures: ["en-CA", "fr-CA"],
    states: list(CA_PROVINCES),
    postalCode: {
      pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
      example: "K1A 0B1",
    },
  },
  MX: { cultures: ["es-MX"], states: list(MX_STATES), postalCode: digits(5, "06600") },
  BR: {
    cultures: ["pt-BR"],
    states: list(BR_STATES),
    postalCode: { pattern: /^\d{5}-?\d{3}$/, example: "01310-100" },
  },
  AR: {
    cultures: ["es-AR"],
    postalCode: { pattern: /^([A-Z]\d{4}[A-Z]{3}|\d{4})$/, example: "C1002AAP" },
  },
  CL: { cultures: ["es-CL"], postalCode: digits(7, "8320000") },
  CO: { cultures: ["es-CO"], postalCode: digits(6, "110111") },
  PE: { cultures: ["es-PE"], postalCode: digits(5, "15001") },
  GB: {
    cultures: ["en-GB"],
    postalCode: {
      pattern:
        /^(GIR ?0AA|[A-PR-UWYZ](\d[A-HJKPS-UW0-9]?|[A-HK-Y]\d[ABEHMNPRV-Y0-9]?) ?\d[ABD-HJLNP-UW-Z]{2})$/,
      example: "SW1A 1AA",
    },
  },
  IE: {
    cultures: ["en-IE"],
    postalCode: {
      pattern: /^([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$/,
      example: "D02 X285",
    },
  },
  FR: { cultures: ["fr-FR"], postalCode: digits(5, "75001") },
  DE: { cultures: ["de-DE"], postalCode: digits(5, "10117") },
  AT: { cultures: ["de-AT"], postalCode: digits(4, "1010") },
  CH: { cultures: ["de-CH", "fr-CH", "it-CH"], postalCode: digits(4, "8001") },
  BE: { cultures: ["nl-BE", "fr-BE"], postalCode: digits(4, "1000") },
  NL: { cultures: ["nl-NL"], postalCode: { pattern: /^\d{4} ?[A-Z]{2}$/, example: "1012 AB" } },
  LU: { cultures: ["fr-LU", "de-LU"], postalCode: { pattern: /^(L-?)?\d{4}$/, example: "L-1111" } },
  IT: { cultures: ["it-IT"], postalCode: digits(5, "00118") },
  ES: { cultures: ["es-ES"], postalCode: digits(5, "28001") },
  PT: { cultures: ["pt-PT"], postalCode: { pattern: /^\d{4}-\d{3}$/, example: "1000-001" } },
  DK: { cultures: ["da-DK"], postalCode: digits(4, "1050") },
  SE: { cultures: ["sv-SE"], postalCode: { pattern: /^\d{3} ?\d{2}$/, example: "111 22" } },
  NO: { cultures: ["nb-NO"], postalCode: digits(4, "0150") },
  FI: { cultures: ["fi-FI", "sv-FI"], postalCode: digits(5, "00100") },
  PL: { cultures: ["pl-PL"], postalCode: { pattern: /^\d{2}-\d{3}$/, example: "00-950" } },
  CZ: { cultures: ["cs-CZ"], postalCode: { pattern: /^\d{3} ?\d{2}$/, example: "110 00" } },
  SK: { cultures: ["sk-SK"], postalCode: { pattern: /^\d{3} ?\d{2}$/, example: "811 01" } },
  HU: { cultures: ["hu-HU"], postalCode: digits(4, "1051"), ...REGISTERED },
  RO: { cultures: ["ro-RO"], postalCode: digits(6, "010011") },
  BG: { cultures: ["bg-BG"], postalCode: digits(4, "1000") },
  GR: { cultures: ["el-GR"], postalCode: { pattern: /^\d{3} ?\d{2}$/, example: "105 57" } },
  HR: { cultures: ["hr-HR"], postalCode: digits(5, "10000") },
  SI: { cultures: ["sl-SI"], postalCode: digits(4, "1000") },
  EE: { cultures: ["et-EE"], postalCode: digits(5, "10111") },
  LV: { cultures: ["lv-LV"], postalCode: { pattern: /^(LV-?)?\d{4}$/, example: "LV-1050" } },
  LT: { cultures: ["lt-LT"], postalCode: { pattern: /^(LT-?)?\d{5}$/, example: "LT-01100" } },
  UA: { cultures: ["uk-UA", "ru-UA"], postalCode: digits(5, "01001"), ...REGISTERED },
  BY: { cultures: ["be-BY", "ru-BY"], postalCode: digits(6, "220030"), ...REGISTERED },
  MD: {
    cultures: ["ro-MD", "ru-MD"],
    postalCode: { pattern: /^(MD-?)?\d{4}$/, example: "MD-2001" },
    ...REGISTERED,
  },
  RU: { cultures: ["ru-RU"], postalCode: digits(6, "101000"), ...REGISTERED },
  AM: { cultures: ["hy-AM"], postalCode: digits(4, "0010"), ...REGISTERED },
  AZ: {
    cultures: ["az-AZ"],
    postalCode: { pattern: /^(AZ ?)?\d{4}$/, example: "AZ 1000" },
    ...REGISTERED,
  },
  GE: { cultures: ["ka-GE"], postalCode: digits(4, "0105") },
  KZ: {
    cultures: ["kk-KZ", "ru-KZ"],
    // Six digits, or the alphanumeric codes Kazpost introduced in 2023 (A15C3E9).
    postalCode: { pattern: /^(\d{6}|[A-Z]\d{2}[A-Z]\d[A-Z]\d)$/, example: "050000" },
    ...REGISTERED,
  },
  KG: { cultures: ["ky-KG", "ru-KG"], postalCode: digits(6, "720001"), ...REGISTERED },
  TJ: { cultures: ["tg-TJ"], postalCode: digits(6, "734025"), ...REGISTERED },
  UZ: { cultures: ["uz-UZ"], postalCode: digits(6, "100000"), ...REGISTERED },
  TR: { cultures: ["tr-TR"], postalCode: digits(5, "34000") },
  IL: { cultures: ["he-IL"], postalCode: digits(7, "6100000") },
  AE: { cultures: ["ar-AE", "en-AE"], postalCode: null },
  SA: { cultures: ["ar-SA"], postalCode: digits(5, "11564") },
  EG: { cultures: ["ar-EG"], postalCode: digits(5, "11511") },
  ZA: { cultures: ["en-ZA"], postalCode: digits(4, "2000") },
  NG: { cultures: ["en-NG"], postalCode: digits(6, "100001") },
  KE: { cultures: ["en-KE", "sw-KE"], postalCode: digits(5, "00100") },
  IN: { cultures: ["en-IN", "hi-IN"], postalCode: digits(6, "110001") },
  CN: { cultures: ["zh-CN"], states: list(CN_PROVINCES), postalCode: digits(6, "100022") },
  HK: { cultures: ["zh-HK", "en-HK"], postalCode: null },
  TW: { cultures: ["zh-TW"], postalCode: { pattern: /^\d{3}(\d{2,3})?$/, example: "100" } },
  JP: { cultures: ["ja-JP"], postalCode: { pattern: /^\d{3}-?\d{4}$/, example: "100-0001" } },
  KR: { cultures: ["ko-KR"], postalCode: digits(5, "03187") },
  SG: { cultures: ["en-SG", "zh-SG"], postalCode: digits(6, "018956") },
  MY: { cultures: ["ms-MY", "en-MY"], postalCode: digits(5, "50000") },
  TH: { cultures: ["th-TH"], postalCode: digits(5, "10200") },
  VN: { cultures: ["vi-VN"], postalCode: digits(6, "100000") },
  ID: { cultures: ["id-ID"], postalCode: digits(5, "10110") },
  PH: { cultures: ["en-PH", "fil-PH"], postalCode: digits(4, "1000") },
  AU: { cultures: ["en-AU"], states: list(AU_STATES), postalCode: digits(4, "2000") },
  NZ: { cultures: ["en-NZ"], postalCode: digits(4, "6011") },
} as const satisfies Record<string, CountryRule>;

export type CountryCode = keyof typeof COUNTRIES;
export const COUNTRY_CODES = Object.keys(COUNTRIES) as CountryCode[];

/** Whether `value` is a supported country code (exact case). */
export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === "string" && Object.hasOwn(COUNTRIES, value);
}

/** The rules of a supported country. */
export function countryRule(country: CountryCode): CountryRule {
  return COUNTRIES[country];
}

/**
 * Languages a customer's account can use for communication (BCP 47), independent of its
 * country.
 */
export const LANGUAGES = [
  "ar",
  "az",
  "be",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "es",
  "et",
  "fi",
  "fil",
  "fr",
  "he",
  "hi",
  "hr",
  "hu",
  "hy",
  "id",
  "it",
  "ja",
  "ka",
  "kk",
  "ko",
  "ky",
  "lt",
  "lv",
  "ms",
  "nb",
  "nl",
  "pl",
  "pt-BR",
  "pt-PT",
  "ro",
  "ru",
  "sk",
  "sl",
  "sv",
  "sw",
  "tg",
  "th",
  "tr",
  "uk",
  "uz",
  "vi",
  "zh-Hans",
  "zh-Hant",
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every culture of every country (for the site's pickers and the API schema). */
export const CULTURES = [...new Set(COUNTRY_CODES.flatMap((code) => countryRule(code).cultures))];

/** Countries whose customers need an organization registration number (SPEC §6). */
export const REGISTRATION_NUMBER_COUNTRIES = COUNTRY_CODES.filter(
  (code) => countryRule(code).registrationNumberRequired,
);

/** Countries whose customers need a phone number. */
export const PHONE_COUNTRIES = COUNTRY_CODES.filter((code) => countryRule(code).phoneRequired);

/** A country rule broken: a message key of the `validation.*` catalog, with its values. */
export interface CountryIssue {
  path: (string | number)[];
  code: string;
  message: `validation.${string}`;
  values?: Record<string, string | number>;
}

/** What the country rules look at; a group left out (undefined) is not checked. */
export interface CountryProfile {
  address?: { state?: string | undefined; postalCode?: string | undefined } | undefined;
  culture?: string | undefined;
  /** `null`: the contact was given without a phone; undefined: the contact was not given. */
  phone?: string | null | undefined;
  /** `null`: given as empty (or left out on create); undefined: not given. */
  organizationRegistrationNumber?: string | null | undefined;
}

/** The normalized form postal codes are checked and stored in. */
export function normalizePostalCode(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, " ");
}

/**
 * The country rules `profile` breaks in `country`: state list, postal-code pattern, culture,
 * phone and registration number.
 *
 * @example
 * countryIssues("CA", { culture: "fr-FR" }); // [{ path: ["culture"], code: "culture_country", … }]
 */
export function countryIssues(country: CountryCode, profile: CountryProfile): CountryIssue[] {
  const rule = countryRule(country);
  const issues: CountryIssue[] = [];
  const { address } = profile;
  if (address) {
    const state = address.state?.trim().toUpperCase();
    if (rule.states && !state) {
      issues.push({
        path: ["address", "state"],
        code: "state_required",
        message: "validation.state_required",
        values: { country },
      });
    } else if (rule.states && state && !rule.states.includes(state)) {
      issues.push({
        path: ["address", "state"],
        code: "state_invalid",
        message: "validation.state_invalid",
        values: { country },
      });
    }
    const postalCode = address.postalCode ? normalizePostalCode(address.postalCode) : "";
    if (rule.postalCode && !postalCode) {
      issues.push({
        path: ["address", "postalCode"],
        code: "required",
        message: "validation.required",
      });
    } else if (rule.postalCode && !rule.postalCode.pattern.test(postalCode)) {
      issues.push({
        path: ["address", "postalCode"],
        code: "postal_code_invalid",
        message: "validation.postal_code_invalid",
        values: { country, example: rule.postalCode.example },
      });
    }
  }
  if (profile.culture !== undefined && !rule.cultures.includes(profile.culture)) {
    issues.push({
      path: ["culture"],
      code: "culture_country",
      message: "validation.culture_country",
      values: { country, allowed: rule.cultures.join(", ") },
    });
  }
  if (profile.phone === null && rule.phoneRequired) {
    issues.push({
      path: ["primaryContact", "phone"],
      code: "phone_required",
      message: "validation.phone_required",
      values: { country },
    });
  }
  if (profile.organizationRegistrationNumber === null && rule.registrationNumberRequired) {
    issues.push({
      path: ["organizationRegistrationNumber"],
      code: "registration_number_required",
      message: "validation.registration_number_required",
      values: { country },
    });
  }
  return issues;
}

/**
 * The countries in which `profile` breaks no rule. An update that does not resend the address
 * is checked against the stored country this way, without reading it first.
 *
 * @example
 * countriesAccepting({ culture: "fr-CA" }); // ["CA"]
 */
export function countriesAccepting(profile: CountryProfile): CountryCode[] {
  return COUNTRY_CODES.filter((code) => countryIssues(code, profile).length === 0);
}
