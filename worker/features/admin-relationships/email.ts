/**
 * The email draft a partner sends with an admin relationship request: in the request's locale,
 * naming the partner, the roles asked for, the duration and the approval link.
 */
import { CLOUDS, type CloudId } from "../../../src/domain/clouds.ts";
import { translator, type MessageKey } from "../../../src/domain/i18n.ts";
import { LOCALES, type Locale } from "../../../src/domain/locales.ts";

export interface RequestDraftInput {
  cloud: CloudId;
  locale: Locale;
  partnerName: string;
  displayName: string;
  roles: readonly string[];
  duration: string;
  url: string;
  /** ISO 8601 UTC: the end of the 90 days the request waits. */
  requestExpiresAt: string;
}

/**
 * The subject and plain-text body of the request email.
 *
 * @example
 * requestEmail({ cloud: "global", locale: "ru-RU", partnerName: "Contoso", … }).subject;
 * // "Contoso запрашивает права администратора в вашей организации"
 */
export function requestEmail(input: RequestDraftInput): { subject: string; body: string } {
  const t = translator(input.locale);
  const expiresAt = new Intl.DateTimeFormat(LOCALES[input.locale].intl, {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date(input.requestExpiresAt));
  const roles = input.roles
    .map((role) => `- ${t(`adminRelationships.role.${role}.name` as MessageKey)}`)
    .join("\n");
  const values = {
    partner: input.partnerName,
    name: input.displayName,
    cloud: CLOUDS[input.cloud].names[input.locale],
    roles,
    duration: input.duration,
    url: input.url,
    expiresAt,
  };
  return {
    subject: t("adminRelationships.email.subject", values),
    body: t("adminRelationships.email.body", values),
  };
}
