/**
 * The customer rules only the database can answer (SPEC §6): a subscription's offer must be in
 * this cloud's catalog with the quantity in its bounds, and the primary contact's email may not
 * be in the partner's own domain. Each rule is an SQL guard for a guarded batch
 * (lib/guarded-write.ts) plus the function that turns the batch's report into field errors.
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

/** SQL guard: the email domain ?{email} is not partner ?{partner}'s (nor a subdomain of it). */
export function outsidePartnerDomain(partner: number, email: number): string {
  return `NOT EXISTS (
    SELECT 1 FROM partners p WHERE p.id = ?${partner}
      AND (?${email} = lower(p.email_domain) OR substr(?${email}, -length(p.email_domain) - 1) = '.' || lower(p.email_domain)))`;
}

/** The field error of a contact email in the partner's domain. */
export const PARTNER_DOMAIN_ISSUE: FieldIssue = {
  path: "primaryContact.email",
  code: "email_partner_domain",
  message: "validation.email_partner_domain",
};

/**
 * SQL guard: every subscription of the JSON array ?{subscriptions} (`[{offerId, quantity}]`)
 * names an offer of cloud ?{cloud} with the quantity in its bounds.
 */
export function offersWithinBounds(cloud: number, subscriptions: number): string {
  return `NOT EXISTS (
    SELECT 1 FROM json_each(?${subscriptions}) s
    LEFT JOIN offers o ON o.cloud = ?${cloud} AND o.id = json_extract(s.value, '$.offerId')
    WHERE o.id IS NULL OR json_extract(s.value, '$.quantity') NOT BETWEEN o.min_quantity AND o.max_quantity)`;
}

/** SQL: the catalog entries the subscriptions ?{subscriptions} name, as a JSON array. */
export function namedOffers(cloud: number, subscriptions: number): string {
  return `(SELECT json_group_array(json_object('id', o.id, 'min', o.min_quantity, 'max', o.max_quantity))
     FROM offers o
     WHERE o.cloud = ?${cloud} AND o.id IN (SELECT json_extract(value, '$.offerId') FROM json_each(?${subscriptions})))`;
}

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
