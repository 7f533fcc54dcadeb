import type { Context } from "hono";
import { isCloudId } from "../../../src/domain/clouds.ts";
import { DEFAULT_LOCALE, LOCALES, localeFromSegment } from "../../../src/domain/locales.ts";
import { heldClouds, redirectToCloudHost } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";

/**
 * The static site, for what reaches the Worker outside the API. The build holds every cloud's
 * pages, but a one-cloud deployment (SPEC §2) must not serve another cloud's: those answer with
 * a redirect to that cloud's host when PORTAL_CLOUD_HOSTS names it, else with the localized 404
 * page of a cloud it holds. (Production environments route the other clouds' paths here with
 * `run_worker_first`; locally every cloud is held and the assets answer directly.)
 */
export async function sitePage(c: Context<AppEnv>): Promise<Response> {
  const [, first = "", segment = ""] = new URL(c.req.url).pathname.split("/");
  const held = heldClouds(c.env);
  if (!isCloudId(first) || held.includes(first)) {
    // A copy: the assets' own headers are immutable, and the security headers go on after.
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    return new Response(asset.body, asset);
  }
  const elsewhere = redirectToCloudHost(c, first);
  if (elsewhere) return elsewhere;
  const locale = localeFromSegment(segment) ?? DEFAULT_LOCALE;
  const notFoundPage = new URL(`/${held[0] ?? "global"}/${LOCALES[locale].segment}/404`, c.req.url);
  const page = await c.env.ASSETS.fetch(notFoundPage);
  return new Response(page.body, { status: 404, headers: new Headers(page.headers) });
}
