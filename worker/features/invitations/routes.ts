import { createRoute, z } from "@hono/zod-openapi";
import { CLOUDS, hasFeature } from "../../../src/domain/clouds.ts";
import {
  AcceptedInvitation,
  CreatedInvitation,
  CreateInvitationRequest,
  InvitationList,
  InvitationListQuery,
  type Invitation,
  InvitationPreview,
  InvitationTokenRequest,
} from "../../../src/domain/schemas/invitation.ts";
import { currentPrincipal, partnerStaff, requirePermission } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import { requireFeature } from "../../lib/cloud.ts";
import { newId } from "../../lib/crypto.ts";
import { keysetJsonPage } from "../../lib/keyset-page.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonAnswer, jsonBody, problems } from "../../lib/route.ts";
import { raw } from "../../lib/sql.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { customerIdOf, requireCustomerAdmin } from "../../lib/customer-admin.ts";
import { acceptInvitation } from "./accept.ts";
import { publicOrigin } from "../../lib/middleware.ts";
import { invitationEmail } from "./email.ts";
import { findPreview, insertInvitation, invitationRows, revokeInvitation } from "./repo.ts";
import { invitationTtlMs, invitationUrl, newInvitationToken, tokenHash } from "./token.ts";

const tags = ["Invitations"];
const invitations = requireFeature("resellerInvitations");

