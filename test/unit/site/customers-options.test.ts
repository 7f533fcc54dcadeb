import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, CULTURES, LANGUAGES, countryRule } from "../../../src/domain/countries.ts";
import { LOCALE_IDS } from "../../../src/domain/locales.ts";
import { DomainPrefix } from "../../../src/domain/schemas/customer.ts";
import { messageAttributes, pluralAttributes } from "../../../src/components/messages.ts";
import {
  countryOptions,
  cultureOptions,
  defaultCountry,
  defaultLanguage,
  domainPrefixPattern,
  languageOptions,
  nameAttributes,
} from "../../../src/components/customers/options.ts";

describe("country options", () => {
  it("name every supported country in the reader's language, sorted for it", () => {
    const russian = countryOptions("ru-RU");
    expect(russian).toHaveLength(COUNTRY_CODES.length);
    expect(russian.find((o) => o.value === "RU")?.label).toBe("Россия");
    expect(countryOptions("fr-FR").find((o) => o.value === "DE")?.label).toBe("Allemagne");
    const labels = russian.map((o) => o.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator("ru-RU").compare));
  });

  it("carry each country's rules for the browser", () => {
    for (const option of countryOptions("en")) {
      const rule = countryRule(option.value as (typeof COUNTRY_CODES)[number]);
      const data = option.data ?? {};
      expect(data["data-cultures"]?.split(" ")).toEqual(rule.cultures);
      expect(data["data-states"]?.split(" ")).toEqual(rule.states);
      expect(data["data-postal"]).toBe(rule.postalCode?.pattern.source);
      expect(data["data-phone"] === "required").toBe(rule.phoneRequired === true);
      expect(data["data-registration"] === "required").toBe(
        rule.registrationNumberRequired === true,
      );
    }
  });

  it("start from the reader's country and language", () => {
    expect([defaultCountry("en"), defaultCountry("fr-FR"), defaultCountry("ru-RU")]).toEqual([
      "US",
      "FR",
      "RU",
    ]);
    expect(LOCALE_IDS.map(defaultLanguage)).toEqual(["en", "fr", "ru"]);
    expect(languageOptions("fr-FR").find((o) => o.value === "de")?.label).toBe("allemand");
    expect(cultureOptions("en").find((o) => o.value === "fr-CA")?.label).toBe(
      "French (Canada) · fr-CA",
    );
  });
});

describe("domain prefix pattern", () => {
  it("is the API schema's, and accepts what the schema accepts", () => {
    const pattern = new RegExp(domainPrefixPattern());
    for (const prefix of [
      "abc",
      "Contoso2026",
      "a".repeat(27),
      "ab",
      "1abc",
      "a-b",
      "a".repeat(28),
    ]) {
      expect(pattern.test(prefix), prefix).toBe(DomainPrefix.safeParse(prefix).success);
    }
  });
});

describe("browser messages", () => {
  it("render every plural form of the reader's language with a {count} placeholder", () => {
    expect(pluralAttributes("ru-RU", "customers.licenses", "licenses")).toEqual({
      "data-plural-licenses-one": "{count} лицензия",
      "data-plural-licenses-few": "{count} лицензии",
      "data-plural-licenses-many": "{count} лицензий",
      "data-plural-licenses-other": "{count} лицензии",
    });
    expect(Object.keys(pluralAttributes("fr-FR", "customers.licenses", "licenses"))).toEqual([
      "data-plural-licenses-one",
      "data-plural-licenses-many",
      "data-plural-licenses-other",
    ]);
  });

  it("keep placeholders for the browser to fill", () => {
    expect(
      messageAttributes("fr-FR", { takenStatus: ["customers.domain.taken", "domain"] }),
    ).toEqual({
      "data-msg-taken-status": "{domain} est déjà pris. Choisissez un autre préfixe.",
    });
  });
});

describe("build-time name tables", () => {
  const parse = (text: string) =>
    new Map(text.split("|").map((entry) => entry.split("=") as [string, string]));

  it("name every country, language and culture a customer can have, as the pickers do", () => {
    for (const locale of LOCALE_IDS) {
      const attributes = nameAttributes(locale);
      const regions = parse(attributes["data-region-names"]);
      const languages = parse(attributes["data-language-names"]);
      expect([...regions.keys()].sort()).toEqual([...COUNTRY_CODES].sort());
      expect([...languages.keys()].sort()).toEqual(
        [...new Set([...LANGUAGES, ...CULTURES])].sort(),
      );
      for (const option of countryOptions(locale))
        expect(regions.get(option.value)).toBe(option.label);
      for (const option of languageOptions(locale))
        expect(languages.get(option.value)).toBeTruthy();
    }
    expect(parse(nameAttributes("ru-RU")["data-region-names"]).get("RU")).toBe("Россия");
    expect(parse(nameAttributes("fr-FR")["data-language-names"]).get("fr-CA")).toBe(
      "français (Canada)",
    );
  });
});
