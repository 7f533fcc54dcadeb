/**
 * The email draft a partner sends with an invitation (SPEC §7): in the invitation's locale,
 * naming the partner (and its indirect provider), with the personal link and the expiry.
 */
import { CLOUDS, type CloudId } from "../../../src/domain/clouds.ts";
import { translator } from "../../../src/domain/i18n.ts";
import { LOCALES, type Locale } from "../../../src/domain/locales.ts";
import type { InvitationEmail } from "../../../src/domain/schemas/invitation.ts";

export interface DraftInput {
  cloud: CloudId;
  locale: Locale;
  partnerName: string;
  /** The indirect provider invited with the partner, if any. */
  providerName: string | null;
  url: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
}

/**
 * The subject and plain-text body of the invitation email.
 *
 * @example
 * invitationEmail({ cloud: "global", locale: "fr-FR", partnerName: "Fabrikam", providerName: null, url, expiresAt });
 * // { subject: "Fabrikam vous invite à établir une relation de revendeur", body: "Bonjour, …" }
 */
export function invitationEmail(input: DraftInput): InvitationEmail {
  const t = translator(input.locale);
  const expiresAt = new Intl.DateTimeFormat(LOCALES[input.locale].intl, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(input.expiresAt));
  const values = {
    partner: input.partnerName,
    provider: input.providerName,
    cloud: CLOUDS[input.cloud].names[input.locale],
    url: input.url,
    expiresAt,
  };
  return input.providerName === null
    ? {
        subject: t("email.invitation.subject", values),
        body: t("email.invitation.body", values),
      }
    : {
        subject: t("email.invitation.subjectIndirect", values),
        body: t("email.invitation.bodyIndirect", values),
      };
}
