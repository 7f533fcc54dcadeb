import { createRoute } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import {
  ChangePasswordRequest,
  SignInRequest,
  SessionUser,
} from "../../../src/domain/schemas/session.ts";
import {
  currentPrincipal,
  issueSessionToken,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  sessionCookiePath,
  type Principal,
} from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { DECOY_PASSWORD_HASH, hashPassword, newId, verifyPassword } from "../../lib/crypto.ts";
import { temporaryPasswordKey } from "../../lib/temporary-password.ts";
import { AppError } from "../../lib/problem.ts";
import { enforceRateLimit } from "../../lib/rate-limit.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { findUserByEmail, findUserById, principalOf, updatePassword } from "./repo.ts";

async function startSession(c: Context<AppEnv>, principal: Omit<Principal, "via">) {
  const cloud = c.get("cloud");
  const token = await issueSessionToken(c.env, cloud, principal, c.var.now());
  setCookie(c, SESSION_COOKIE, token, {
    path: sessionCookiePath(cloud),
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: SESSION_TTL_SECONDS,
  });
}

function endSession(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: sessionCookiePath(c.get("cloud")), secure: true });
}

const tags = ["Session"];

const signIn = createRoute({
  method: "post",
  path: "/session",
  summary: "Sign in",
  tags,
  request: { body: jsonBody(SignInRequest) },
  responses: {
    200: json(SessionUser, "Signed in; the session cookie is set"),
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const currentUser = createRoute({
  method: "get",
  path: "/session",
  summary: "The signed-in user",
  tags,
  responses: { 200: json(SessionUser, "Signed in"), ...problems(401, 404) },
});

const signOut = createRoute({
  method: "delete",
  path: "/session",
  summary: "Sign out",
  tags,
  responses: { 204: { description: "Signed out" }, ...problems(403, 404) },
});

const changePassword = createRoute({
  method: "post",
  path: "/session/password",
  summary: "Change the password (required after a temporary password)",
  tags,
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: {
    204: { description: "Changed; a new session cookie is set" },
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

/**
 * `/api/v1/{cloud}/session`: sign in, who am I, sign out, change password (SPEC §7, Sessions).
 */
export const sessionRoutes = apiRoutes()
  .openapi(signIn, async (c) => {
    const { username, password } = c.req.valid("json");
    await enforceRateLimit(c.env.SIGN_IN_LIMITER, `${c.get("cloud")}:${username.toLowerCase()}`);
    const found = await findUserByEmail(c.get("db"), username);
    // Verify against a decoy when the user is unknown, so both failures cost the same time.
    const valid = await verifyPassword(
      password,
      found?.passwordHash ?? DECOY_PASSWORD_HASH,
      await temporaryPasswordKey(c.env),
    );
    if (!found || !valid) throw new AppError(401, "invalid_credentials");
    await startSession(c, principalOf(found.user, "cookie"));
    c.header("Cache-Control", "no-store");
    return c.json(SessionUser.parse(found.user), 200);
  })
  .openapi(currentUser, async (c) => {
    const principal = currentPrincipal(c.get("principal"), { allowPasswordChange: true });
    const found = await findUserById(c.get("db"), principal.userId);
    if (!found) {
      endSession(c);
      throw new AppError(401, "unauthorized");
    }
    c.header("Cache-Control", "no-store");
    return c.json(SessionUser.parse(found.user), 200);
  })
  .openapi(signOut, (c) => {
    endSession(c);
    return c.body(null, 204);
  })
  .openapi(changePassword, async (c) => {
    const principal = currentPrincipal(c.get("principal"), { allowPasswordChange: true });
    const { currentPassword, newPassword } = c.req.valid("json");
    await enforceRateLimit(c.env.SIGN_IN_LIMITER, `${c.get("cloud")}:password:${principal.userId}`);
    const db = c.get("db");
    const found = await findUserById(db, principal.userId);
    if (!found) throw new AppError(401, "unauthorized");
    if (
      !(await verifyPassword(
        currentPassword,
        found.passwordHash,
        await temporaryPasswordKey(c.env),
      ))
    ) {
      throw new AppError(400, "wrong_password", {
        errors: [
          {
            path: "currentPassword",
            code: "wrong_password",
            message: "errors.wrong_password.detail",
          },
        ],
      });
    }
    await updatePassword(db, found.user.id, await hashPassword(newPassword), {
      id: newId(),
      partnerId: found.user.partner?.id ?? null,
      actorUserId: found.user.id,
      action: "user.password_changed",
      targetType: "user",
      targetId: found.user.id,
      requestId: c.get("requestId"),
      occurredAt: nowIso(c.var.now),
    });
    await startSession(c, { ...principalOf(found.user, principal.via), mustChangePassword: false });
    return c.body(null, 204);
  });
