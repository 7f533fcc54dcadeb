/**
 * Creating a customer (SPEC §7, `POST /customers`) as one guarded batch: the customer, its admin
 * user, the relationship and delegated admin grant for the calling partner, the subscriptions
 * and the audit record land together or not at all, and the batch itself reports why not.
 */
import { CLOUDS, type CloudId } from "../../../src/domain/clouds.ts";
import {
  companyNameKey,
  type Customer,
  type CustomerCreateRequest,
} from "../../../src/domain/schemas/customer.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { insertAuditWhen, isUniqueViolation, whenAudited } from "../../lib/guarded-write.ts";
import {
  claimKey,
  keyIsOurs,
  releaseKeyUnlessAudited,
  type IdempotencyClaim,
} from "../../lib/idempotency.ts";
import type { FieldIssue } from "../../lib/problem.ts";
import { newId } from "../../lib/crypto.ts";
import { ADDRESS_COLUMNS, addressValues, CONTACT_COLUMNS, contactValues } from "./columns.ts";
import { customerDetailSql, toCustomer, type CustomerRow } from "./repo.ts";
import {
  emailDomainOf,
  isPartnerDomain,
  namedOffers,
  offerIssues,
  offersWithinBounds,
  outsidePartnerDomain,
  PARTNER_DOMAIN_ISSUE,
} from "./rules.ts";

export interface NewCustomer {
  /** ISO 8601 UTC time the request arrived (before the slow password hash). */
  startedAt: string;
  /** ISO 8601 UTC time of the change. */
  now: string;
  cloud: CloudId;
  partnerId: string;
  actorUserId: string;
  requestId: string;
  body: CustomerCreateRequest;
  /** PBKDF2 hash of the admin's temporary password. */
  passwordHash: string;
  idempotency: { key: string; hash: string } | undefined;
}

export type CreateOutcome =
  | { kind: "created" | "replayed"; customer: Customer; userPrincipalName: string }
  | { kind: "key_mismatch" | "key_conflict" | "domain_taken" }
  | { kind: "key_in_flight"; retryAfter: number }
  | { kind: "invalid"; issues: FieldIssue[] };

interface Report {
  created: number;
  key_hash: string | null;
  key_resource_id: string | null;
  key_claimed_at: string | null;
  domain_taken: number;
  partner_email_domain: string | null;
  offers: string;
}

export const DOMAIN_TAKEN_ISSUE: FieldIssue = {
  path: "domainPrefix",
  code: "domain_taken",
  message: "validation.domain_taken",
};

/**
 * How long after the first request with a key committed a duplicate still counts as concurrent.
 * The key is claimed in the very batch that creates the customer (one batch per write), so no
 * "in progress" row is ever visible, and requests that arrive together are run one after another
 * (each hashes a password first, ~0.1 s of CPU). So a duplicate that arrives within this window
 * of the first request's commit is treated as sent while the first was still being processed:
 * 409 `idempotency_in_flight` with `Retry-After` up to the window's end (SPEC §7,
 * draft-ietf-httpapi-idempotency-key-header §2.6). Later, it is a replay.
 */
export const IDEMPOTENCY_IN_FLIGHT_MS = 10_000;

/** Seconds until a duplicate that arrived at `startedAt` may replay, or 0 when it may now. */
function inFlightSeconds(startedAt: string, claimedAt: string | null): number {
  if (claimedAt === null) return 0;
  const remaining = Date.parse(claimedAt) + IDEMPOTENCY_IN_FLIGHT_MS - Date.parse(startedAt);
  return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
}

/** The admin user of a customer: `admin@{domain}`. */
export function adminPrincipalName(domain: string): string {
  return `admin@${domain}`;
}

/**
 * Creates the customer, or reports why not: an `Idempotency-Key` already used (a replay of the
 * same request, or another body), a taken domain, or offers/contact rules broken.
 */
