import { Hono } from "hono";
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
import type { AppEnv } from "../../lib/context.ts";
import { DECOY_PASSWORD_HASH, hashPassword, newId, verifyPassword } from "../../lib/crypto.ts";
import { temporaryPasswordKey } from "../../lib/temporary-password.ts";
import { AppError } from "../../lib/problem.ts";
import { enforceRateLimit } from "../../lib/rate-limit.ts";
import { jsonBody } from "../../lib/validate.ts";
import { findUserByEmail, findUserById, principalOf, updatePassword } from "./repo.ts";
import type { Operation } from "../../lib/openapi.ts";

async function startSession(c: Context<AppEnv>, principal: Omit<Principal, "via">) {
  const cloud = c.get("cloud");
  const token = await issueSessionToken(c.env, cloud, principal, Date.now());
  setCookie(c, SESSION_COOKIE, token, {
    path: sessionCookiePath(cloud),
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: SESSION_TTL_SECONDS,
  });
}

/**
 * `/api/v1/{cloud}/session`: sign in, who am I, sign out, change password (SPEC §7, Sessions).
 */
export const sessionRoutes = new Hono<AppEnv>()
  .post("/session", jsonBody(SignInRequest), async (c) => {
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
  .get("/session", async (c) => {
    const principal = currentPrincipal(c.get("principal"), { allowPasswordChange: true });
    const found = await findUserById(c.get("db"), principal.userId);
    if (!found) {
      deleteCookie(c, SESSION_COOKIE, { path: sessionCookiePath(c.get("cloud")), secure: true });
      throw new AppError(401, "unauthorized");
    }
    c.header("Cache-Control", "no-store");
    return c.json(SessionUser.parse(found.user), 200);
  })
  .delete("/session", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: sessionCookiePath(c.get("cloud")), secure: true });
    return c.body(null, 204);
  })
  .post("/session/password", jsonBody(ChangePasswordRequest), async (c) => {
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
      occurredAt: new Date().toISOString(),
    });
    await startSession(c, { ...principalOf(found.user, principal.via), mustChangePassword: false });
    return c.body(null, 204);
  });

/** The session endpoints for the OpenAPI document. */
export const sessionOperations: Operation[] = [
  {
    method: "post",
    path: "/session",
    summary: "Sign in",
    tags: ["Session"],
    body: SignInRequest,
    responses: {
      200: { description: "Signed in", schema: SessionUser },
      401: "problem",
      429: "problem",
    },
  },
  {
    method: "get",
    path: "/session",
    summary: "The signed-in user",
    tags: ["Session"],
    responses: { 200: { description: "Signed in", schema: SessionUser }, 401: "problem" },
  },
  {
    method: "delete",
    path: "/session",
    summary: "Sign out",
    tags: ["Session"],
    responses: { 204: { description: "Signed out" } },
  },
  {
    method: "post",
    path: "/session/password",
    summary: "Change the password (required after a temporary password)",
    tags: ["Session"],
    body: ChangePasswordRequest,
    responses: { 204: { description: "Changed" }, 400: "problem", 401: "problem", 429: "problem" },
  },
];
