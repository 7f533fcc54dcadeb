import { describe, expect, it } from "vitest";
import {
  COUNTRIES,
  COUNTRY_CODES,
  countriesAccepting,
  countryIssues,
  countryRule,
  LANGUAGES,
  PHONE_COUNTRIES,
  REGISTRATION_NUMBER_COUNTRIES,
  type CountryCode,
} from "../../src/domain/countries.ts";
import {
  companyNameKey,
  CustomerCreateRequest,
  CustomerUpdateRequest,
  isOnlyLegalForm,
} from "../../src/domain/schemas/customer.ts";

const SPEC_REGISTRATION_COUNTRIES = [
  "AM",
  "AZ",
  "BY",
  "HU",
  "KZ",
  "KG",
  "MD",
  "RU",
  "TJ",
  "UZ",
  "UA",
];

describe("country table", () => {
  it("requires a registration number (and a phone) exactly in the countries of SPEC §6", () => {
    expect([...REGISTRATION_NUMBER_COUNTRIES].sort()).toEqual(
      [...SPEC_REGISTRATION_COUNTRIES].sort(),
    );
    expect([...PHONE_COUNTRIES].sort()).toEqual([...SPEC_REGISTRATION_COUNTRIES].sort());
  });

  it.each(COUNTRY_CODES)(
    "%s: ISO code, cultures of the country, a postal example that fits its pattern",
    (code) => {
      const rule = countryRule(code);
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(new Intl.DisplayNames(["en"], { type: "region" }).of(code)).not.toBe(code);
      expect(rule.cultures.length).toBeGreaterThan(0);
      for (const culture of rule.cultures) {
        expect(Intl.getCanonicalLocales(culture)).toEqual([culture]);
        expect(new Intl.Locale(culture).region).toBe(code);
      }
      if (rule.postalCode) expect(rule.postalCode.pattern.test(rule.postalCode.example)).toBe(true);
      if (rule.states) expect(new Set(rule.states).size).toBe(rule.states.length);
    },
  );

  it("has the state lists the address form needs", () => {
    expect(COUNTRIES.US.states).toHaveLength(56);
    expect(COUNTRIES.US.states).toEqual(expect.arrayContaining(["WA", "NY", "DC", "PR"]));
    expect(COUNTRIES.CA.states).toHaveLength(13);
    expect(COUNTRIES.CN.states).toHaveLength(31);
    expect(COUNTRIES.AU.states).toContain("NSW");
  });

  it("lists languages as canonical BCP 47 tags", () => {
    for (const language of LANGUAGES)
      expect(Intl.getCanonicalLocales(language)).toEqual([language]);
  });
});

describe("postal codes", () => {
  const cases: [CountryCode, string[], string[]][] = [
    ["US", ["98052", "98052-6399"], ["9805", "980521", "98052-63", "ABCDE"]],
    ["CA", ["K1A 0B1", "H2X1Y4"], ["K1A-0B1", "D1A 0B1", "12345", "K1A 0B"]],
    [
      "GB",
      ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A1BB", "GIR 0AA"],
      ["SW1A", "QA1 1AA", "12345", "SW1A 1AAA"],
    ],
    ["FR", ["75001", "97400"], ["7500", "750011", "F-75001"]],
    ["DE", ["10117", "01067"], ["1011", "D-10117", "101170"]],
    ["RU", ["101000", "125009"], ["10100", "1010000", "RU101000"]],
    ["CN", ["100022", "200000"], ["10002", "1000222", "BJ100022"]],
    ["KZ", ["050000", "A15C3E9"], ["05000", "A15C3E"]],
    ["MD", ["MD-2001", "2001"], ["MD-200", "20011"]],
  ];
  it.each(cases)("%s", (country, valid, invalid) => {
    const issuesFor = (postalCode: string) =>
      countryIssues(country, { address: { state: countryRule(country).states?.[0], postalCode } });
    for (const code of valid) expect(issuesFor(code), code).toEqual([]);
    for (const code of invalid) {
      expect(
        issuesFor(code).map((i) => i.code),
        code,
      ).toEqual(["postal_code_invalid"]);
    }
  });

  it("is optional where the country has none", () => {
    expect(countryIssues("AE", { address: {} })).toEqual([]);
    expect(countryIssues("US", { address: { state: "WA" } }).map((i) => i.code)).toEqual([
      "required",
    ]);
  });
});

