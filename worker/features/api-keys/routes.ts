import { createRoute, z } from "@hono/zod-openapi";
import { can } from "../../../src/domain/roles.ts";
import {
  API_KEY_MAX_DAYS,
  ApiKeyList,
  ApiKeyListQuery,
  CreateApiKeyRequest,
  CreatedApiKey,
  KEY_PERMISSIONS,
} from "../../../src/domain/schemas/api-key.ts";
import { apiKeyHash, canonicalPermissions, newApiKey } from "../../lib/api-key.ts";
import { partnerStaff, requirePermission } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import { newId } from "../../lib/crypto.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { AppError, notFound, type FieldIssue } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { apiKeyPage, insertApiKey, revokeApiKey, toApiKey } from "./repo.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const tags = ["API keys"];
const manage = requirePermission("apiKeys.manage");

const createApiKey = createRoute({
  method: "post",
  path: "/api-keys",
  summary: "Create an API key with a subset of the caller's permissions; its secret is shown once",
  tags,
  middleware: [manage, limitWrites],
  request: { body: jsonBody(CreateApiKeyRequest) },
  responses: {
    201: json(CreatedApiKey, "Created; `secret` appears in this answer only"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const listApiKeys = createRoute({
  method: "get",
  path: "/api-keys",
  summary: "The partner's API keys, newest first",
  tags,
  middleware: [manage],
  request: { query: ApiKeyListQuery },
  responses: { 200: json(ApiKeyList, "One page"), ...problems(400, 401, 403, 404) },
});

const revokeApiKeyRoute = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  summary: "Revoke an API key: it is refused from this moment",
  tags,
  middleware: [manage, limitWrites],
  request: { params: z.object({ id: z.guid().transform((id) => id.toLowerCase()) }) },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 429) },
});

/**
 * Why the requested permissions cannot be given: one field error per permission that no key may
 * hold (`apiKeys.manage`, user management) or that the caller's own roles do not grant.
 */
function permissionIssues(requested: readonly string[], roles: readonly string[]): FieldIssue[] {
  const keyPermissions: readonly string[] = KEY_PERMISSIONS;
  return requested.flatMap((permission, index): FieldIssue[] => {
    const path = `permissions.${index}`;
    if (!keyPermissions.includes(permission)) {
      return [{ path, code: "permission_not_allowed", message: "apiKeys.validation.notAllowed" }];
    }
    if (!can(roles, permission as (typeof KEY_PERMISSIONS)[number])) {
      return [{ path, code: "permission_not_held", message: "apiKeys.validation.notHeld" }];
    }
    return [];
  });
}

/** The expiry the body asks for, at most a year after `now`, or a 400 on `expiresAt`. */
function expiryOf(body: CreateApiKeyRequest, now: number): string {
  const latest = now + API_KEY_MAX_DAYS * DAY_MS;
  if (body.expiresInDays !== undefined)
    return new Date(now + body.expiresInDays * DAY_MS).toISOString();
  const at = Date.parse(body.expiresAt ?? "");
  if (!Number.isFinite(at) || at <= now || at > latest) {
    throw new AppError(400, "validation_failed", {
      errors: [
        {
          path: "expiresAt",
          code: "expiry_out_of_range",
          message: "apiKeys.validation.expiryRange",
          values: { days: API_KEY_MAX_DAYS },
        },
      ],
    });
  }
  return new Date(at).toISOString();
}

/**
 * `/api/v1/{cloud}/api-keys…`: a partner's global admins create, list and revoke the partner's
 * API keys (SPEC §6). A key is used as `Authorization: Bearer pk_<cloud>_…`
 * (features/session/authenticate.ts).
 */
export const apiKeyRoutes = apiRoutes()
  .openapi(createApiKey, async (c) => {
    const body = c.req.valid("json");
    const caller = partnerStaff(c.get("principal"));
    const issues = permissionIssues(body.permissions, caller.roles);
    if (issues.length > 0) {
      throw new AppError(400, "api_key_permissions_invalid", { errors: issues });
    }
    const now = c.var.now();
    const createdAt = new Date(now).toISOString();
    const expiresAt = expiryOf(body, now);
    const id = newId();
    const permissions = canonicalPermissions(body.permissions);
    const secret = newApiKey(c.get("cloud"), {
      id,
      partnerId: caller.partnerId,
      createdBy: caller.userId,
      permissions,
    });
    const row = await insertApiKey(
      c.get("db"),
      {
        id,
        partnerId: caller.partnerId,
        createdBy: caller.userId,
        name: body.name,
        keyHash: await apiKeyHash(secret),
        permissions,
        createdAt,
        expiresAt,
      },
      {
        id: newId(),
        partnerId: caller.partnerId,
        actorUserId: caller.userId,
        action: "api_key.created",
        targetType: "api_key",
        targetId: id,
        requestId: c.get("requestId"),
        occurredAt: createdAt,
        details: { name: body.name, permissions, expiresAt },
      },
    );
    if (!row) throw new AppError(409, "api_key_limit");
    // The secret is in this answer only: no cache may keep it.
    c.header("Cache-Control", "no-store");
    return c.json(CreatedApiKey.parse({ apiKey: toApiKey(row), secret }), 201);
  })
  .openapi(listApiKeys, async (c) => {
    const query = c.req.valid("query");
    const { partnerId } = partnerStaff(c.get("principal"));
    const db = c.get("db");
    const now = nowIso(c.var.now);
    const page = await keysetPage({
      env: c.env,
      scope: { list: "api-keys", cloud: c.get("cloud"), partner: partnerId },
      cursor: query.cursor,
      limit: query.limit,
      rows: (after, limit) => apiKeyPage(db, { partnerId, now, after, limit }),
      position: (row) => [row.created_at, row.id],
      item: toApiKey,
    });
    c.header("Cache-Control", "no-store");
    return c.json(ApiKeyList.parse(page), 200);
  })
  .openapi(revokeApiKeyRoute, async (c) => {
    const { partnerId, userId } = partnerStaff(c.get("principal"));
    const keyId = c.req.valid("param").id;
    const outcome = await revokeApiKey(c.get("db"), partnerId, keyId, {
      id: newId(),
      partnerId,
      actorUserId: userId,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
      requestId: c.get("requestId"),
      occurredAt: nowIso(c.var.now),
    });
    if (outcome === "not_found") throw notFound();
    return c.body(null, 204);
  });
