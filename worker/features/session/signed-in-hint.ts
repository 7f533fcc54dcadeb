import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import {
  SIGNED_IN_HINT_COOKIE,
  SIGNED_IN_HINT_VALUE,
  signedInHintPath,
} from "../../../src/domain/signed-in-hint.ts";
import type { AppEnv } from "../../lib/context.ts";
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE, sessionCookiePath } from "../../lib/session.ts";

/**
 * Sets the signed-in hint of the request's cloud (`src/domain/signed-in-hint.ts`): readable by
 * the cloud's pages, so not HttpOnly; it carries no secret. Set after the session cookie, so the
 * session stays the first `Set-Cookie`.
 */
export function setSignedInHint(c: Context<AppEnv>): void {
  setCookie(c, SIGNED_IN_HINT_COOKIE, SIGNED_IN_HINT_VALUE, {
    path: signedInHintPath(c.get("cloud")),
    secure: true,
    sameSite: "Strict",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

/** Clears the signed-in hint of the request's cloud. */
export function clearSignedInHint(c: Context<AppEnv>): void {
  deleteCookie(c, SIGNED_IN_HINT_COOKIE, { path: signedInHintPath(c.get("cloud")), secure: true });
}

/** Clears the session cookie and the signed-in hint of the request's cloud. */
export function clearSessionCookies(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: sessionCookiePath(c.get("cloud")), secure: true });
  clearSignedInHint(c);
}

/**
 * A 401 means there is no live session in this cloud — except a failed sign-in, which says
 * nothing of the session the browser may hold — so the hint is cleared and the cloud's pages stop
 * asking who is signed in. (The hint's path is the pages', so an API request never carries it:
 * every such 401 clears it.) When the request was authenticated by its session cookie (no
 * `Authorization` header, which would have been used instead), that cookie names an ended
 * session and is cleared too.
 *
 * @example
 * cloudApi.use(cloudScope).use(clearSessionOnUnauthorized);
 */
export const clearSessionOnUnauthorized = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const signingIn = c.req.method === "POST" && c.req.path.endsWith("/session");
  if (c.res.status !== 401 || signingIn) return;
  const byCookie = !c.req.header("Authorization") && getCookie(c, SESSION_COOKIE) !== undefined;
  if (byCookie) clearSessionCookies(c);
  else clearSignedInHint(c);
});
