/**
 * Updating a customer (SPEC §7, `PATCH /customers/{id}`) as one guarded batch: the change, the
 * copies of the name key on every relationship, and the audit record, only if the customer is
 * the caller's, the `If-Match` version is current and the stored country accepts the change.
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import {
  countriesAccepting,
  countryIssues,
  isCountryCode,
  type CountryProfile,
} from "../../../src/domain/countries.ts";
import type { Customer, CustomerUpdateRequest } from "../../../src/domain/schemas/customer.ts";
import { newId } from "../../lib/crypto.ts";
import type { FieldIssue } from "../../lib/problem.ts";
import { toCustomer, updateCustomerRow } from "./repo.ts";
import { emailDomainOf, isPartnerDomain, PARTNER_DOMAIN_ISSUE } from "./rules.ts";

export interface CustomerChange {
  /** ISO 8601 UTC time of the change. */
  now: string;
  cloud: CloudId;
  partnerId: string;
  actorUserId: string;
  requestId: string;
  customerId: string;
  /** From `If-Match`: a version, any (`*`), or none of ours (matches nothing). */
  expected: number | "*" | null;
  body: CustomerUpdateRequest;
}

export type UpdateOutcome =
  | { kind: "updated"; customer: Customer; version: number }
  | { kind: "not_found" | "stale" }
  | { kind: "invalid" | "read_only"; issues: FieldIssue[] };

/** The country-dependent groups the update sends (what the stored country must accept). */
function profileOf(body: CustomerUpdateRequest): CountryProfile {
  const profile: CountryProfile = {};
  if (body.address) profile.address = body.address;
  if (body.culture !== undefined) profile.culture = body.culture;
  if (body.primaryContact) profile.phone = body.primaryContact.phone || null;
  if ("organizationRegistrationNumber" in body) {
    profile.organizationRegistrationNumber = body.organizationRegistrationNumber || null;
  }
  return profile;
}

/** Applies the change, or reports why not (not theirs, stale version, rules of the country). */
export async function updateCustomer(
  db: D1Database,
  change: CustomerChange,
): Promise<UpdateOutcome> {
  const { body, partnerId, customerId, cloud, now } = change;
  const profile = profileOf(body);
  // Without reading the customer first: the countries whose rules this change meets. The
  // address carries its (unchangeable) country; otherwise any country may do.
  const countries = body.address
    ? [body.address.country]
    : Object.keys(profile).length > 0
      ? countriesAccepting(profile)
      : null;
  const emailDomain = body.primaryContact ? emailDomainOf(body.primaryContact.email) : null;
  const { report, row } = await updateCustomerRow(db, {
    audit: {
      id: newId(),
      partnerId,
      actorUserId: change.actorUserId,
      action: "customer.updated",
      targetType: "customer",
      targetId: customerId,
      requestId: change.requestId,
      occurredAt: now,
      details: { fields: Object.keys(body) },
    },
    cloud,
    partnerId,
    customerId,
    body,
    // A tag that is none of ours matches no version.
    version: change.expected === "*" ? null : (change.expected ?? -1),
    countries,
    emailDomain,
  });
  if (!report) throw new Error("update batch returned no report");
  if (report.updated === 1 && row)
    return { kind: "updated", customer: toCustomer(row), version: row.version };
  if (report.version === null || report.country === null) return { kind: "not_found" };
  if (change.expected !== "*" && report.version !== change.expected) return { kind: "stale" };
  if (body.address && body.address.country !== report.country) {
    return {
      kind: "read_only",
      issues: [{ path: "address.country", code: "read_only", message: "validation.read_only" }],
    };
  }
  const issues: FieldIssue[] = isCountryCode(report.country)
    ? countryIssues(report.country, profile).map((issue) => ({
        path: issue.path.join("."),
        code: issue.code,
        message: issue.message as FieldIssue["message"],
        ...(issue.values ? { values: issue.values } : {}),
      }))
    : [
        {
          path: "address.country",
          code: "country_unsupported",
          message: "validation.country_unsupported",
        },
      ];
  if (
    emailDomain &&
    report.partner_email_domain &&
    isPartnerDomain(emailDomain, report.partner_email_domain)
  ) {
    issues.push(PARTNER_DOMAIN_ISSUE);
  }
  if (issues.length === 0) throw new Error("update batch wrote nothing and reported no reason");
  return { kind: "invalid", issues };
}
