import { createRoute } from "@hono/zod-openapi";
import { getCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import {
  ChangePasswordRequest,
  SignInRequest,
  SignOutQuery,
  SessionUser,
} from "../../../src/domain/schemas/session.ts";
import type { AuditAction } from "../../../src/domain/schemas/audit.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { currentPrincipal, type Principal } from "../../lib/auth.ts";
import { nowIso } from "../../lib/clock.ts";
import type { AppEnv } from "../../lib/context.ts";
import { DECOY_PASSWORD_HASH, hashPassword, newId, verifyPassword } from "../../lib/crypto.ts";
import { temporaryPasswordKey } from "../../lib/temporary-password.ts";
import { AppError } from "../../lib/problem.ts";
import { enforceRateLimit, enforceSignInLimits } from "../../lib/rate-limit.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import {
  newSessionToken,
  parseSessionCookie,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
  sessionCookiePath,
  sessionCookieValue,
  sessionTokenHash,
} from "../../lib/session.ts";
import {
  deleteSession,
  deleteSessionsOf,
  findUserByEmail,
  findUserById,
  insertSession,
  principalOf,
  updatePassword,
} from "./repo.ts";
import { clearSessionCookies, setSignedInHint } from "./signed-in-hint.ts";

function setSessionCookie(c: Context<AppEnv>, token: string, principal: Omit<Principal, "via">) {
  setCookie(c, SESSION_COOKIE, sessionCookieValue(token, principal), {
    path: sessionCookiePath(c.get("cloud")),
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
  setSignedInHint(c);
}

/**
 * The audit record of a session event (or password change) of `who`, filed under their partner
 * (none for a customer admin or an operator: the cloud's operators read those). It names the
 * user and the request, never the password, the token or its hash.
 */
function sessionAudit(
  c: Context<AppEnv>,
  who: { userId: string; partnerId?: string | undefined },
  action: Extract<AuditAction, `session.${string}` | "user.password_changed">,
): AuditEntry {
  return {
    id: newId(),
    partnerId: who.partnerId ?? null,
    actorUserId: who.userId,
    action,
    targetType: "user",
    targetId: who.userId,
    requestId: c.get("requestId"),
    occurredAt: nowIso(c.var.now),
  };
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
  summary: "Sign out: this session, or with `scope=all` every session of the user (everywhere)",
  tags,
  request: { query: SignOutQuery },
  responses: { 204: { description: "Signed out" }, ...problems(400, 401, 403, 404, 415) },
});

const changePassword = createRoute({
  method: "post",
  path: "/session/password",
  summary: "Change the password (required after a temporary password); ends the other sessions",
  tags,
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: {
    204: { description: "Changed; the session cookie is renewed" },
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

/**
 * `/api/v1/{cloud}/session`: sign in, who am I, sign out (here or everywhere), change password
 * (SPEC §7, Sessions). Sessions are server-side (`lib/session.ts`).
 */
export const sessionRoutes = apiRoutes()
  .openapi(signIn, async (c) => {
    const { username, password } = c.req.valid("json");
    await enforceSignInLimits(c, username);
    // Signing in never depends on a session the browser may still carry.
    const db = c.get("unboundDb");
    const found = await findUserByEmail(db, username);
    // Verify against a decoy when the user is unknown, so both failures cost the same time.
    const valid = await verifyPassword(
      password,
      found?.passwordHash ?? DECOY_PASSWORD_HASH,
      await temporaryPasswordKey(c.env),
    );
    if (!found || !valid) throw new AppError(401, "invalid_credentials");
    const token = newSessionToken();
    const signedIn = { userId: found.user.id, partnerId: found.user.partner?.id };
    await insertSession(
      db,
      found.user.id,
      await sessionTokenHash(token),
      c.var.now(),
      sessionAudit(c, signedIn, "session.signed_in"),
    );
    setSessionCookie(c, token, principalOf(found.user, "cookie"));
    c.header("Cache-Control", "no-store");
    return c.json(SessionUser.parse(found.user), 200);
  })
  .openapi(currentUser, async (c) => {
    const principal = currentPrincipal(c.get("principal"), { allowPasswordChange: true });
    const found = await findUserById(c.get("db"), principal.userId);
    if (!found) {
      clearSessionCookies(c);
      throw new AppError(401, "unauthorized");
    }
    c.header("Cache-Control", "no-store");
    return c.json(SessionUser.parse(found.user), 200);
  })
  .openapi(signOut, async (c) => {
    if (c.req.valid("query").scope === "all") {
      const principal = currentPrincipal(c.get("principal"), { allowPasswordChange: true });
      await deleteSessionsOf(
        c.get("db"),
        principal.userId,
        sessionAudit(c, principal, "session.signed_out_everywhere"),
      );
    } else {
      // The session the cookie names ends whether or not it is still live: signing out of an
      // ended session answers the same 204 and clears the cookie.
      const sessionHash = c.get("principal")?.sessionHash;
      if (sessionHash) {
        await deleteSession(c.get("unboundDb"), sessionHash, {
          id: newId(),
          requestId: c.get("requestId"),
          occurredAt: nowIso(c.var.now),
        });
      }
      c.set("answersAnyCredential", true);
    }
    clearSessionCookies(c);
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
    await updatePassword(
      db,
      found.user.id,
      await hashPassword(newPassword),
      principal.sessionHash ?? null,
      sessionAudit(
        c,
        { userId: found.user.id, partnerId: found.user.partner?.id },
        "user.password_changed",
      ),
    );
    // The current session goes on; its cookie now says the password is no longer temporary.
    const cookie = parseSessionCookie(getCookie(c, SESSION_COOKIE) ?? "");
    if (cookie) {
      setSessionCookie(c, cookie.token, {
        ...principalOf(found.user, "cookie"),
        mustChangePassword: false,
      });
    }
    return c.body(null, 204);
  });
