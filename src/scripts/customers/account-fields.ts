/**
 * The account fields of a customer form (components/customers/AccountFields.astro) in the
 * browser: they follow the chosen country (state list, postal code and its example, phone and
 * registration number required or optional, the country's cultures), pre-check its rules, read
 * the form into the API's body and fill it from a customer.
 */
import type { Customer } from "../../domain/schemas/customer.ts";
import type { FieldError } from "../../domain/schemas/problem.ts";
import { fill } from "../kit/index.ts";
import { accountBody, countryErrors, type AccountBody, type CountryRules } from "./account.ts";

type Control = HTMLInputElement | HTMLSelectElement;

/** The rules of a country `<option>` (data attributes rendered by options.ts). */
export function countryRules(option: HTMLOptionElement | undefined): CountryRules {
  const data = option?.dataset ?? {};
  return {
    code: option?.value ?? "",
    name: option?.textContent?.trim() ?? "",
    states: data["states"] ? data["states"].split(" ") : null,
    postal: data["postal"] ? new RegExp(data["postal"]) : null,
    postalExample: data["postalExample"] ?? "",
    phoneRequired: data["phone"] === "required",
    registrationRequired: data["registration"] === "required",
    cultures: (data["cultures"] ?? "").split(" ").filter(Boolean),
  };
}

/**
 * The account fields of one form.
 *
 * @example
 * const fields = new AccountFields(form);
 * const errors = [...fields.precheck(), ...checkFields(form)];
 * const body = fields.body(); // the account part of CustomerCreateRequest
 */
export class AccountFields {
  readonly form: HTMLFormElement;
  private readonly root: HTMLElement;
  private readonly cultures: Map<string, HTMLOptionElement>;

  constructor(form: HTMLFormElement) {
    const root = form.querySelector<HTMLElement>("[data-account-fields]");
    if (!root) throw new Error("account fields are missing");
    this.form = form;
    this.root = root;
    this.cultures = new Map(
      [...this.select("culture").options].map((option) => [option.value, option]),
    );
    this.select("address.country").addEventListener("change", () => this.adapt());
    this.adapt();
  }

  /** A named control of the form. */
  control(name: string): Control {
    const control = this.form.elements.namedItem(name);
    if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) {
      throw new Error(`field ${name} is missing`);
    }
    return control;
  }

  private select(name: string): HTMLSelectElement {
    return this.control(name) as HTMLSelectElement;
  }

  /** The chosen country's rules. */
  country(): CountryRules {
    const select = this.select("address.country");
    return countryRules(select.selectedOptions[0]);
  }

  /** Reads a field by its API path, `""` for a field the country does not use. */
  read = (name: string): string => {
    const control = this.form.elements.namedItem(name);
    return control instanceof HTMLInputElement || control instanceof HTMLSelectElement
      ? control.value
      : "";
  };

  /** Shows, requires and fills what the chosen country needs. */
  adapt(): void {
    const country = this.country();
    const messages = this.root.dataset;
    const requirement = (required: boolean): string =>
      required
        ? fill(messages["msgRequiredIn"] ?? "", { country: country.name })
        : (messages["msgOptional"] ?? "");

    this.toggle("states", country.states !== null);
    const state = this.select("address.state");
    const chosen = state.value;
    const placeholder = state.options[0]?.value === "" ? state.options[0] : null;
    state.replaceChildren(
      ...(placeholder ? [placeholder] : []),
      ...(country.states ?? []).map((code) => new Option(code, code)),
    );
    state.value = country.states?.includes(chosen) ? chosen : "";

    this.toggle("postal", country.postal !== null);
    this.hint(
      "address.postalCode",
      fill(messages["msgPostalHint"] ?? "", { example: country.postalExample }),
    );

    const phone = this.control("primaryContact.phone");
    phone.required = country.phoneRequired;
    this.hint("primaryContact.phone", requirement(country.phoneRequired));
    const registration = this.control("organizationRegistrationNumber");
    registration.required = country.registrationRequired;
    this.hint("organizationRegistrationNumber", requirement(country.registrationRequired));

    const culture = this.select("culture");
    const current = culture.value;
    culture.replaceChildren(
      ...country.cultures.flatMap((tag) => {
        const option = this.cultures.get(tag);
        return option ? [option] : [];
      }),
    );
    culture.value = country.cultures.includes(current) ? current : (country.cultures[0] ?? "");
  }

  /** Shows or hides a country-dependent block; hidden controls are neither required nor sent. */
  private toggle(block: "states" | "postal", shown: boolean): void {
    const container = this.root.querySelector<HTMLElement>(`[data-when="${block}"]`);
    if (!container) return;
    container.hidden = !shown;
    for (const control of container.querySelectorAll<Control>("input, select")) {
      control.disabled = !shown;
      control.required = shown;
      if (!shown) control.value = "";
    }
  }

  private hint(name: string, text: string): void {
    const control = this.control(name);
    const hint = this.form.querySelector(`#${CSS.escape(control.id)}-hint`);
    if (hint) hint.textContent = text;
  }

  /** The country rules and the email format, as field errors. */
  precheck(): FieldError[] {
    const messages = this.root.dataset;
    const errors = countryErrors(this.country(), this.read, {
      stateRequired: messages["msgStateRequired"] ?? "",
      postalInvalid: messages["msgPostalInvalid"] ?? "",
      phoneRequired: messages["msgPhoneRequired"] ?? "",
      registrationRequired: messages["msgRegistrationRequired"] ?? "",
      required: this.control("address.city").dataset["msgRequired"] ?? "",
    });
    const email = this.control("primaryContact.email") as HTMLInputElement;
    if (email.value.trim() !== "" && email.validity.typeMismatch) {
      errors.push({
        path: email.name,
        code: "invalid_email",
        message: messages["msgInvalidEmail"] ?? "",
      });
    }
    return errors;
  }

  /** The account part of the API body. */
  body(): AccountBody {
    return accountBody(this.read, this.country());
  }

  /** Fills the fields from a stored customer (the edit form). */
  fillFrom(customer: Customer): void {
    const values: Record<string, string | undefined> = {
      companyName: customer.companyName,
      organizationRegistrationNumber: customer.organizationRegistrationNumber,
      "address.country": customer.address.country,
    };
    for (const [name, value] of Object.entries(values)) this.control(name).value = value ?? "";
    this.adapt();
    const rest: Record<string, string | undefined> = {
      "address.line1": customer.address.line1,
      "address.line2": customer.address.line2,
      "address.city": customer.address.city,
      "address.state": customer.address.state,
      "address.postalCode": customer.address.postalCode,
      "primaryContact.firstName": customer.primaryContact.firstName,
      "primaryContact.lastName": customer.primaryContact.lastName,
      "primaryContact.email": customer.primaryContact.email,
      "primaryContact.phone": customer.primaryContact.phone,
      language: customer.language,
      culture: customer.culture,
    };
    for (const [name, value] of Object.entries(rest)) {
      const control = this.control(name);
      if (!control.disabled) control.value = value ?? "";
    }
  }

  /** The label of a field, as the reader sees it (for the review step). */
  label(name: string): string {
    const control = this.control(name);
    return (
      this.form.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.textContent?.trim() ?? name
    );
  }
}
