import { z } from "zod";
import {
  COUNTRY_CODES,
  CULTURES,
  countryIssues,
  isCountryCode,
  LANGUAGES,
  normalizePostalCode,
  type CountryProfile,
} from "../countries.ts";
import { CsvSeparator } from "./csv.ts";
import { nameKey, text } from "./text.ts";

/**
 * Customer accounts (SPEC §6–7): the bodies the API accepts and the shapes it answers with.
 * The site's add-customer wizard pre-checks with the same schemas; rules that need the
 * database (offer bounds, the partner's own email domain, a taken domain) are the API's.
 */

/** Legal-form words that are not a company name on their own (compared without punctuation). */
const LEGAL_FORMS = new Set([
  "llc",
  "inc",
  "ltd",
  "limited",
  "corp",
  "corporation",
  "co",
  "company",
  "plc",
  "llp",
  "lp",
  "gmbh",
  "ag",
  "kg",
  "ug",
  "ev",
  "sarl",
  "sa",
  "sas",
  "sasu",
  "eurl",
  "sca",
  "snc",
  "bv",
  "nv",
  "spa",
  "srl",
  "sl",
  "ab",
  "as",
  "asa",
  "oy",
  "aps",
  "pty",
  "pte",
  "kk",
  "sro",
  "zrt",
  "kft",
  "ооо",
  "оао",
  "зао",
  "пао",
  "ао",
  "ип",
  "тов",
  "тоо",
]);

/** Whether `name` is only legal-form words (`LLC`, `S.A.R.L.`, `Co., Ltd.`, `ООО`). */
export function isOnlyLegalForm(name: string): boolean {
  const lower = name.toLowerCase();
  const words = lower.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return (
    LEGAL_FORMS.has(lower.replace(/[^\p{L}\p{N}]+/gu, "")) ||
    (words.length > 0 && words.every((word) => LEGAL_FORMS.has(word)))
  );
}

/**
 * The search key of a company name (see {@link nameKey}).
 *
 * @example
 * companyNameKey("Рога и Копыта"); // "рога и копыта"
 */
export const companyNameKey = nameKey;

export const CompanyName = text(2, 100)
  .refine((value) => /[\p{L}\p{N}]/u.test(value), {
    message: "validation.company_name_punctuation",
    params: { code: "company_name_punctuation" },
    abort: true,
  })
  .refine((value) => !isOnlyLegalForm(value), {
    message: "validation.company_name_legal_form",
    params: { code: "company_name_legal_form" },
  });

/** The prefix of `{prefix}.{cloud suffix}`: 3–27 ASCII letters and digits, starting with a letter. */
export const DomainPrefix = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9]{2,26}$/, { message: "validation.domain_prefix" })
  .toLowerCase();

const PHONE_CHARACTERS = /^\+?[0-9 ()./-]+$/;

/** 7–15 digits (E.164), optionally with `+`, spaces, brackets, dots, slashes and hyphens. */
export const Phone = z
  .string()
  .trim()
  .max(30)
  .refine(
    (value) => {
      const digitCount = value.replace(/\D/g, "").length;
      return value === "" || (PHONE_CHARACTERS.test(value) && digitCount >= 7 && digitCount <= 15);
    },
    { message: "validation.phone_invalid", params: { code: "phone_invalid" } },
  );

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());

const REGISTRATION_NUMBER = /^[\p{L}\p{N} ./-]*$/u;

export const OrganizationRegistrationNumber = z
  .string()
  .trim()
  .max(50)
  .regex(REGISTRATION_NUMBER, { message: "validation.registration_number_invalid" })
  // JSON Schema patterns are Unicode patterns already: the source, without the `u` flag.
  .meta({ pattern: REGISTRATION_NUMBER.source });

export const Address = z.strictObject({
  country: z.enum(COUNTRY_CODES, { message: "validation.country_unsupported" }),
  line1: text(1, 200),
  line2: text(0, 200).optional(),
  city: text(1, 100),
  state: text(0, 100).optional(),
  postalCode: text(0, 20).overwrite(normalizePostalCode).optional(),
});
export type Address = z.infer<typeof Address>;

