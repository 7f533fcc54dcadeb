import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { PartnerStatus } from "../../../src/domain/schemas/operator.ts";
import {
  OnboardedPartner,
  OnboardPartnerRequest,
  OperatorPartner,
  OperatorPartnerDetail,
  OperatorPartnerList,
  OperatorPartnerListQuery,
  RenamePartnerRequest,
} from "../../../src/domain/schemas/operator.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { issueTemporaryPassword } from "../../lib/temporary-password.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { operatorOf, requireOperator } from "./access.ts";
import {
  findPartnerDetail,
  insertOnboarding,
  partnerNameKey,
  partnerPage,
  renamePartner,
  setPartnerStatus,
  toOperatorPartner,
  type PartnerChangeOutcome,
} from "./repo.ts";

/** The partner of `/operator/partners/{id}…`: one of our ids (anything else is a 404). */
export const PartnerParams = z.object({
  id: z
    .guid()
    .transform((id) => id.toLowerCase())
    .openapi({ param: { description: "The partner's id" } }),
});

/**
 * The audit record of an operator's change to partner `partnerId`: the operator is the actor,
 * and it is filed under the partner, so the partner's own log shows it too.
 */
export function operatorAudit(
  c: Context<AppEnv>,
  partnerId: string,
  action: string,
  targetId: string,
  details: Record<string, unknown> = {},
): AuditEntry {
  return {
    id: newId(),
    partnerId,
    actorUserId: operatorOf(c.get("principal")).userId,
    action,
    targetType: "partner",
    targetId,
    requestId: c.get("requestId"),
    occurredAt: nowIso(c.var.now),
    details,
  };
}

const tags = ["Operator"];
const reads = [requireOperator];
const writes = [requireOperator, limitWrites];

const listPartners = createRoute({
  method: "get",
  path: "/operator/partners",
  summary:
    "The cloud's partners by name (cloud operators): name prefix `q`, type and status filters, keyset pages",
  tags,
  middleware: reads,
  request: { query: OperatorPartnerListQuery },
  responses: { 200: json(OperatorPartnerList, "A page"), ...problems(400, 401, 403, 404) },
});

