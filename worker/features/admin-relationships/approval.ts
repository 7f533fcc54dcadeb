/**
 * The customer admin's answer to a request (SPEC §6): preview, approve, reject — each one
 * guarded batch and one round trip, found by the hash of the link's token. The customer id
 * comes from the session; the partner and everything else from the stored request.
 *
 * Single use, as invitation acceptance (invitations/accept.ts): the first statement writes the
 * audit record only while the request still waits for its answer, every change after it runs
 * only if that record exists, and D1 runs batches one at a time — of many approvals of one
 * token, the first commits and every later one finds the request decided and writes nothing.
 *
 * Approving sets the end (approval + duration, added by SQLite's date functions), binds the
 * approving customer when the request named none, and in the same batch revokes the partner's
 * legacy delegated admin grant (a "replace with granular" request) or terminates the
 * relationship the request replaces (a bulk role removal).
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import { LOCALES, type Locale } from "../../../src/domain/locales.ts";
import { AUDIT_INTO } from "../../lib/audit.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";
import { whenAudited } from "../../lib/guarded-write.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { prepare, raw, sql, type Sql } from "../../lib/sql.ts";
import {
  RELATIONSHIP_COLUMNS,
  RELATIONSHIP_FROM,
  relationshipAudit,
  type RelationshipRow,
} from "./repo.ts";
import { awaitingSql } from "./state.ts";

/** A fresh approval token: 256 bits from the CSPRNG, 43 base64url characters. */
export function newApprovalToken(): string {
  return randomToken(32);
}

/** What the database keeps of a token; the cloud is part of the hashed text. */
export function approvalTokenHash(cloud: CloudId, token: string): Promise<string> {
  return sha256Hex(`admin-relationship:${cloud}:${token}`);
}

/**
 * The approval link: the customer admin's page of its cloud, in the request's locale, with the
 * token in the fragment (never sent to a server).
 *
 * @example
 * approvalUrl("https://portal.example", "global", "ru-RU", token);
 * // "https://portal.example/global/ru-ru/admin-relationships/approve/#<token>"
 */
export function approvalUrl(origin: string, cloud: CloudId, locale: Locale, token: string): string {
  return `${origin}/${cloud}/${LOCALES[locale].segment}/admin-relationships/approve/#${token}`;
}

export interface Answer {
  tokenHash: string;
  customerId: string;
  actorUserId: string;
  requestId: string;
  auditId: string;
  /** ISO 8601 UTC. */
  now: string;
}

/** The request `a` of the token, as the customer admin of `customerId` may answer it now. */
function answerable(answer: Answer): Sql {
  return sql`a.token_hash = ${answer.tokenHash} AND ${awaitingSql(answer.now)}
    AND (a.customer_id IS NULL OR a.customer_id = ${answer.customerId})
    AND EXISTS (SELECT 1 FROM partners p WHERE p.id = a.partner_id AND p.status = 'active')
    AND EXISTS (SELECT 1 FROM customers WHERE id = ${answer.customerId})`;
}

/** The answer's audit record, over the request `a` it answers. */
function answerAudit(db: D1Database, answer: Answer, action: string, extra: Sql = raw("1")) {
  return relationshipAudit(
    db,
    {
      id: answer.auditId,
      actorUserId: answer.actorUserId,
      action,
      requestId: answer.requestId,
      occurredAt: answer.now,
      details: { customerId: answer.customerId },
    },
    sql`${answerable(answer)} AND ${extra}`,
  );
}

interface AnswerReport extends RelationshipRow {
  answered: number;
  bound_elsewhere: number;
}

/** The report every answer ends with: the request as it is now, and whether the answer took. */
function answerReport(db: D1Database, answer: Answer) {
  return prepare(
    db,
    sql`SELECT ${RELATIONSHIP_COLUMNS}, ${whenAudited(answer.auditId)} AS answered,
         (a.customer_id IS NOT NULL AND a.customer_id <> ${answer.customerId}) AS bound_elsewhere
       FROM ${RELATIONSHIP_FROM} WHERE a.token_hash = ${answer.tokenHash}`,
  );
}

/**
 * The request of a report, or the refusal it calls for: unknown or another customer's → 404;
 * decided → 409; past its 90 days → 410.
 */
function answered(report: AnswerReport | undefined): RelationshipRow {
  if (!report || report.bound_elsewhere === 1) throw notFound();
  if (report.answered === 1) return report;
  // Still unanswered but past its 90 days (or its partner no longer active): gone.
  if (report.status === "created" || report.status === "approval_pending") {
    throw new AppError(410, "admin_relationship_request_expired");
  }
  throw new AppError(409, "admin_relationship_decided");
}