describe("country rules", () => {
  it("checks states against the list, case-insensitively", () => {
    expect(countryIssues("US", { address: { state: "wa", postalCode: "98052" } })).toEqual([]);
    expect(countryIssues("US", { address: { postalCode: "98052" } }).map((i) => i.code)).toEqual([
      "state_required",
    ]);
    expect(
      countryIssues("CA", { address: { state: "WA", postalCode: "K1A 0B1" } }).map((i) => i.code),
    ).toEqual(["state_invalid"]);
    expect(
      countryIssues("FR", { address: { state: "Île-de-France", postalCode: "75001" } }),
    ).toEqual([]);
  });

  it("fits the culture to the country and names the allowed ones", () => {
    expect(countryIssues("CA", { culture: "fr-CA" })).toEqual([]);
    expect(countryIssues("CA", { culture: "fr-FR" })).toEqual([
      {
        path: ["culture"],
        code: "culture_country",
        message: "validation.culture_country",
        values: { country: "CA", allowed: "en-CA, fr-CA" },
      },
    ]);
  });

  it("finds the countries a partial change fits, for updates checked without a read", () => {
    expect(countriesAccepting({ culture: "fr-CA" })).toEqual(["CA"]);
    expect(countriesAccepting({ culture: "ru-KZ", organizationRegistrationNumber: "123" })).toEqual(
      ["KZ"],
    );
    const withoutPhone = countriesAccepting({ phone: null });
    expect(withoutPhone).not.toContain("RU");
    expect(withoutPhone).toContain("US");
    expect(countriesAccepting({})).toEqual(COUNTRY_CODES);
  });
});

describe("company names", () => {
  it.each([
    ["LLC", true],
    ["l.l.c.", true],
    ["S.A.R.L.", true],
    ["Co., Ltd.", true],
    ["ООО", true],
    ["GmbH & Co. KG", true],
    ["Müller GmbH & Co. KG", false],
    ["Contoso LLC", false],
    ["ООО «Рога и копыта»", false],
    ["Incorporated Widgets", false],
  ])("%s only a legal form: %s", (name, expected) => {
    expect(isOnlyLegalForm(name)).toBe(expected);
  });

  it("keys names in lowercase for every script", () => {
    expect(companyNameKey("Рога и Копыта")).toBe("рога и копыта");
    expect(companyNameKey("ÉCOLE Ёлка")).toBe("école ёлка");
  });
});

describe("CustomerCreateRequest", () => {
  const valid = {
    companyName: "  Fourth Coffee ",
    domainPrefix: "FourthCoffee",
    address: {
      country: "CA",
      line1: "1 Rue",
      city: "Montréal",
      state: "QC",
      postalCode: " h2x  1y4 ",
    },
    primaryContact: { firstName: "Ana", lastName: "Bowman", email: " Ana@FourthCoffee.example " },
    language: "fr",
    culture: "fr-CA",
    subscriptions: [{ offerId: "m365-e3", quantity: 5 }],
  };

  it("normalizes what it accepts", () => {
    const parsed = CustomerCreateRequest.parse(valid);
    expect(parsed).toMatchObject({
      companyName: "Fourth Coffee",
      domainPrefix: "fourthcoffee",
      address: { postalCode: "H2X 1Y4" },
      primaryContact: { email: "ana@fourthcoffee.example" },
    });
  });

  it("reports every broken rule at once, with message keys", () => {
    const result = CustomerCreateRequest.safeParse({
      ...valid,
      companyName: "Inc.",
      address: { ...valid.address, country: "RU", state: undefined, postalCode: "1" },
      culture: "fr-CA",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["companyName", "validation.company_name_legal_form"],
      ["address.postalCode", "validation.postal_code_invalid"],
      ["culture", "validation.culture_country"],
      ["primaryContact.phone", "validation.phone_required"],
      ["organizationRegistrationNumber", "validation.registration_number_required"],
    ]);
  });

  it("accepts a partial update and refuses an empty one", () => {
    expect(CustomerUpdateRequest.safeParse({ language: "de" }).success).toBe(true);
    expect(CustomerUpdateRequest.safeParse({}).error?.issues[0]?.message).toBe(
      "validation.patch_empty",
    );
    expect(CustomerUpdateRequest.safeParse({ domain: "x" }).success).toBe(false);
  });
});