export async function createCustomer(db: D1Database, input: NewCustomer): Promise<CreateOutcome> {
  const { body, partnerId, cloud, now } = input;
  const customerId = newId();
  const auditId = newId();
  const domain = `${body.domainPrefix}.${CLOUDS[cloud].domainSuffix}`;
  const userPrincipalName = adminPrincipalName(domain);
  const emailDomain = emailDomainOf(body.primaryContact.email);
  const subscriptions = body.subscriptions.map((s) => ({
    id: newId(),
    offerId: s.offerId,
    quantity: s.quantity,
  }));
  const subscriptionsJson = JSON.stringify(subscriptions);
  const claim: IdempotencyClaim | undefined = input.idempotency && {
    partnerId,
    key: input.idempotency.key,
    hash: input.idempotency.hash,
    resourceId: customerId,
    now,
  };
  const audit: AuditEntry = {
    id: auditId,
    partnerId,
    actorUserId: input.actorUserId,
    action: "customer.created",
    targetType: "customer",
    targetId: customerId,
    requestId: input.requestId,
    occurredAt: now,
    details: { domain, subscriptions: subscriptions.length },
  };
  // Guard params: ?10 partner, ?11 customer, ?12 key, ?13 domain prefix, ?14 cloud,
  // ?15 subscriptions, ?16 contact email domain.
  const guard = [
    `(?12 IS NULL OR ${keyIsOurs(10, 12, 11)})`,
    "NOT EXISTS (SELECT 1 FROM customers WHERE domain_prefix = ?13)",
    outsidePartnerDomain(10, 16),
    offersWithinBounds(14, 15),
  ].join(" AND ");
  const customerColumns = [
    "id",
    "company_name",
    "company_name_key",
    "domain_prefix",
    "domain",
    ...ADDRESS_COLUMNS,
    ...CONTACT_COLUMNS,
    "language",
    "culture",
    "organization_registration_number",
    "version",
    "created_at",
    "updated_at",
  ];
  const customerValues = [
    customerId,
    body.companyName,
    companyNameKey(body.companyName),
    body.domainPrefix,
    domain,
    ...addressValues(body.address),
    ...contactValues(body.primaryContact),
    body.language,
    body.culture,
    body.organizationRegistrationNumber || null,
    1,
    now,
    now,
  ];
  const statements = [
    ...(claim ? [claimKey(db, claim)] : []),
    insertAuditWhen(db, audit, guard, [
      partnerId,
      customerId,
      claim?.key ?? null,
      body.domainPrefix,
      cloud,
      subscriptionsJson,
      emailDomain,
    ]),
    db
      .prepare(
        `INSERT INTO customers (${customerColumns.join(", ")})
         SELECT ${customerValues.map((_, i) => `?${i + 2}`).join(", ")} WHERE ${whenAudited(1)}`,
      )
      .bind(auditId, ...customerValues),
    db
      .prepare(
        `INSERT INTO users (id, email, display_name, kind, customer_id, roles, password_hash, must_change_password, status, created_at, updated_at)
         SELECT ?2, ?3, ?4, 'customer', ?5, '[]', ?6, 1, 'active', ?7, ?7 WHERE ${whenAudited(1)}`,
      )
      .bind(
        auditId,
        newId(),
        userPrincipalName,
        `${body.companyName} administrator`,
        customerId,
        input.passwordHash,
        now,
      ),
    db
      .prepare(
        `INSERT INTO relationships (id, partner_id, customer_id, indirect_reseller_id, state, company_name_key, domain_prefix, created_at)
         SELECT ?2, ?3, ?4, NULL, 'active', ?5, ?6, ?7 WHERE ${whenAudited(1)}`,
      )
      .bind(
        auditId,
        newId(),
        partnerId,
        customerId,
        companyNameKey(body.companyName),
        body.domainPrefix,
        now,
      ),
    db
      .prepare(
        `INSERT INTO delegated_admin_grants (id, partner_id, customer_id, state, granted_at)
         SELECT ?2, ?3, ?4, 'active', ?5 WHERE ${whenAudited(1)}`,
      )
      .bind(auditId, newId(), partnerId, customerId, now),
    db
      .prepare(
        `INSERT INTO subscriptions (id, customer_id, partner_id, offer_id, quantity, state, created_at, updated_at)
         SELECT json_extract(value, '$.id'), ?2, ?3, json_extract(value, '$.offerId'),
                json_extract(value, '$.quantity'), 'active', ?4, ?4
         FROM json_each(?5) WHERE ${whenAudited(1)}`,
      )
      .bind(auditId, customerId, partnerId, now, subscriptionsJson),
    ...(claim ? [releaseKeyUnlessAudited(db, claim, auditId)] : []),
    db
      .prepare(
        `SELECT ${whenAudited(1)} AS created,
           (SELECT request_hash FROM idempotency_keys WHERE partner_id = ?2 AND key = ?3) AS key_hash,
           (SELECT resource_id FROM idempotency_keys WHERE partner_id = ?2 AND key = ?3) AS key_resource_id,
           (SELECT created_at FROM idempotency_keys WHERE partner_id = ?2 AND key = ?3) AS key_claimed_at,
           EXISTS (SELECT 1 FROM customers WHERE domain_prefix = ?4 AND id <> ?5) AS domain_taken,
           (SELECT email_domain FROM partners WHERE id = ?2) AS partner_email_domain,
           ${namedOffers(6, 7)} AS offers`,
      )
      .bind(
        auditId,
        partnerId,
        claim?.key ?? null,
        body.domainPrefix,
        customerId,
        cloud,
        subscriptionsJson,
      ),
    // The customer answered with: the new one, or the one an earlier use of the key created.
    db
      .prepare(
        customerDetailSql(
          "COALESCE((SELECT k.resource_id FROM idempotency_keys k WHERE k.partner_id = ?1 AND k.key = ?3), ?4)",
        ),
      )
      .bind(partnerId, cloud, claim?.key ?? null, customerId),
  ];

  let results: D1Result[];
  try {
    results = await db.batch(statements);
  } catch (error) {
    // The guard saw no customer with this domain, so only a write between our check and insert
    // could collide; D1 serializes batches, so this is a safety net, and it rolled everything back.
    if (isUniqueViolation(error, ["customers.domain", "users.email"]))
      return { kind: "domain_taken" };
    throw error;
  }
  const report = results.at(-2)?.results[0] as Report | undefined;
  const row = results.at(-1)?.results[0] as CustomerRow | undefined;
  if (!report) throw new Error("create batch returned no report");
  return outcomeOf(report, row, customerId, input, emailDomain);
}