/**
 * What the customer admin is asked; the first look moves the request from `created` to
 * `approval_pending` (recorded in the audit trail). Anything that cannot be answered → 404.
 */
export async function previewRequest(db: D1Database, answer: Answer): Promise<RelationshipRow> {
  const audited = whenAudited(answer.auditId);
  const results = await db.batch([
    answerAudit(db, answer, "adminRelationship.opened", raw("a.status = 'created'")),
    prepare(
      db,
      sql`UPDATE admin_relationships SET status = 'approval_pending', recorded_state = 'approval_pending'
         WHERE token_hash = ${answer.tokenHash} AND ${audited}`,
    ),
    prepare(
      db,
      sql`SELECT ${RELATIONSHIP_COLUMNS} FROM ${RELATIONSHIP_FROM} WHERE ${answerable(answer)}`,
    ),
  ]);
  const row = results.at(-1)?.results[0] as RelationshipRow | undefined;
  if (!row) throw notFound();
  return row;
}

/** Approves the request for the signed-in customer admin; throws 404 / 409 / 410. */
export async function approveRequest(db: D1Database, answer: Answer): Promise<RelationshipRow> {
  const { tokenHash, customerId, now } = answer;
  const audited = whenAudited(answer.auditId);
  const request = sql`(SELECT a.id FROM admin_relationships a WHERE a.token_hash = ${tokenHash})`;
  const replaced = sql`(SELECT a.replaces_id FROM admin_relationships a WHERE a.token_hash = ${tokenHash})`;
  const results = await db.batch([
    answerAudit(db, answer, "adminRelationship.approved"),
    prepare(
      db,
      sql`UPDATE admin_relationships SET status = 'active', recorded_state = 'active',
           customer_id = ${customerId}, decided_at = ${now}, decided_by = ${answer.actorUserId},
           ends_at = strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '+' || duration_years || ' years',
             '+' || duration_months || ' months', '+' || duration_days || ' days')
         WHERE token_hash = ${tokenHash} AND ${audited}`,
    ),
    // "Replace with granular": the legacy grant ends as the granular relationship begins.
    prepare(
      db,
      sql`UPDATE delegated_admin_grants SET state = 'revoked', revoked_at = ${now}
         WHERE customer_id = ${customerId} AND state = 'active' AND partner_id =
           (SELECT a.partner_id FROM admin_relationships a
            WHERE a.token_hash = ${tokenHash} AND a.replaces_delegated_admin = 1)
           AND ${audited}`,
    ),
    // A replacement (bulk role removal) ends the relationship it replaces, for the same customer.
    prepare(
      db,
      sql`INSERT INTO ${AUDIT_INTO}
         SELECT ${answer.auditId} || ':replaced', r.partner_id, ${answer.actorUserId},
           'adminRelationship.terminated', 'admin_relationship', r.id, ${answer.requestId}, ${now},
           json_object('replacedBy', ${request})
         FROM admin_relationships r
         WHERE r.id = ${replaced} AND r.customer_id = ${customerId}
           AND r.status IN ('created', 'approval_pending', 'active') AND ${audited}`,
    ),
    prepare(
      db,
      sql`UPDATE admin_relationships SET status = 'terminated', recorded_state = 'terminated',
           terminated_at = ${now}, terminated_by = ${answer.actorUserId}
         WHERE id = ${replaced}
           AND EXISTS (SELECT 1 FROM audit_records WHERE id = ${answer.auditId} || ':replaced')`,
    ),
    answerReport(db, answer),
  ]);
  return answered(results.at(-1)?.results[0] as AnswerReport | undefined);
}

/** Rejects the request for the signed-in customer admin; throws 404 / 409 / 410. */
export async function rejectRequest(db: D1Database, answer: Answer): Promise<RelationshipRow> {
  const audited = whenAudited(answer.auditId);
  const results = await db.batch([
    answerAudit(db, answer, "adminRelationship.rejected"),
    prepare(
      db,
      sql`UPDATE admin_relationships SET status = 'rejected', recorded_state = 'rejected',
           customer_id = ${answer.customerId}, decided_at = ${answer.now}, decided_by = ${answer.actorUserId}
         WHERE token_hash = ${answer.tokenHash} AND ${audited}`,
    ),
    answerReport(db, answer),
  ]);
  return answered(results.at(-1)?.results[0] as AnswerReport | undefined);
}
