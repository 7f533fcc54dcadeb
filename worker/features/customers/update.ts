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
import {
  companyNameKey,
  type Customer,
  type CustomerUpdateRequest,
} from "../../../src/domain/schemas/customer.ts";
import { newId } from "../../lib/crypto.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import type { FieldIssue } from "../../lib/problem.ts";
import { ADDRESS_COLUMNS, addressValues, CONTACT_COLUMNS, contactValues } from "./columns.ts";
import { customerDetailSql, toCustomer, type CustomerRow } from "./repo.ts";
import {
  emailDomainOf,
  isPartnerDomain,
  outsidePartnerDomain,
  PARTNER_DOMAIN_ISSUE,
} from "./rules.ts";

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

interface Report {
  updated: number;
  version: number | null;
  country: string | null;
  partner_email_domain: string | null;
}

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
  const auditId = newId();
  const profile = profileOf(body);
  // Without reading the customer first: the countries whose rules this change meets. The
  // address carries its (unchangeable) country; otherwise any country may do.
  const countries = body.address
    ? [body.address.country]
    : Object.keys(profile).length > 0
      ? countriesAccepting(profile)
      : null;
  const emailDomain = body.primaryContact ? emailDomainOf(body.primaryContact.email) : null;
  const expectedVersion = change.expected === "*" ? null : (change.expected ?? -1);

  const assignments: [string, unknown][] = [];
  if (body.companyName !== undefined) {
    assignments.push(
      ["company_name", body.companyName],
      ["company_name_key", companyNameKey(body.companyName)],
    );
  }
  if (body.address) {
    const values = addressValues(body.address);
    ADDRESS_COLUMNS.forEach((column, i) => assignments.push([column, values[i]]));
  }
  if (body.primaryContact) {
    const values = contactValues(body.primaryContact);
    CONTACT_COLUMNS.forEach((column, i) => assignments.push([column, values[i]]));
  }
  if (body.language !== undefined) assignments.push(["language", body.language]);
  if (body.culture !== undefined) assignments.push(["culture", body.culture]);
  if ("organizationRegistrationNumber" in body) {
    assignments.push([
      "organization_registration_number",
      body.organizationRegistrationNumber || null,
    ]);
  }

  // Guard params: ?10 partner, ?11 customer, ?12 version (NULL: any), ?13 countries (NULL: any),
  // ?14 contact email domain (NULL: contact unchanged).
  const guard = `EXISTS (
      SELECT 1 FROM relationships r JOIN customers c ON c.id = r.customer_id
      WHERE r.partner_id = ?10 AND r.customer_id = ?11 AND r.state = 'active'
        AND (?12 IS NULL OR c.version = ?12)
        AND (?13 IS NULL OR c.country IN (SELECT value FROM json_each(?13))))
    AND (?14 IS NULL OR ${outsidePartnerDomain(10, 14)})`;
  const visible = `FROM relationships r JOIN customers c ON c.id = r.customer_id
      WHERE r.partner_id = ?2 AND r.customer_id = ?3 AND r.state = 'active'`;
  const statements = [
    insertAuditWhen(
      db,
      {
        id: auditId,
        partnerId,
        actorUserId: change.actorUserId,
        action: "customer.updated",
        targetType: "customer",
        targetId: customerId,
        requestId: change.requestId,
        occurredAt: now,
        details: { fields: Object.keys(body) },
      },
      guard,
      [partnerId, customerId, expectedVersion, countries && JSON.stringify(countries), emailDomain],
    ),
    db
      .prepare(
        `UPDATE customers SET ${assignments.map(([column], i) => `${column} = ?${i + 4}`).join(", ")},
           version = version + 1, updated_at = ?3
         WHERE id = ?2 AND ${whenAudited(1)}`,
      )
      .bind(auditId, customerId, now, ...assignments.map(([, value]) => value)),
    ...(body.companyName !== undefined
      ? [
          db
            .prepare(
              `UPDATE relationships SET company_name_key = ?3 WHERE customer_id = ?2 AND ${whenAudited(1)}`,
            )
            .bind(auditId, customerId, companyNameKey(body.companyName)),
        ]
      : []),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS updated, (SELECT c.version ${visible}) AS version,
           (SELECT c.country ${visible}) AS country,
           (SELECT email_domain FROM partners WHERE id = ?2) AS partner_email_domain`,
      )
      .bind(auditId, partnerId, customerId),
    db.prepare(customerDetailSql("?3")).bind(partnerId, cloud, customerId),
  ];
  const results = await db.batch(statements);
  const report = results.at(-2)?.results[0] as Report | undefined;
  const row = results.at(-1)?.results[0] as CustomerRow | undefined;
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
