/**
 * The email draft a partner sends with an admin relationship request: in the request's locale,
 * naming the partner, the roles asked for, the duration and the approval link.
 */
import { CLOUDS, type CloudId } from "../../../src/domain/clouds.ts";
import { durationWords } from "../../../src/domain/durations.ts";
import { translator, type MessageKey } from "../../../src/domain/i18n.ts";
import { LOCALES, type Locale } from "../../../src/domain/locales.ts";
import { approvalUrl } from "./approval.ts";
import type { NewRelationship } from "./repo.ts";

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
    duration: durationWords(input.duration, LOCALES[input.locale].intl),
    url: input.url,
    expiresAt,
  };
  return {
    subject: t("adminRelationships.email.subject", values),
    body: t("adminRelationships.email.body", values),
  };
}

/** A stored request as a report shows it: its id, its approval link and its email draft. */
export interface RequestLink {
  id: string;
  url: string;
  email: { subject: string; body: string };
}

/**
 * The approval link and email draft of `relationship`, a request just stored with the approval
 * token `token` — the single create, a bulk role removal's replacement, a "replace with
 * granular" request: each in the request's own locale.
 */
export function requestLink(input: {
  cloud: CloudId;
  origin: string;
  partnerName: string;
  token: string;
  relationship: Pick<
    NewRelationship,
    "id" | "locale" | "displayName" | "roles" | "duration" | "requestExpiresAt"
  >;
}): RequestLink {
  const { cloud, relationship } = input;
  const url = approvalUrl(input.origin, cloud, relationship.locale, input.token);
  return {
    id: relationship.id,
    url,
    email: requestEmail({
      cloud,
      locale: relationship.locale,
      partnerName: input.partnerName,
      displayName: relationship.displayName,
      roles: relationship.roles,
      duration: relationship.duration,
      url,
      requestExpiresAt: relationship.requestExpiresAt,
    }),
  };
}
