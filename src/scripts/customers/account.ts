/**
 * The customer account body as the forms build it, without the DOM: from field values (named by
 * their API paths) to the API's request shapes, the country rules the browser pre-checks, and
 * the changes an edit sends. Pure functions, shared by the wizard and the edit form.
 */
import type {
  Customer,
  CustomerCreateRequest,
  CustomerUpdateRequest,
} from "../../domain/schemas/customer.ts";
import type { FieldError } from "../../domain/schemas/problem.ts";
import { fill } from "../kit/messages.ts";

/** The account part of a new customer: everything but the domain prefix and subscriptions. */
export type AccountBody = Omit<CustomerCreateRequest, "domainPrefix" | "subscriptions">;

/** A country's rules as the page rendered them (components/customers/options.ts). */
export interface CountryRules {
  code: string;
  /** The country's name in the reader's language. */
  name: string;
  states: readonly string[] | null;
  postal: RegExp | null;
  postalExample: string;
  phoneRequired: boolean;
  registrationRequired: boolean;
  cultures: readonly string[];
}

/** Reads a field's value by its API path (`address.city`), `""` when absent. */
export type ReadField = (name: string) => string;

/** Localized messages with `{placeholders}` for the country pre-check. */
export interface CountryMessages {
  stateRequired: string;
  postalInvalid: string;
  phoneRequired: string;
  registrationRequired: string;
  required: string;
}

/** The value of an optional text: trimmed, or left out when empty. */
function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/**
 * The account body from the form's values: optional fields left out when empty, the state and
 * postal code only where the country has them.
 *
 * @example
 * accountBody((name) => values[name] ?? "", russia).organizationRegistrationNumber; // "1027700132195"
 */
export function accountBody(read: ReadField, country: CountryRules): AccountBody {
  const line2 = optional(read("address.line2"));
  const state = country.states ? optional(read("address.state")) : undefined;
  const postalCode = country.postal ? optional(read("address.postalCode")) : undefined;
  const phone = optional(read("primaryContact.phone"));
  const registration = optional(read("organizationRegistrationNumber"));
  return {
    companyName: read("companyName").trim(),
    address: {
      country: country.code as AccountBody["address"]["country"],
      line1: read("address.line1").trim(),
      ...(line2 === undefined ? {} : { line2 }),
      city: read("address.city").trim(),
      ...(state === undefined ? {} : { state }),
      ...(postalCode === undefined ? {} : { postalCode }),
    },
    primaryContact: {
      firstName: read("primaryContact.firstName").trim(),
      lastName: read("primaryContact.lastName").trim(),
      email: read("primaryContact.email").trim(),
      ...(phone === undefined ? {} : { phone }),
    },
    language: read("language") as AccountBody["language"],
    culture: read("culture"),
    ...(registration === undefined ? {} : { organizationRegistrationNumber: registration }),
  };
}

/**
 * The country rules a form breaks, as field errors in the reader's language (the API checks the
 * same rules, src/domain/countries.ts; this spares a round trip).
 *
 * @example
 * countryErrors(russia, () => "", messages).map((e) => e.path);
 * // ["address.postalCode", "primaryContact.phone", "organizationRegistrationNumber"]
 */
export function countryErrors(
  country: CountryRules,
  read: ReadField,
  messages: CountryMessages,
): FieldError[] {
  const errors: FieldError[] = [];
  const values = { country: country.name, example: country.postalExample };
  if (country.states && !country.states.includes(read("address.state").trim().toUpperCase())) {
    errors.push({ path: "address.state", code: "state_required", message: messages.stateRequired });
  }
  const postal = read("address.postalCode").trim().toUpperCase().replace(/\s+/g, " ");
  if (country.postal && postal === "") {
    errors.push({ path: "address.postalCode", code: "required", message: messages.required });
  } else if (country.postal && !country.postal.test(postal)) {
    errors.push({
      path: "address.postalCode",
      code: "postal_code_invalid",
      message: fill(messages.postalInvalid, values),
    });
  }
  if (country.phoneRequired && read("primaryContact.phone").trim() === "") {
    errors.push({
      path: "primaryContact.phone",
      code: "phone_required",
      message: fill(messages.phoneRequired, values),
    });
  }
  if (country.registrationRequired && read("organizationRegistrationNumber").trim() === "") {
    errors.push({
      path: "organizationRegistrationNumber",
      code: "registration_number_required",
      message: fill(messages.registrationRequired, values),
    });
  }
  return errors;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An address or contact with its optional parts present, for comparing. */
function complete<T extends object>(value: T, keys: readonly string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key] ?? ""]));
}

const ADDRESS_KEYS = ["country", "line1", "line2", "city", "state", "postalCode"] as const;
const CONTACT_KEYS = ["firstName", "lastName", "email", "phone"] as const;

/**
 * What an edit changes: only the groups that differ from the customer as loaded (`address` and
 * `primaryContact` are replaced whole); a cleared registration number is `null`.
 *
 * @example
 * accountChanges(customer, { ...body, companyName: "Новое имя" }); // { companyName: "Новое имя" }
 */
export function accountChanges(customer: Customer, next: AccountBody): CustomerUpdateRequest {
  const changes: CustomerUpdateRequest = {};
  if (next.companyName !== customer.companyName) changes.companyName = next.companyName;
  if (!same(complete(next.address, ADDRESS_KEYS), complete(customer.address, ADDRESS_KEYS))) {
    changes.address = next.address;
  }
  if (
    !same(
      complete(next.primaryContact, CONTACT_KEYS),
      complete(customer.primaryContact, CONTACT_KEYS),
    )
  ) {
    changes.primaryContact = next.primaryContact;
  }
  if (next.language !== customer.language) changes.language = next.language;
  if (next.culture !== customer.culture) changes.culture = next.culture;
  const registration = next.organizationRegistrationNumber ?? null;
  if (registration !== (customer.organizationRegistrationNumber ?? null)) {
    changes.organizationRegistrationNumber = registration;
  }
  return changes;
}

/**
 * The API names a subscription by its place in the request (`subscriptions.2.quantity`); the
 * form names it by its offer (`quantity.{offerId}`). Renames the paths of `errors` so each lands
 * next to its offer.
 *
 * @example
 * offerErrorPaths([{ path: "subscriptions.0.quantity", … }], ["o365-e3-de"]);
 * // [{ path: "quantity.o365-e3-de", … }]
 */
export function offerErrorPaths(
  errors: readonly FieldError[],
  offerIds: readonly string[],
): FieldError[] {
  return errors.map((error) => {
    const match = /^subscriptions\.(\d+)\.(quantity|offerId)$/.exec(error.path);
    const offerId = match ? offerIds[Number(match[1])] : undefined;
    if (!match || offerId === undefined) return error;
    return { ...error, path: match[2] === "quantity" ? `quantity.${offerId}` : "subscriptions" };
  });
}

/**
 * One error per field, the first given: callers list the specific checks (the country's rules)
 * before the generic ones ("required"), so the reader sees the message that says why.
 *
 * @example
 * firstPerField([phoneRequired, required("primaryContact.phone")]); // [phoneRequired]
 */
export function firstPerField(errors: readonly FieldError[]): FieldError[] {
  return errors.filter((e, i) => errors.findIndex((other) => other.path === e.path) === i);
}
