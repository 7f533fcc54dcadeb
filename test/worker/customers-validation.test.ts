import { describe, expect, it } from "vitest";
import { CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { call, problemOf } from "./helpers.ts";
import { auditRecordsOf, customerBody, partnerSession } from "./customers-fixtures.ts";

const US = { country: "US", line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101" };
const RU = { country: "RU", line1: "ул. Тверская, 7", city: "Москва", postalCode: "125009" };
const RU_CONTACT = {
  firstName: "Иван",
  lastName: "Петров",
  email: "ivan@roga.example",
  phone: "+7 495 123-45-67",
};

/** Each rule of SPEC §6, Validation: the body change and the field errors it must cause. */
const CASES: [string, Record<string, unknown>, [path: string, code: string][]][] = [
  ["company name too short", { companyName: " A " }, [["companyName", "too_short"]]],
  ["company name too long", { companyName: "A".repeat(101) }, [["companyName", "too_long"]]],
  [
    "company name only punctuation",
    { companyName: " .,- " },
    [["companyName", "company_name_punctuation"]],
  ],
  [
    "company name only a legal form",
    { companyName: "LLC" },
    [["companyName", "company_name_legal_form"]],
  ],
  [
    "company name S.A.R.L.",
    { companyName: "S.A.R.L." },
    [["companyName", "company_name_legal_form"]],
  ],
  ["company name ООО", { companyName: "ООО" }, [["companyName", "company_name_legal_form"]]],
  [
    "company name Co., Ltd.",
    { companyName: "Co., Ltd." },
    [["companyName", "company_name_legal_form"]],
  ],
  [
    "company name with a line break",
    { companyName: "Fourth\nCoffee" },
    [["companyName", "control_characters"]],
  ],
  [
    "domain prefix starting with a digit",
    { domainPrefix: "1coffee" },
    [["domainPrefix", "invalid_format"]],
  ],
  ["domain prefix too short", { domainPrefix: "ab" }, [["domainPrefix", "invalid_format"]]],
  [
    "domain prefix too long",
    { domainPrefix: `a${"b".repeat(27)}` },
    [["domainPrefix", "invalid_format"]],
  ],
  [
    "domain prefix with a hyphen",
    { domainPrefix: "fourth-coffee" },
    [["domainPrefix", "invalid_format"]],
  ],
  ["domain prefix not ASCII", { domainPrefix: "cafébar" }, [["domainPrefix", "invalid_format"]]],
  [
    "unknown country",
    { address: { ...US, country: "XX" } },
    [["address.country", "invalid_value"]],
  ],
  [
    "missing line 1 and city",
    { address: { country: "US", state: "WA", postalCode: "98101" } },
    [
      ["address.line1", "required"],
      ["address.city", "required"],
    ],
  ],
  [
    "line 1 too long",
    { address: { ...US, line1: "x".repeat(201) } },
    [["address.line1", "too_long"]],
  ],
  [
    "US without a state",
    { address: { ...US, state: undefined } },
    [["address.state", "state_required"]],
  ],
  [
    "US state not in the list",
    { address: { ...US, state: "ZZ" } },
    [["address.state", "state_invalid"]],
  ],
  [
    "US postal code",
    { address: { ...US, postalCode: "9810" } },
    [["address.postalCode", "postal_code_invalid"]],
  ],
  [
    "US without a postal code",
    { address: { ...US, postalCode: undefined } },
    [["address.postalCode", "required"]],
  ],
  [
    "CA postal code",
    {
      address: {
        country: "CA",
        line1: "1 Rue",
        city: "Montréal",
        state: "QC",
        postalCode: "12345",
      },
      culture: "fr-CA",
    },
    [["address.postalCode", "postal_code_invalid"]],
  ],
  [
    "CA province",
    {
      address: {
        country: "CA",
        line1: "1 Rue",
        city: "Montréal",
        state: "WA",
        postalCode: "H2X 1Y4",
      },
      culture: "fr-CA",
    },
    [["address.state", "state_invalid"]],
  ],
  [
    "GB postal code",
    {
      address: { country: "GB", line1: "1 High St", city: "London", postalCode: "LONDON" },
      culture: "en-GB",
    },
    [["address.postalCode", "postal_code_invalid"]],
  ],
  [
    "FR postal code",
    {
      address: { country: "FR", line1: "1 rue de Rivoli", city: "Paris", postalCode: "7500" },
      culture: "fr-FR",
    },
    [["address.postalCode", "postal_code_invalid"]],
  ],
  [
    "DE postal code",
    {
      address: { country: "DE", line1: "Hauptstr. 1", city: "Berlin", postalCode: "D-10117" },
      culture: "de-DE",
    },
    [["address.postalCode", "postal_code_invalid"]],
  ],
  [
    "CN province and postal code",
    {
      address: { country: "CN", line1: "Road 1", city: "Beijing", postalCode: "10002" },
      culture: "zh-CN",
    },
    [
      ["address.state", "state_required"],
      ["address.postalCode", "postal_code_invalid"],
    ],
  ],
  [
    "RU postal code, phone and registration number",
    {
      address: { ...RU, postalCode: "12500" },
      culture: "ru-RU",
      primaryContact: { ...RU_CONTACT, phone: undefined },
    },
    [
      ["address.postalCode", "postal_code_invalid"],
      ["primaryContact.phone", "phone_required"],
      ["organizationRegistrationNumber", "registration_number_required"],
    ],
  ],
  [
    "UA registration number",
    {
      address: { country: "UA", line1: "Khreshchatyk 1", city: "Kyiv", postalCode: "01001" },
      culture: "uk-UA",
    },
    [["organizationRegistrationNumber", "registration_number_required"]],
  ],
  [
    "KZ registration number",
    {
      address: { country: "KZ", line1: "Abay 1", city: "Almaty", postalCode: "050000" },
      culture: "kk-KZ",
      organizationRegistrationNumber: "",
    },
    [["organizationRegistrationNumber", "registration_number_required"]],
  ],
  [
    "registration number characters",
    { organizationRegistrationNumber: "<script>" },
    [["organizationRegistrationNumber", "invalid_format"]],
  ],
  [
    "contact email",
    { primaryContact: { firstName: "A", lastName: "B", email: "not-an-email" } },
    [["primaryContact.email", "invalid_email"]],
  ],
  [
    "contact names",
    { primaryContact: { firstName: "", lastName: "x".repeat(51), email: "a@b.example" } },
    [
      ["primaryContact.firstName", "required"],
      ["primaryContact.lastName", "too_long"],
    ],
  ],
  [
    "contact phone characters",
    { primaryContact: { firstName: "A", lastName: "B", email: "a@b.example", phone: "call me" } },
    [["primaryContact.phone", "phone_invalid"]],
  ],
  [
    "contact phone too short",
    { primaryContact: { firstName: "A", lastName: "B", email: "a@b.example", phone: "+1 23" } },
    [["primaryContact.phone", "phone_invalid"]],
  ],
  ["unsupported language", { language: "xx" }, [["language", "invalid_value"]]],
  ["unsupported culture", { culture: "xx-XX" }, [["culture", "invalid_value"]]],
  ["culture of another country", { culture: "fr-FR" }, [["culture", "culture_country"]]],
  ["no subscription", { subscriptions: [] }, [["subscriptions", "too_small"]]],
  [
    "too many subscriptions",
    { subscriptions: Array.from({ length: 21 }, (_, i) => ({ offerId: `o${i}`, quantity: 1 })) },
    [["subscriptions", "too_big"]],
  ],
  [
    "the same offer twice",
    {
      subscriptions: [
        { offerId: "m365-e3", quantity: 1 },
        { offerId: "m365-e3", quantity: 2 },
      ],
    },
    [["subscriptions.1.offerId", "subscription_duplicate"]],
  ],
  [
    "quantity below one",
    { subscriptions: [{ offerId: "m365-e3", quantity: 0 }] },
    [["subscriptions.0.quantity", "too_small"]],
  ],
  [
    "quantity not a number",
    { subscriptions: [{ offerId: "m365-e3", quantity: "5" }] },
    [["subscriptions.0.quantity", "invalid_type"]],
  ],
  [
    "unknown offer",
    { subscriptions: [{ offerId: "no-such-offer", quantity: 1 }] },
    [["subscriptions.0.offerId", "offer_unknown"]],
  ],
  [
    "quantity above the offer's maximum",
    { subscriptions: [{ offerId: "azure-plan", quantity: 2 }] },
    [["subscriptions.0.quantity", "quantity_out_of_range"]],
  ],
];

describe("POST /customers validation (SPEC §6)", () => {
  it.each(CASES)(
    "%s → 400 with localized field errors, nothing stored",
    async (_name, change, expected) => {
      const session = await partnerSession("global");
      const body = customerBody("global", change);
      const messages: Record<string, string[]> = {};
      for (const language of ["en", "fr-FR", "ru-RU"]) {
        const response = await call("/api/v1/global/customers", {
          body,
          cookie: session.cookie,
          language,
        });
        expect(response.status).toBe(400);
        expect(await auditRecordsOf("global", response)).toBe(0);
        const problem = await problemOf(response);
        expect(problem.code).toBe("validation_failed");
        expect(problem.errors?.map((e) => [e.path, e.code])).toEqual(expected);
        messages[language] = problem.errors?.map((e) => e.message) ?? [];
      }
      // Every message is translated: none of the French or Russian ones is the English text.
      messages["en"]?.forEach((english, i) => {
        expect(messages["fr-FR"]?.[i]).not.toBe(english);
        expect(messages["ru-RU"]?.[i]).not.toBe(english);
      });
    },
  );

  it("names the country's format in the message", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global", { address: { ...US, postalCode: "98" }, culture: "fr-CA" });
    const response = await call("/api/v1/global/customers", {
      body,
      cookie: session.cookie,
      language: "fr-FR",
    });
    expect((await problemOf(response)).errors).toEqual([
      {
        path: "address.postalCode",
        code: "postal_code_invalid",
        message:
          "Saisissez un code postal au format du pays ou de la région US, par exemple 98052.",
      },
      {
        path: "culture",
        code: "culture_country",
        message: "Choisissez une culture en usage dans le pays ou la région US : en-US, es-US.",
      },
    ]);
  });

  it("accepts each country's own formats and normalizes them", async () => {
    const session = await partnerSession("global");
    const accepted = [
      [
        {
          address: {
            country: "CA",
            line1: "1 Rue",
            city: "Montréal",
            state: "qc",
            postalCode: "h2x  1y4",
          },
          culture: "fr-CA",
        },
        { state: "QC", postalCode: "H2X 1Y4" },
      ],
      [
        {
          address: {
            country: "GB",
            line1: "10 Downing St",
            city: "London",
            postalCode: "sw1a 2aa",
          },
          culture: "en-GB",
        },
        { postalCode: "SW1A 2AA" },
      ],
      [
        {
          address: { country: "FR", line1: "1 rue de Rivoli", city: "Paris", postalCode: "75001" },
          culture: "fr-FR",
          language: "fr",
        },
        { postalCode: "75001" },
      ],
      [
        {
          address: {
            country: "DE",
            line1: "Unter den Linden 1",
            city: "Berlin",
            postalCode: "10117",
          },
          culture: "de-DE",
          language: "de",
        },
        { postalCode: "10117" },
      ],
      [
        {
          address: RU,
          culture: "ru-RU",
          language: "ru",
          primaryContact: RU_CONTACT,
          organizationRegistrationNumber: "7701234567",
          companyName: "ООО «Рога и копыта»",
        },
        { postalCode: "125009" },
      ],
      [
        {
          address: {
            country: "CN",
            line1: "Road 1",
            city: "Shanghai",
            state: "SH",
            postalCode: "200000",
          },
          culture: "zh-CN",
          language: "zh-Hans",
        },
        { state: "SH" },
      ],
      [
        { address: { country: "AE", line1: "Sheikh Zayed Rd 1", city: "Dubai" }, culture: "en-AE" },
        { country: "AE" },
      ],
    ] as const;
    for (const [change, stored] of accepted) {
      const response = await call("/api/v1/global/customers", {
        body: customerBody("global", change),
        cookie: session.cookie,
      });
      expect(response.status, JSON.stringify(change)).toBe(201);
      const { customer } = CustomerCreated.parse(await response.json());
      expect(customer.address).toMatchObject(stored);
    }
  });
});
