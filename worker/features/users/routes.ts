import { createRoute, z } from "@hono/zod-openapi";
import {
  canonicalRoles,
  PartnerUser,
  UserCreated,
  UserCreateRequest,
  UserList,
  UserListQuery,
  UserPasswordReset,
  UserRolesRequest,
  UserStatusRequest,
} from "../../../src/domain/schemas/user.ts";
import { nameKey } from "../../../src/domain/schemas/text.ts";
import { requirePermission } from "../../lib/auth.ts";
import { newId } from "../../lib/crypto.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { issueTemporaryPassword } from "../../lib/temporary-password.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import { auditOf, managerOf } from "./caller.ts";
import { groupRoutes } from "./group-routes.ts";
import {
  findUser,
  insertUser,
  removeUser,
  resetUserPassword,
  setUserRoles,
  setUserStatus,
  toPartnerUser,
  userPage,
  type UserWriteOutcome,
} from "./repo.ts";

/** The user of `/users/{id}…`: a UUID (anything else is as absent as another partner's user). */
const UserParams = z.object({
  id: z
    .guid()
    .transform((id) => id.toLowerCase())
    .openapi({ param: { description: "The user's id" } }),
});

const tags = ["Partner users"];
const manage = requirePermission("users.manage");

const listUsersRoute = createRoute({
  method: "get",
  path: "/users",
  summary: "The partner's users by name (keyset pages; search by name or email prefix)",
  tags,
  middleware: [manage],
  request: { query: UserListQuery },
  responses: { 200: json(UserList, "A page"), ...problems(400, 401, 403, 404) },
});

