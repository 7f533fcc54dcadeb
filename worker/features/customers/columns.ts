/**
 * Request fields → stored column values, shared by create and update: optional text stored as
 * NULL when empty, states in their list's upper case, keys for search.
 */
import { countryRule, type CountryCode } from "../../../src/domain/countries.ts";
import type { Address, PrimaryContact } from "../../../src/domain/schemas/customer.ts";

/** The address columns, in the order of {@link ADDRESS_COLUMNS}. */
export function addressValues(address: Address): (string | null)[] {
  const country: CountryCode = address.country;
  const state = address.state?.trim() || null;
  return [
    country,
    address.line1,
    address.line2 || null,
    address.city,
    state && countryRule(country).states ? state.toUpperCase() : state,
    // Countries without postal codes (AE, HK) store "" (the column is NOT NULL).
    address.postalCode ?? "",
  ];
}
export const ADDRESS_COLUMNS = [
  "country",
  "address_line1",
  "address_line2",
  "city",
  "state",
  "postal_code",
];

/** The primary contact columns, in the order of {@link CONTACT_COLUMNS}. */
export function contactValues(contact: PrimaryContact): (string | null)[] {
  return [contact.firstName, contact.lastName, contact.email, contact.phone || null];
}
export const CONTACT_COLUMNS = [
  "contact_first_name",
  "contact_last_name",
  "contact_email",
  "contact_phone",
];