const createInvitation = createRoute({
  method: "post",
  path: "/invitations",
  summary: "Create an invitation to a reseller relationship (optionally with an indirect provider)",
  tags,
  middleware: [invitations, requirePermission("invitations.write"), limitWrites],
  request: { body: jsonBody(CreateInvitationRequest) },
  responses: {
    201: json(CreatedInvitation, "Created; the token is in `url` only here"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const listInvitations = createRoute({
  method: "get",
  path: "/invitations",
  summary: "The partner's invitations, newest first",
  tags,
  // Every partner role may see the invitations (SPEC §6 lists only writes as restricted).
  middleware: [invitations, requirePermission("customers.read")],
  request: { query: InvitationListQuery },
  responses: { 200: json(InvitationList, "One page"), ...problems(400, 401, 403, 404) },
});

const previewInvitation = createRoute({
  method: "post",
  path: "/invitations/preview",
  summary: "Who invites the customer (no session needed)",
  tags,
  middleware: [invitations],
  request: { body: jsonBody(InvitationTokenRequest) },
  responses: {
    200: json(InvitationPreview, "The invitation can be accepted"),
    ...problems(400, 403, 404, 413, 415),
  },
});

const acceptInvitationRoute = createRoute({
  method: "post",
  path: "/invitations/accept",
  summary: "Accept an invitation (a customer's admin)",
  tags,
  middleware: [invitations, requireCustomerAdmin, limitWrites],
  request: { body: jsonBody(InvitationTokenRequest) },
  responses: {
    200: json(AcceptedInvitation, "Relationships created, with delegated admin"),
    ...problems(400, 401, 403, 404, 409, 410, 413, 415, 429),
  },
});

const revokeInvitationRoute = createRoute({
  method: "delete",
  path: "/invitations/{id}",
  summary: "Revoke a pending invitation",
  tags,
  middleware: [invitations, requirePermission("invitations.write"), limitWrites],
  request: {
    params: z.object({ id: z.guid().transform((id) => id.toLowerCase()) }),
  },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 409, 429) },
});

/**
 * `/api/v1/{cloud}/invitations…`: partners create, list and revoke invitations; a customer's
 * admin previews and accepts one by its token (SPEC §7).
 */
export const invitationRoutes = apiRoutes()
  .openapi(createInvitation, async (c) => {
    const { locale, indirectProviderId } = c.req.valid("json");
    const cloud = c.get("cloud");
    if (indirectProviderId && !hasFeature(cloud, "indirectInvitations")) {
      throw new AppError(404, "feature_unavailable", {
        values: { cloud: CLOUDS[cloud].names[c.get("locale")] },
      });
    }
    const principal = partnerStaff(c.get("principal"));
    const { partnerId } = principal;
    const now = c.var.now();
    const createdAt = new Date(now).toISOString();
    const expiresAt = new Date(now + invitationTtlMs(c.env.INVITATION_TTL_DAYS)).toISOString();
    const token = newInvitationToken();
    const id = newId();
    const providerId = indirectProviderId?.toLowerCase() ?? null;
    const outcome = await insertInvitation(
      c.get("db"),
      {
        id,
        partnerId,
        providerId,
        locale,
        tokenHash: await tokenHash(cloud, token),
        // A user: for an API key, the global admin who made it.
        createdBy: principal.apiKey?.createdBy ?? principal.userId,
        createdAt,
        expiresAt,
      },
      {
        id: newId(),
        partnerId,
        actorUserId: principal.userId,
        action: "invitation.created",
        targetType: "invitation",
        targetId: id,
        requestId: c.get("requestId"),
        occurredAt: createdAt,
        details: { locale, indirectProviderId: providerId },
      },
    );
    if (outcome.kind === "provider_not_linked") {
      throw new AppError(400, "provider_not_linked", {
        errors: [
          {
            path: "indirectProviderId",
            code: "provider_not_linked",
            message: "validation.provider_not_linked",
          },
        ],
      });
    }
    const url = invitationUrl(publicOrigin(c.env), cloud, locale, token);
    const email = invitationEmail({
      cloud,
      locale,
      partnerName: outcome.partnerName,
      providerName: outcome.providerName,
      url,
      expiresAt,
    });
    // The token is in this answer only: no cache may keep it.
    c.header("Cache-Control", "no-store");
    return c.json(CreatedInvitation.parse({ id, url, expiresAt, email }), 201);
  })
  .openapi(listInvitations, async (c) => {
    const query = c.req.valid("query");
    const { partnerId } = partnerStaff(c.get("principal"));
    const db = c.get("db");
    const now = nowIso(c.var.now);
    const page = await keysetJsonPage<Invitation>({
      env: c.env,
      db,
      scope: {
        list: "invitations",
        cloud: c.get("cloud"),
        partner: partnerId,
        state: query.state,
      },
      cursor: query.cursor,
      limit: query.limit,
      rows: (after, limit) => invitationRows({ partnerId, now, state: query.state, after, limit }),
      order: raw("created_at DESC, id DESC"),
      positionColumns: raw("created_at, id"),
    });
    c.header("Cache-Control", "no-store");
    return jsonAnswer(c, page);
  })
  .openapi(previewInvitation, async (c) => {
    const { token } = c.req.valid("json");
    const cloud = c.get("cloud");
    const row = await findPreview(c.get("db"), await tokenHash(cloud, token), nowIso(c.var.now));
    // Unknown, expired, revoked or used: one answer, after the same hash and query.
    if (!row) throw notFound();
    c.header("Cache-Control", "no-store");
    return c.json(
      InvitationPreview.parse({
        partner: { name: row.partner_name },
        indirectProvider: row.provider_name === null ? null : { name: row.provider_name },
        locale: row.locale,
        expiresAt: row.expires_at,
      }),
      200,
    );
  })
  .openapi(acceptInvitationRoute, async (c) => {
    const { token } = c.req.valid("json");
    const principal = currentPrincipal(c.get("principal"));
    const cloud = c.get("cloud");
    const accepted = await acceptInvitation(c.get("db"), {
      tokenHash: await tokenHash(cloud, token),
      customerId: customerIdOf(principal),
      actorUserId: principal.userId,
      requestId: c.get("requestId"),
      now: nowIso(c.var.now),
      singlePartner: !hasFeature(cloud, "multipartner"),
      cloudName: CLOUDS[cloud].names[c.get("locale")],
    });
    c.header("Cache-Control", "no-store");
    return c.json(AcceptedInvitation.parse(accepted), 200);
  })
  .openapi(revokeInvitationRoute, async (c) => {
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const invitationId = c.req.valid("param").id;
    const outcome = await revokeInvitation(c.get("db"), partnerId, invitationId, {
      id: newId(),
      partnerId,
      actorUserId: userId,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: invitationId,
      requestId: c.get("requestId"),
      occurredAt: nowIso(c.var.now),
    });
    if (outcome === "not_found") throw notFound();
    if (outcome === "accepted") throw new AppError(409, "invitation_used");
    return c.body(null, 204);
  });