export const PrimaryContact = z.strictObject({
  firstName: text(1, 50),
  lastName: text(1, 50),
  email: Email,
  phone: Phone.optional(),
});
export type PrimaryContact = z.infer<typeof PrimaryContact>;

export const Language = z.enum(LANGUAGES, { message: "validation.language_unsupported" });
export const Culture = z.enum(CULTURES as [string, ...string[]], {
  message: "validation.culture_unsupported",
});

export const SubscriptionRequest = z.strictObject({
  offerId: z.string().trim().min(1).max(64),
  quantity: z.number().int().min(1).max(1_000_000),
});

export const SubscriptionsRequest = z
  .array(SubscriptionRequest)
  .min(1, { message: "validation.subscriptions_required" })
  .max(20, { message: "validation.max_items" })
  .superRefine((subscriptions, ctx) => {
    const seen = new Set<string>();
    subscriptions.forEach((subscription, index) => {
      if (seen.has(subscription.offerId)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "offerId"],
          message: "validation.subscription_duplicate",
          params: { code: "subscription_duplicate" },
        });
      }
      seen.add(subscription.offerId);
    });
  });

/** Reads a string out of a value that may not have passed its own schema. */
function stringAt(value: unknown, key: string): string | undefined {
  const field =
    value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === "string" ? field : undefined;
}

function has(value: unknown, key: string): boolean {
  return Boolean(value && typeof value === "object" && Object.hasOwn(value, key));
}

/**
 * The country rules of a (possibly partial, possibly invalid) customer body, as zod issues.
 * Groups the body leaves out are not checked: an update is checked for them against the stored
 * country by the API.
 */
function refineCountryRules(value: unknown, ctx: z.RefinementCtx, mode: "create" | "update") {
  const address = has(value, "address") ? (value as Record<string, unknown>)["address"] : undefined;
  const country = stringAt(address, "country");
  if (!isCountryCode(country)) return;
  const profile: CountryProfile = {
    address: { state: stringAt(address, "state"), postalCode: stringAt(address, "postalCode") },
  };
  if (mode === "create" || has(value, "culture")) profile.culture = stringAt(value, "culture");
  if (mode === "create" || has(value, "primaryContact")) {
    const contact = has(value, "primaryContact")
      ? (value as Record<string, unknown>)["primaryContact"]
      : undefined;
    profile.phone = stringAt(contact, "phone") || null;
  }
  if (mode === "create" || has(value, "organizationRegistrationNumber")) {
    profile.organizationRegistrationNumber =
      stringAt(value, "organizationRegistrationNumber") || null;
  }
  if (profile.culture === undefined || !CULTURES.includes(profile.culture)) delete profile.culture;
  for (const issue of countryIssues(country, profile)) {
    ctx.addIssue({
      code: "custom",
      path: issue.path,
      message: issue.message,
      params: { code: issue.code, values: issue.values },
    });
  }
}

/** `POST /customers` body (SPEC §7). */
export const CustomerCreateRequest = z
  .strictObject({
    companyName: CompanyName,
    domainPrefix: DomainPrefix,
    address: Address,
    primaryContact: PrimaryContact,
    language: Language,
    culture: Culture,
    organizationRegistrationNumber: OrganizationRegistrationNumber.optional(),
    subscriptions: SubscriptionsRequest,
  })
  .superRefine((value, ctx) => refineCountryRules(value, ctx, "create"));
export type CustomerCreateRequest = z.infer<typeof CustomerCreateRequest>;

/** Fields a customer's representation has that no update may send (SPEC §7: 400). */
export const READ_ONLY_FIELDS = [
  "id",
  "domain",
  "domainPrefix",
  "subscriptions",
  "relationship",
  "createdAt",
  "updatedAt",
] as const;

/**
 * `PATCH /customers/{id}` body: the fields to change. `address` and `primaryContact` are
 * replaced as a whole; `organizationRegistrationNumber: null` clears it. The country cannot
 * change (it is the tenant's).
 */
