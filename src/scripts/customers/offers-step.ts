/**
 * The wizard's Subscriptions step: the cloud's offers (from the API) as a checkbox each, with a
 * license count bounded by the offer; the pre-check and the `subscriptions` of the API body.
 */
import type { Offer } from "../../domain/schemas/offer.ts";
import type { FieldError } from "../../domain/schemas/problem.ts";
import { api, call, here } from "../kit/api.ts";
import { part, type Messages } from "../kit/index.ts";

/** A chosen offer: what the API needs and what the review shows. */
export interface Chosen {
  offerId: string;
  name: string;
  quantity: number;
}

/**
 * The Subscriptions step of the wizard: loads the catalog once, renders it from the step's
 * `<template>`, pre-checks and reads the chosen offers.
 *
 * @example
 * const step = new OffersStep(section, messages);
 * if ((await step.load()) === "loaded") step.chosen(); // [{ offerId, name, quantity }]
 */
export class OffersStep {
  readonly form: HTMLFormElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly template: HTMLTemplateElement;
  private readonly messages: Messages;
  private catalog: Offer[] | undefined;

  constructor(section: HTMLElement, messages: Messages) {
    this.form = part<HTMLFormElement>(section, "form");
    this.list = part(section, "[data-offers]");
    this.status = part(section, "[data-offers-status]");
    this.template = part<HTMLTemplateElement>(section, "template[data-offer-template]");
    this.messages = messages;
  }

  /** Loads the catalog once; false when it could not be loaded (the status says why). */
  async load(): Promise<"loaded" | "failed" | "signed-out"> {
    if (this.catalog) return "loaded";
    this.status.textContent = this.messages.text("offersLoading");
    const result = await call(api.offers.$get({ param: here() }));
    if (result.ok) {
      this.catalog = result.data.items;
      this.render(this.catalog);
      this.status.textContent = "";
      return "loaded";
    }
    if (result.status === 401) return "signed-out";
    this.status.textContent = this.messages.text("offersFailed");
    return "failed";
  }

  private render(items: readonly Offer[]): void {
    this.list.replaceChildren(
      ...items.map((offer, index) => {
        const fragment = this.template.content.cloneNode(true) as DocumentFragment;
        const id = `offer-${index}`;
        const check = part<HTMLInputElement>(fragment, "input[type=checkbox]");
        const quantity = part<HTMLInputElement>(fragment, "input[type=number]");
        const name = part<HTMLLabelElement>(fragment, "[data-offer-name]");
        const label = part<HTMLLabelElement>(fragment, "[data-quantity-label]");
        const hint = part(fragment, "[data-quantity-hint]");
        const error = part(fragment, "[data-quantity-error]");
        check.id = id;
        check.value = offer.id;
        name.htmlFor = id;
        name.textContent = offer.name;
        part(fragment, "[data-quantity-offer]").textContent = ` (${offer.name})`;
        quantity.id = `${id}-quantity`;
        quantity.name = `quantity.${offer.id}`;
        quantity.min = String(offer.minQuantity);
        quantity.max = String(offer.maxQuantity);
        quantity.value = String(offer.minQuantity);
        quantity.readOnly = offer.minQuantity === offer.maxQuantity;
        label.htmlFor = quantity.id;
        hint.id = `${id}-hint`;
        hint.textContent =
          offer.minQuantity === offer.maxQuantity
            ? this.messages.text("fixedHint", { count: offer.minQuantity })
            : this.messages.text("rangeHint", {
                minimum: offer.minQuantity,
                maximum: offer.maxQuantity,
              });
        error.id = `${id}-error`;
        error.dataset["errorFor"] = quantity.name;
        quantity.setAttribute("aria-describedby", `${hint.id} ${error.id}`);
        check.addEventListener("change", () => {
          quantity.disabled = !check.checked;
        });
        return fragment;
      }),
    );
  }

  private rows(): { offer: Offer; check: HTMLInputElement; quantity: HTMLInputElement }[] {
    return (this.catalog ?? []).map((offer, index) => ({
      offer,
      check: part<HTMLInputElement>(this.list, `#offer-${index}`),
      quantity: part<HTMLInputElement>(this.list, `#offer-${index}-quantity`),
    }));
  }

  /** The chosen offers, in catalog order. */
  chosen(): Chosen[] {
    return this.rows()
      .filter((row) => row.check.checked)
      .map(({ offer, quantity }) => ({
        offerId: offer.id,
        name: offer.name,
        quantity: Number(quantity.value),
      }));
  }

  /** At least one offer, each license count a whole number within the offer's bounds. */
  precheck(): FieldError[] {
    const rows = this.rows().filter((row) => row.check.checked);
    if (rows.length === 0) {
      return [
        {
          path: "subscriptions",
          code: "subscriptions_required",
          message: this.messages.text("subscriptionsRequired"),
        },
      ];
    }
    return rows.flatMap(({ offer, quantity }): FieldError[] => {
      const value = quantity.value.trim() === "" ? Number.NaN : Number(quantity.value);
      if (Number.isInteger(value) && value >= offer.minQuantity && value <= offer.maxQuantity) {
        return [];
      }
      const message = this.messages.text("range", {
        minimum: offer.minQuantity,
        maximum: offer.maxQuantity,
      });
      return [{ path: quantity.name, code: "quantity_out_of_range", message }];
    });
  }
}
