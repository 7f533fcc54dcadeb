import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { CLOUDS, hasFeature } from "../../../src/domain/clouds.ts";
import {
  AcceptedInvitation,
  CreatedInvitation,
  CreateInvitationRequest,
  InvitationList,
  InvitationListQuery,
  InvitationPreview,
  InvitationTokenRequest,
} from "../../../src/domain/schemas/invitation.ts";
import { currentPrincipal, requirePermission, type Principal } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import { requireFeature } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";
import { newId } from "../../lib/crypto.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { jsonBody, queryParams } from "../../lib/validate.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { keysetPage } from "../partners/keyset-page.ts";
import { acceptInvitation } from "./accept.ts";
import { publicOrigin } from "../../lib/middleware.ts";
import { invitationEmail } from "./email.ts";
import {
  findPreview,
  insertInvitation,
  invitationPage,
  revokeInvitation,
  toInvitation,
} from "./repo.ts";
import { invitationTtlMs, invitationUrl, newInvitationToken, tokenHash } from "./token.ts";

/** The caller's partner id; `requirePermission` has made sure the caller is partner staff. */
function partnerIdOf(principal: Principal | undefined): string {
  const partnerId = principal?.partnerId;
  if (!partnerId) throw new AppError(403, "forbidden");
  return partnerId;
}

/** The signed-in customer admin's customer id: 401 without a session, 403 for partner staff. */
function customerIdOf(principal: Principal | undefined): string {
  const caller = currentPrincipal(principal);
  if (caller.kind !== "customer" || !caller.customerId) throw new AppError(403, "forbidden");
  return caller.customerId;
}

/** Middleware: only a customer's admin accepts invitations addressed to their customer. */
const requireCustomerAdmin = createMiddleware<AppEnv>(async (c, next) => {
  customerIdOf(c.get("principal"));
  await next();
});

/**
 * `/api/v1/{cloud}/invitations…`: partners create, list and revoke invitations; a customer's
 * admin previews and accepts one by its token (SPEC §7).
 */
export const invitationRoutes = new Hono<AppEnv>()
  .post(
    "/invitations",
    requireFeature("resellerInvitations"),
    requirePermission("invitations.write"),
    limitWrites,
    jsonBody(CreateInvitationRequest),
    async (c) => {
      const { locale, indirectProviderId } = c.req.valid("json");
      const cloud = c.get("cloud");
      if (indirectProviderId && !hasFeature(cloud, "indirectInvitations")) {
        throw new AppError(404, "feature_unavailable", {
          values: { cloud: CLOUDS[cloud].names[c.get("locale")] },
        });
      }
      const principal = currentPrincipal(c.get("principal"));
      const partnerId = partnerIdOf(principal);
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
          createdBy: principal.userId,
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
    },
  )
  .get(
    "/invitations",
    requireFeature("resellerInvitations"),
    // Every partner role may see the invitations (SPEC §6 lists only writes as restricted).
    requirePermission("customers.read"),
    queryParams(InvitationListQuery),
    async (c) => {
      const query = c.req.valid("query");
      const partnerId = partnerIdOf(c.get("principal"));
      const db = c.get("db");
      const now = nowIso(c.var.now);
      const page = await keysetPage({
        env: c.env,
        scope: {
          list: "invitations",
          cloud: c.get("cloud"),
          partner: partnerId,
          state: query.state,
        },
        cursor: query.cursor,
        limit: query.limit,
        rows: (after, limit) =>
          invitationPage(db, { partnerId, now, state: query.state, after, limit }),
        position: (row) => [row.created_at, row.id],
        item: toInvitation,
      });
      c.header("Cache-Control", "no-store");
      return c.json(InvitationList.parse(page), 200);
    },
  )
  .post(
    "/invitations/preview",
    requireFeature("resellerInvitations"),
    jsonBody(InvitationTokenRequest),
    async (c) => {
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
    },
  )
  .post(
    "/invitations/accept",
    requireFeature("resellerInvitations"),
    requireCustomerAdmin,
    limitWrites,
    jsonBody(InvitationTokenRequest),
    async (c) => {
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
    },
  )
  .delete(
    "/invitations/:id",
    requireFeature("resellerInvitations"),
    requirePermission("invitations.write"),
    limitWrites,
    async (c) => {
      const principal = currentPrincipal(c.get("principal"));
      const partnerId = partnerIdOf(principal);
      const invitationId = c.req.param("id").toLowerCase();
      const outcome = await revokeInvitation(c.get("db"), partnerId, invitationId, {
        id: newId(),
        partnerId,
        actorUserId: principal.userId,
        action: "invitation.revoked",
        targetType: "invitation",
        targetId: invitationId,
        requestId: c.get("requestId"),
        occurredAt: nowIso(c.var.now),
      });
      if (outcome === "not_found") throw notFound();
      if (outcome === "accepted") throw new AppError(409, "invitation_used");
      return c.body(null, 204);
    },
  );