function outcomeOf(
  report: Report,
  row: CustomerRow | undefined,
  customerId: string,
  input: NewCustomer,
  emailDomain: string,
): CreateOutcome {
  const { body } = input;
  if (report.created === 1 && row) {
    return {
      kind: "created",
      customer: toCustomer(row),
      userPrincipalName: adminPrincipalName(row.domain),
    };
  }
  if (report.key_resource_id && report.key_resource_id !== customerId) {
    if (report.key_hash !== input.idempotency?.hash) return { kind: "key_mismatch" };
    // The customer the key created is no longer the partner's (relationship removed).
    if (!row) return { kind: "key_conflict" };
    const retryAfter = inFlightSeconds(input.startedAt, report.key_claimed_at);
    if (retryAfter > 0) return { kind: "key_in_flight", retryAfter };
    return {
      kind: "replayed",
      customer: toCustomer(row),
      userPrincipalName: adminPrincipalName(row.domain),
    };
  }
  const issues = offerIssues(body.subscriptions, report.offers);
  if (report.partner_email_domain && isPartnerDomain(emailDomain, report.partner_email_domain)) {
    issues.push(PARTNER_DOMAIN_ISSUE);
  }
  if (issues.length > 0) {
    return {
      kind: "invalid",
      issues: report.domain_taken === 1 ? [DOMAIN_TAKEN_ISSUE, ...issues] : issues,
    };
  }
  if (report.domain_taken === 1) return { kind: "domain_taken" };
  throw new Error("create batch wrote nothing and reported no reason");
}
