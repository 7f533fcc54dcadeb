import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { CLOUDS, isCloudId, hasFeature, type CloudId } from "../../src/domain/clouds.ts";
import type { Feature } from "../../src/domain/features.ts";
import type { AppEnv } from "./context.ts";
import { AppError, notFound } from "./problem.ts";

/** The clouds this deployment holds: listed in PORTAL_CLOUDS and with a bound database. */
export function heldClouds(env: AppEnv["Bindings"]): CloudId[] {
  return String(env.PORTAL_CLOUDS ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(isCloudId)
    .filter((id) => databaseOf(env, id) !== undefined);
}

/** The database `cloud` is bound to in this deployment, if any. */
export function databaseOf(env: AppEnv["Bindings"], cloud: CloudId): D1Database | undefined {
  const binding = CLOUDS[cloud].binding as keyof AppEnv["Bindings"];
  const value = env[binding];
  return value && typeof value === "object" && "prepare" in value ? value : undefined;
}

function otherHost(env: AppEnv["Bindings"], cloud: string): string | undefined {
  if (!env.PORTAL_CLOUD_HOSTS) return undefined;
  try {
    const hosts: unknown = JSON.parse(env.PORTAL_CLOUD_HOSTS);
    const host =
      hosts && typeof hosts === "object" ? (hosts as Record<string, unknown>)[cloud] : undefined;
    return typeof host === "string" && /^[a-z0-9.-]+(:\d+)?$/i.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A redirect to the same address on the host that holds `cloud`, when PORTAL_CLOUD_HOSTS names
 * one; undefined otherwise.
 */
export function redirectToCloudHost(c: Context<AppEnv>, cloud: CloudId): Response | undefined {
  const host = otherHost(c.env, cloud);
  if (!host) return undefined;
  const url = new URL(c.req.url);
  return c.redirect(`https://${host}${url.pathname}${url.search}`, 308);
}

/**
 * Resolves `:cloud` to the cloud and its database. A cloud this deployment does not hold is a
 * 404 — or, when PORTAL_CLOUD_HOSTS names its host, a redirect there.
 */
export const cloudScope = createMiddleware<AppEnv>(async (c, next) => {
  const cloud = c.req.param("cloud") ?? "";
  const db =
    isCloudId(cloud) && heldClouds(c.env).includes(cloud) ? databaseOf(c.env, cloud) : undefined;
  if (!isCloudId(cloud) || !db) {
    const elsewhere = isCloudId(cloud) ? redirectToCloudHost(c, cloud) : undefined;
    if (elsewhere) return elsewhere;
    throw notFound();
  }
  c.set("cloud", cloud);
  c.set("db", db);
  c.set("unboundDb", db);
  return next();
});

/**
 * Answers 404 `feature_unavailable` where the cloud lacks `feature` (SPEC §2).
 *
 * @example
 * app.use("/invitations/*", requireFeature("resellerInvitations"));
 */
export function requireFeature(feature: Feature) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const cloud = c.get("cloud");
    if (!hasFeature(cloud, feature)) {
      throw new AppError(404, "feature_unavailable", {
        values: { cloud: CLOUDS[cloud].names[c.get("locale")] },
      });
    }
    await next();
  });
}