const createUserRoute = createRoute({
  method: "post",
  path: "/users",
  summary: "Add a user in the partner's own email domain, with a temporary password shown once",
  tags,
  middleware: [manage, limitWrites],
  request: { body: jsonBody(UserCreateRequest) },
  responses: {
    201: json(UserCreated, "Added; the temporary password is in this answer only"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const getUserRoute = createRoute({
  method: "get",
  path: "/users/{id}",
  summary: "One of the partner's users",
  tags,
  middleware: [manage],
  request: { params: UserParams },
  responses: { 200: json(PartnerUser, "The user"), ...problems(401, 403, 404) },
});

const setRolesRoute = createRoute({
  method: "put",
  path: "/users/{id}/roles",
  summary: "Set the user's roles; their sessions end (the new roles apply from their next sign-in)",
  tags,
  middleware: [manage, limitWrites],
  request: { params: UserParams, body: jsonBody(UserRolesRequest) },
  responses: {
    200: json(PartnerUser, "The user with the new roles"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const setStatusRoute = createRoute({
  method: "put",
  path: "/users/{id}/status",
  summary: "Disable or enable the user; their sessions end",
  tags,
  middleware: [manage, limitWrites],
  request: { params: UserParams, body: jsonBody(UserStatusRequest) },
  responses: {
    200: json(PartnerUser, "The user with the new status"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const resetPasswordRoute = createRoute({
  method: "post",
  path: "/users/{id}/password",
  summary: "Give the user a temporary password to change at next sign-in; their sessions end",
  tags,
  middleware: [manage, limitWrites],
  request: { params: UserParams, body: jsonBody(z.strictObject({})) },
  responses: {
    201: json(UserPasswordReset, "The temporary password, in this answer only"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const removeUserRoute = createRoute({
  method: "delete",
  path: "/users/{id}",
  summary: "Remove the user: sessions, groups and sign-in end; the email may be used again",
  tags,
  middleware: [manage, limitWrites],
  request: { params: UserParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 409, 415, 429) },
});

/** The user a guarded write left (none once removed), or 404 / 409 `last_global_admin`. */
function written(outcome: UserWriteOutcome): PartnerUser | undefined {
  switch (outcome.kind) {
    case "done":
      return outcome.user;
    case "not_found":
      throw notFound();
    case "last_global_admin":
      throw new AppError(409, "last_global_admin");
  }
}

/**
 * `/api/v1/{cloud}/users…` and `/groups…` (SPEC §6, Partner users and groups): a partner's
 * global admins manage their colleagues and groups. Only the caller's own partner's users and
 * groups exist here; every write is one batch with its audit record and ends the sessions of
 * the user it changes.
 */
export const userRoutes = apiRoutes()
  .openapi(listUsersRoute, async (c) => {
    const { partnerId } = managerOf(c);
    const query = c.req.valid("query");
    const filters = {
      ...(query.q ? { q: nameKey(query.q) } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const db = c.get("db");
    const page = await keysetPage({
      env: c.env,
      scope: { list: "users", cloud: c.get("cloud"), partner: partnerId, ...filters },
      cursor: query.cursor,
      limit: query.limit,
      rows: (after, limit) => userPage(db, partnerId, filters, after, limit),
      position: (row) => [row.name_key, row.id],
      item: toPartnerUser,
    });
    c.header("Cache-Control", "no-store");
    return c.json(UserList.parse(page), 200);
  })
  .openapi(createUserRoute, async (c) => {
    const caller = managerOf(c);
    const body = c.req.valid("json");
    const id = newId();
    const roles = canonicalRoles(body.roles);
    const { password, passwordHash } = await issueTemporaryPassword(c.env);
    const outcome = await insertUser(c.get("db"), {
      audit: auditOf(caller, "user.created", "user", id, { roles }),
      partnerId: caller.partnerId,
      user: {
        id,
        email: body.email,
        displayName: body.displayName,
        nameKey: nameKey(body.displayName),
        roles,
        passwordHash,
      },
    });
    switch (outcome.kind) {
      case "created":
        c.header("Location", `/api/v1/${c.get("cloud")}/users/${id}`);
        c.header("Cache-Control", "no-store");
        return c.json(UserCreated.parse({ user: outcome.user, temporaryPassword: password }), 201);
      case "foreign_domain":
        throw new AppError(400, "validation_failed", {
          errors: [
            {
              path: "email",
              code: "email_domain",
              message: "validation.user_email_domain",
              values: { domain: outcome.domain },
            },
          ],
        });
      case "email_taken":
        throw new AppError(409, "email_taken", {
          errors: [{ path: "email", code: "email_taken", message: "validation.email_taken" }],
        });
    }
  })
  .openapi(getUserRoute, async (c) => {
    const { partnerId } = managerOf(c);
    const user = await findUser(c.get("db"), partnerId, c.req.valid("param").id);
    if (!user) throw notFound();
    c.header("Cache-Control", "no-store");
    return c.json(PartnerUser.parse(user), 200);
  })
  .openapi(setRolesRoute, async (c) => {
    const caller = managerOf(c);
    const userId = c.req.valid("param").id;
    const roles = canonicalRoles(c.req.valid("json").roles);
    const user = written(
      await setUserRoles(c.get("db"), {
        audit: auditOf(caller, "user.roles_changed", "user", userId, { roles }),
        partnerId: caller.partnerId,
        userId,
        roles,
      }),
    );
    return c.json(PartnerUser.parse(user), 200);
  })
  .openapi(setStatusRoute, async (c) => {
    const caller = managerOf(c);
    const userId = c.req.valid("param").id;
    const { status } = c.req.valid("json");
    const action = status === "active" ? "user.enabled" : "user.disabled";
    const user = written(
      await setUserStatus(c.get("db"), {
        audit: auditOf(caller, action, "user", userId),
        partnerId: caller.partnerId,
        userId,
        status,
      }),
    );
    return c.json(PartnerUser.parse(user), 200);
  })
  .openapi(resetPasswordRoute, async (c) => {
    const caller = managerOf(c);
    const userId = c.req.valid("param").id;
    const { password, passwordHash } = await issueTemporaryPassword(c.env);
    written(
      await resetUserPassword(c.get("db"), {
        audit: auditOf(caller, "user.password_reset", "user", userId),
        partnerId: caller.partnerId,
        userId,
        passwordHash,
      }),
    );
    c.header("Cache-Control", "no-store");
    return c.json(UserPasswordReset.parse({ temporaryPassword: password }), 201);
  })
  .openapi(removeUserRoute, async (c) => {
    const caller = managerOf(c);
    const userId = c.req.valid("param").id;
    written(
      await removeUser(c.get("db"), {
        audit: auditOf(caller, "user.removed", "user", userId),
        partnerId: caller.partnerId,
        userId,
      }),
    );
    return c.body(null, 204);
  })
  .route("/", groupRoutes);