export const CustomerUpdateRequest = z
  .strictObject({
    companyName: CompanyName.optional(),
    address: Address.optional(),
    primaryContact: PrimaryContact.optional(),
    language: Language.optional(),
    culture: Culture.optional(),
    organizationRegistrationNumber: OrganizationRegistrationNumber.nullable().optional(),
  })
  .superRefine((value, ctx) => {
    // Empty only when nothing else is wrong (an unknown field alone is its own error).
    if (Object.keys(value).length === 0 && ctx.issues.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "validation.patch_empty",
        params: { code: "empty" },
      });
    }
    refineCountryRules(value, ctx, "update");
  });
export type CustomerUpdateRequest = z.infer<typeof CustomerUpdateRequest>;

/** A partner's relationship with a customer, as the partner sees it. */
export const CustomerRelationship = z.object({
  since: z.string(),
  /** For an indirect provider: the indirect reseller it serves this customer with. */
  indirectReseller: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Whether the partner holds delegated admin privileges (granted with the relationship). */
  delegatedAdmin: z.boolean(),
});
export type CustomerRelationship = z.infer<typeof CustomerRelationship>;

export const Subscription = z.object({
  id: z.string(),
  offerId: z.string(),
  offerName: z.string().nullable(),
  quantity: z.number().int(),
  state: z.enum(["active", "suspended"]),
});
export type Subscription = z.infer<typeof Subscription>;

/** `GET /customers/{id}`: the customer body plus what the portal adds. */
export const Customer = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string(),
  address: z.object({
    country: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    state: z.string().optional(),
    postalCode: z.string().optional(),
  }),
  primaryContact: z.object({
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    phone: z.string().optional(),
  }),
  language: z.string(),
  culture: z.string(),
  organizationRegistrationNumber: z.string().optional(),
  relationship: CustomerRelationship,
  subscriptions: z.array(Subscription),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

/** `POST /customers` answer; a replayed request carries no password (it is never stored). */
export const CustomerCreated = z.object({
  customer: Customer,
  adminAccount: z.object({
    userPrincipalName: z.string(),
    temporaryPassword: z.string().optional(),
  }),
});
export type CustomerCreated = z.infer<typeof CustomerCreated>;

/** `POST /customers/{id}/admin-password` answer. */
export const AdminPasswordReset = z.object({
  userPrincipalName: z.string(),
  temporaryPassword: z.string(),
});
export type AdminPasswordReset = z.infer<typeof AdminPasswordReset>;

export const CustomerListItem = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string(),
  country: z.string(),
  relationship: CustomerRelationship,
});
export type CustomerListItem = z.infer<typeof CustomerListItem>;

export const CustomerList = z.object({
  items: z.array(CustomerListItem),
  nextCursor: z.string().nullable(),
});
export type CustomerList = z.infer<typeof CustomerList>;

/** Filters shared by the list and the CSV export. */
const customerFilters = {
  /** Starts-with, case-insensitive, on the company name or the domain prefix. */
  q: z.string().trim().max(100).optional(),
  /** `direct`: customers the caller serves itself; `indirect`: with an indirect reseller. */
  relationship: z.enum(["direct", "indirect"]).optional(),
  /** For an indirect provider: customers it serves with this indirect reseller. */
  indirectReseller: z.guid().optional(),
};

/** `GET /customers` query. */
export const CustomerListQuery = z.strictObject({
  ...customerFilters,
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/** `GET /customers/export.csv` query: the list's filters and the separator. */
export const CustomerExportQuery = z.strictObject({
  ...customerFilters,
  separator: CsvSeparator.optional(),
});
export type CustomerExportQuery = z.infer<typeof CustomerExportQuery>;

/** The filters of a list or export, normalized (what a cursor is bound to). */
export type CustomerFilters = Omit<CustomerExportQuery, "separator">;

/** `GET /domains/{prefix}` answer. */
export const DomainAvailability = z.object({ domain: z.string(), available: z.boolean() });
export type DomainAvailability = z.infer<typeof DomainAvailability>;
