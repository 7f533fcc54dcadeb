/**
 * Creating a customer (SPEC §7, `POST /customers`) as one guarded batch: the customer, its admin
 * user, the relationship and delegated admin grant for the calling partner, the subscriptions
 * and the audit record land together or not at all, and the batch itself reports why not.
 */
import { CLOUDS, type CloudId } from "../../../src/domain/clouds.ts";
import type { Customer, CustomerCreateRequest } from "../../../src/domain/schemas/customer.ts";
import { newId } from "../../lib/crypto.ts";
import { isUniqueViolation } from "../../lib/guarded-write.ts";
import type { IdempotencyClaim } from "../../lib/idempotency.ts";
import type { FieldIssue } from "../../lib/problem.ts";
import { insertCustomer, toCustomer, type CreateReport, type CustomerRow } from "./repo.ts";
import { emailDomainOf, isPartnerDomain, offerIssues, PARTNER_DOMAIN_ISSUE } from "./rules.ts";

export interface NewCustomer {
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
  | { kind: "invalid"; issues: FieldIssue[] };

export const DOMAIN_TAKEN_ISSUE: FieldIssue = {
  path: "domainPrefix",
  code: "domain_taken",
  message: "validation.domain_taken",
};

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
  const domain = `${body.domainPrefix}.${CLOUDS[cloud].domainSuffix}`;
  const emailDomain = emailDomainOf(body.primaryContact.email);
  const subscriptions = body.subscriptions.map((s) => ({
    id: newId(),
    offerId: s.offerId,
    quantity: s.quantity,
  }));
  const claim: IdempotencyClaim | undefined = input.idempotency && {
    partnerId,
    key: input.idempotency.key,
    hash: input.idempotency.hash,
    resourceId: customerId,
    now,
  };
  let written: Awaited<ReturnType<typeof insertCustomer>>;
  try {
    written = await insertCustomer(db, {
      audit: {
        id: newId(),
        partnerId,
        actorUserId: input.actorUserId,
        action: "customer.created",
        targetType: "customer",
        targetId: customerId,
        requestId: input.requestId,
        occurredAt: now,
        details: { domain, subscriptions: subscriptions.length },
      },
      cloud,
      partnerId,
      customerId,
      domain,
      userPrincipalName: adminPrincipalName(domain),
      body,
      subscriptions: JSON.stringify(subscriptions),
      emailDomain,
      passwordHash: input.passwordHash,
      claim,
    });
  } catch (error) {
    // The guard saw no customer with this domain, so only a write between our check and insert
    // could collide; D1 serializes batches, so this is a safety net, and it rolled everything back.
    if (isUniqueViolation(error, ["customers.domain", "users.email"]))
      return { kind: "domain_taken" };
    throw error;
  }
  const { report, row } = written;
  if (!report) throw new Error("create batch returned no report");
  return outcomeOf(report, row, customerId, body, input.idempotency?.hash, emailDomain);
}

function outcomeOf(
  report: CreateReport,
  row: CustomerRow | undefined,
  customerId: string,
  body: CustomerCreateRequest,
  hash: string | undefined,
  emailDomain: string,
): CreateOutcome {
  if (report.created === 1 && row) {
    return {
      kind: "created",
      customer: toCustomer(row),
      userPrincipalName: adminPrincipalName(row.domain),
    };
  }
  if (report.key_resource_id && report.key_resource_id !== customerId) {
    if (report.key_hash !== hash) return { kind: "key_mismatch" };
    // The customer the key created is no longer the partner's (relationship removed).
    if (!row) return { kind: "key_conflict" };
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
