import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { Jwt } from "hono/utils/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import { principalFromToken, SESSION_COOKIE, type Principal } from "../../lib/auth.ts";
import type { AppEnv } from "../../lib/context.ts";
import { AppError } from "../../lib/problem.ts";
import { findUserByEmail, principalOf } from "./repo.ts";

/**
 * A principal from a bearer JWT of the cloud's identity provider (production option, SPEC §7).
 * Configured by JWT_ISSUER, JWT_AUDIENCE and JWT_JWKS (inline JSON) or JWT_JWKS_URL. The token
 * authenticates; the portal's directory still decides roles, so its email must be a user here.
 */
export async function bearerPrincipal(
  c: Context<AppEnv>,
  token: string,
): Promise<Principal | undefined> {
  const {
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: audience,
    JWT_JWKS: jwks,
    JWT_JWKS_URL: jwksUri,
  } = c.env;
  if (!issuer || !audience || (!jwks && !jwksUri)) return undefined;
  let keys: HonoJsonWebKey[] | undefined;
  if (jwks) {
    try {
      keys = (JSON.parse(jwks) as { keys: HonoJsonWebKey[] }).keys;
    } catch {
      throw new AppError(500, "not_configured");
    }
  }
  let claims: Record<string, unknown>;
  try {
    claims = await Jwt.verifyWithJwks(token, {
      ...(keys ? { keys } : {}),
      ...(jwksUri ? { jwks_uri: jwksUri } : {}),
      allowedAlgorithms: ["RS256", "ES256"],
      verification: { iss: issuer, aud: audience, exp: true, nbf: true },
    });
  } catch {
    return undefined;
  }
  const email = [claims["email"], claims["upn"], claims["preferred_username"]].find(
    (value): value is string => typeof value === "string" && value.includes("@"),
  );
  if (!email) return undefined;
  const found = await findUserByEmail(c.get("db"), email);
  return found ? principalOf(found.user, "bearer") : undefined;
}

/**
 * Sets `principal` from the session cookie or a bearer JWT. Refuses no one: routes decide with
 * `requireUser` and `requirePermission`.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const authorization = c.req.header("Authorization");
  if (authorization?.startsWith("Bearer ")) {
    c.set("principal", await bearerPrincipal(c, authorization.slice(7).trim()));
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    c.set(
      "principal",
      token ? await principalFromToken(c.env, c.get("cloud"), token, c.var.now()) : undefined,
    );
  }
  await next();
});
