import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import {
  SIGNED_IN_HINT_COOKIE,
  SIGNED_IN_HINT_VALUE,
  signedInHintPath,
} from "../../../src/domain/signed-in-hint.ts";
import type { AppEnv } from "../../lib/context.ts";
import { SESSION_ABSOLUTE_MS } from "../../lib/session.ts";

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

/**
 * A 401 means there is no live session in this cloud — except a failed sign-in, which says
 * nothing of the session the browser may hold — so the hint is cleared and the cloud's pages stop
 * asking who is signed in. (The hint's path is the pages', so an API request never carries it:
 * every such 401 clears it.)
 *
 * @example
 * cloudApi.use(cloudScope).use(clearHintOnUnauthorized);
 */
export const clearHintOnUnauthorized = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const signingIn = c.req.method === "POST" && c.req.path.endsWith("/session");
  if (c.res.status === 401 && !signingIn) clearSignedInHint(c);
});