const onboardPartner = createRoute({
  method: "post",
  path: "/operator/partners",
  summary:
    "Onboard a partner with its first global admin (a temporary password, shown only in this answer)",
  tags,
  middleware: writes,
  request: { body: jsonBody(OnboardPartnerRequest) },
  responses: {
    201: json(OnboardedPartner, "Onboarded; the admin must change the password at first sign-in"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const getPartner = createRoute({
  method: "get",
  path: "/operator/partners/{id}",
  summary: "A partner of the cloud, with counts of its users, customers and links",
  tags,
  middleware: reads,
  request: { params: PartnerParams },
  responses: { 200: json(OperatorPartnerDetail, "The partner"), ...problems(401, 403, 404) },
});

function statusRoute<P extends string>(path: P, summary: string) {
  return createRoute({
    method: "post",
    path,
    summary,
    tags,
    middleware: writes,
    request: { params: PartnerParams },
    responses: {
      200: json(OperatorPartner, "Changed"),
      ...problems(401, 403, 404, 409, 415, 429),
    },
  });
}

const suspendPartner = statusRoute(
  "/operator/partners/{id}/suspend",
  "Suspend a partner: its users cannot sign in and their sessions end at once; its customers' data stays",
);

const reactivatePartner = statusRoute(
  "/operator/partners/{id}/reactivate",
  "Reactivate a suspended partner: its users can sign in again",
);

const renamePartnerRoute = createRoute({
  method: "put",
  path: "/operator/partners/{id}/name",
  summary: "Rename a partner",
  tags,
  middleware: writes,
  request: { params: PartnerParams, body: jsonBody(RenamePartnerRequest) },
  responses: {
    200: json(OperatorPartner, "Renamed (or already so named)"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

/** The partner a change left, or the problem of a change that found nothing to do. */
function changed(outcome: PartnerChangeOutcome, unchanged?: AppError): OperatorPartner {
  if (outcome.kind === "not_found") throw notFound();
  if (outcome.kind === "unchanged" && unchanged) throw unchanged;
  return toOperatorPartner(outcome.partner);
}

async function changeStatus(c: Context<AppEnv>, id: string, status: PartnerStatus) {
  const action = status === "active" ? "partner.reactivated" : "partner.suspended";
  const outcome = await setPartnerStatus(c.get("db"), id, status, operatorAudit(c, id, action, id));
  const code = status === "active" ? "partner_already_active" : "partner_already_suspended";
  c.header("Cache-Control", "no-store");
  return changed(outcome, new AppError(409, code));
}

/**
 * `/api/v1/{cloud}/operator/partners…`: the cloud operator's partners — list and search,
 * onboard, view with counts, suspend, reactivate, rename (SPEC §6, Cloud operator).
 */
export const operatorPartnerRoutes = apiRoutes()
  .openapi(listPartners, async (c) => {
    const query = c.req.valid("query");
    const q = query.q ? partnerNameKey(query.q) : undefined;
    const filters = {
      ...(q ? { q } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const db = c.get("db");
    const page = await keysetPage({
      env: c.env,
      scope: { list: "operator-partners", cloud: c.get("cloud"), ...filters },
      cursor: query.cursor,
      limit: query.limit,
      rows: (after, limit) => partnerPage(db, filters, after, limit),
      position: (row) => [row.name_key, row.id],
      item: toOperatorPartner,
    });
    c.header("Cache-Control", "no-store");
    return c.json(OperatorPartnerList.parse(page), 200);
  })
  .openapi(onboardPartner, async (c) => {
    const body = c.req.valid("json");
    const partnerId = newId();
    const adminId = newId();
    const { password, passwordHash } = await issueTemporaryPassword(c.env);
    const outcome = await insertOnboarding(c.get("db"), {
      partner: { id: partnerId, name: body.name, type: body.type, emailDomain: body.emailDomain },
      admin: { id: adminId, name: body.admin.name, email: body.admin.email, passwordHash },
      now: nowIso(c.var.now),
      audit: operatorAudit(c, partnerId, "partner.onboarded", partnerId, {
        type: body.type,
        emailDomain: body.emailDomain,
        adminUserId: adminId,
      }),
    });
    if (outcome.kind === "domain_taken") {
      throw new AppError(409, "partner_domain_taken", { values: { domain: body.emailDomain } });
    }
    if (outcome.kind === "email_taken") throw new AppError(409, "email_taken");
    c.header("Location", `/api/v1/${c.get("cloud")}/operator/partners/${partnerId}`);
    c.header("Cache-Control", "no-store");
    return c.json(
      OnboardedPartner.parse({
        partner: toOperatorPartner(outcome.partner),
        adminAccount: {
          id: adminId,
          userPrincipalName: body.admin.email,
          temporaryPassword: password,
        },
      }),
      201,
    );
  })
  .openapi(getPartner, async (c) => {
    const partner = await findPartnerDetail(c.get("db"), c.req.valid("param").id);
    if (!partner) throw notFound();
    c.header("Cache-Control", "no-store");
    return c.json(OperatorPartnerDetail.parse(partner), 200);
  })
  .openapi(suspendPartner, async (c) =>
    c.json(await changeStatus(c, c.req.valid("param").id, "suspended"), 200),
  )
  .openapi(reactivatePartner, async (c) =>
    c.json(await changeStatus(c, c.req.valid("param").id, "active"), 200),
  )
  .openapi(renamePartnerRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { name } = c.req.valid("json");
    const outcome = await renamePartner(
      c.get("db"),
      id,
      name,
      operatorAudit(c, id, "partner.renamed", id, { name }),
    );
    c.header("Cache-Control", "no-store");
    return c.json(changed(outcome), 200);
  });
