import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, countryIssues, countryRule } from "../../../src/domain/countries.ts";
import { CustomerCreateRequest, type Customer } from "../../../src/domain/schemas/customer.ts";
import {
  accountBody,
  accountChanges,
  countryErrors,
  firstPerField,
  offerErrorPaths,
  type CountryRules,
} from "../../../src/scripts/customers/account.ts";
import { fill } from "../../../src/scripts/kit/messages.ts";

/** A country's rules as the browser reads them from the page (options.ts renders them). */
function rulesOf(code: (typeof COUNTRY_CODES)[number], name: string = code): CountryRules {
  const rule = countryRule(code);
  return {
    code,
    name,
    states: rule.states ?? null,
    postal: rule.postalCode ? new RegExp(rule.postalCode.pattern.source) : null,
    postalExample: rule.postalCode?.example ?? "",
    phoneRequired: rule.phoneRequired === true,
    registrationRequired: rule.registrationNumberRequired === true,
    cultures: rule.cultures,
  };
}

const messages = {
  stateRequired: "state",
  postalInvalid: "postal {country} {example}",
  phoneRequired: "phone {country}",
  registrationRequired: "registration {country}",
  required: "required",
};

const russian: Record<string, string> = {
  companyName: " Ромашка ",
  organizationRegistrationNumber: "1027700132195",
  "address.line1": "ул. Тверская, 1",
  "address.line2": "",
  "address.city": "Москва",
  "address.state": "",
  "address.postalCode": "125009",
  "primaryContact.firstName": "Иван",
  "primaryContact.lastName": "Петров",
  "primaryContact.email": "ivan@romashka.example",
  "primaryContact.phone": "+7 495 123-45-67",
  language: "ru",
  culture: "ru-RU",
};
const read = (values: Record<string, string>) => (name: string) => values[name] ?? "";

describe("fill", () => {
  it("fills known placeholders and leaves the others", () => {
    expect(fill("{count} из {total} {x}", { count: 2, total: "5" })).toBe("2 из 5 {x}");
  });
});

describe("accountBody", () => {
  it("builds a body the API's schema accepts, leaving out what is empty", () => {
    const body = accountBody(read(russian), rulesOf("RU"));
    expect(body.companyName).toBe("Ромашка");
    expect(body.address).toEqual({
      country: "RU",
      line1: "ул. Тверская, 1",
      city: "Москва",
      postalCode: "125009",
    });
    const request = {
      ...body,
      domainPrefix: "romashka",
      subscriptions: [{ offerId: "x", quantity: 1 }],
    };
    expect(CustomerCreateRequest.safeParse(request).success).toBe(true);
  });

  it("sends no state or postal code where the country has none", () => {
    const body = accountBody(
      read({ ...russian, "address.state": "XX", "address.postalCode": "123" }),
      rulesOf("AE"),
    );
    expect(body.address).not.toHaveProperty("state");
    expect(body.address).not.toHaveProperty("postalCode");
  });
});

describe("countryErrors", () => {
  it("agree with the API's country rules for every country", () => {
    const empty = read({});
    for (const code of COUNTRY_CODES) {
      const browser = countryErrors(rulesOf(code), empty, messages)
        .map((e) => e.path)
        .sort();
      const api = countryIssues(code, {
        address: { state: "", postalCode: "" },
        phone: null,
        organizationRegistrationNumber: null,
      })
        .map((issue) => issue.path.join("."))
        .sort();
      expect(browser, code).toEqual(api);
    }
  });

  it("names the country and the example in the reader's words", () => {
    const errors = countryErrors(
      rulesOf("RU", "Россия"),
      read({ ...russian, "address.postalCode": "12", organizationRegistrationNumber: "" }),
      messages,
    );
    expect(errors.map((e) => e.message)).toEqual(["postal Россия 101000", "registration Россия"]);
  });

  it("accepts a complete Russian customer and a lowercase Canadian postal code", () => {
    expect(countryErrors(rulesOf("RU"), read(russian), messages)).toEqual([]);
    const canadian = { "address.state": "QC", "address.postalCode": "h2x 1y4" };
    expect(countryErrors(rulesOf("CA"), read(canadian), messages)).toEqual([]);
  });
});

describe("accountChanges", () => {
  const stored: Customer = {
    id: "c1",
    companyName: "Ромашка",
    domain: "romashka.onmicrosoft.de",
    address: { country: "RU", line1: "ул. Тверская, 1", city: "Москва", postalCode: "125009" },
    primaryContact: {
      firstName: "Иван",
      lastName: "Петров",
      email: "ivan@romashka.example",
      phone: "+7 495 123-45-67",
    },
    language: "ru",
    culture: "ru-RU",
    organizationRegistrationNumber: "1027700132195",
    relationship: { since: "2026-01-01", indirectReseller: null, delegatedAdmin: true },
    subscriptions: [],
    createdAt: "2026-01-01",
    updatedAt: "2026-01-01",
  };

  it("sends nothing when nothing changed", () => {
    expect(accountChanges(stored, accountBody(read(russian), rulesOf("RU")))).toEqual({});
  });

  it("sends only the changed groups, whole, and null for a cleared registration number", () => {
    const next = accountBody(
      read({ ...russian, "address.city": "Казань", organizationRegistrationNumber: "" }),
      rulesOf("RU"),
    );
    expect(accountChanges(stored, next)).toEqual({
      address: { ...stored.address, city: "Казань" },
      organizationRegistrationNumber: null,
    });
  });
});

describe("offerErrorPaths", () => {
  it("names a subscription by its offer, not by its place in the request", () => {
    const errors = offerErrorPaths(
      [
        { path: "subscriptions.1.quantity", code: "quantity_out_of_range", message: "q" },
        { path: "subscriptions.0.offerId", code: "offer_unknown", message: "o" },
        { path: "companyName", code: "required", message: "c" },
      ],
      ["o365-e1-de", "o365-e3-de"],
    );
    expect(errors.map((e) => e.path)).toEqual([
      "quantity.o365-e3-de",
      "subscriptions",
      "companyName",
    ]);
  });
});

describe("firstPerField", () => {
  it("keeps the first error of each field", () => {
    const errors = firstPerField([
      { path: "primaryContact.phone", code: "phone_required", message: "country" },
      { path: "companyName", code: "required", message: "required" },
      { path: "primaryContact.phone", code: "required", message: "required" },
    ]);
    expect(errors.map((e) => e.message)).toEqual(["country", "required"]);
  });
});
