/**
 * The customer rules only the database can answer (SPEC §6): a subscription's offer must be in
 * this cloud's catalog with the quantity in its bounds, and the primary contact's email may not
 * be in the partner's own domain. Each rule is an SQL guard of the write batches (repo.ts) plus
 * the function here that turns the batch's report into field errors.
 */
import type { FieldIssue } from "../../lib/problem.ts";

/** The domain of an email address (validated, lowercased). */
export function emailDomainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** Whether `emailDomain` is the partner's domain or one of its subdomains. */
export function isPartnerDomain(emailDomain: string, partnerDomain: string): boolean {
  const own = partnerDomain.toLowerCase();
  return emailDomain === own || emailDomain.endsWith(`.${own}`);
}

/** The field error of a contact email in the partner's domain. */
export const PARTNER_DOMAIN_ISSUE: FieldIssue = {
  path: "primaryContact.email",
  code: "email_partner_domain",
  message: "validation.email_partner_domain",
};

/** Field errors for subscriptions outside the catalog or its bounds, from {@link namedOffers}. */
export function offerIssues(
  subscriptions: { offerId: string; quantity: number }[],
  offersJson: string,
): FieldIssue[] {
  const offers = new Map(
    (JSON.parse(offersJson) as { id: string; min: number; max: number }[]).map((o) => [o.id, o]),
  );
  return subscriptions.flatMap((subscription, index): FieldIssue[] => {
    const offer = offers.get(subscription.offerId);
    if (!offer) {
      return [
        {
          path: `subscriptions.${index}.offerId`,
          code: "offer_unknown",
          message: "validation.offer_unknown",
        },
      ];
    }
    if (subscription.quantity < offer.min || subscription.quantity > offer.max) {
      return [
        {
          path: `subscriptions.${index}.quantity`,
          code: "quantity_out_of_range",
          message: "validation.quantity_out_of_range",
          values: { minimum: offer.min, maximum: offer.max },
        },
      ];
    }
    return [];
  });
}
