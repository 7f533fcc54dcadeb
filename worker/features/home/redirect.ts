import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { isCloudId, type CloudId } from "../../../src/domain/clouds.ts";
import {
  DEFAULT_LOCALE,
  LOCALES,
  localeFromSegment,
  negotiateLocale,
} from "../../../src/domain/locales.ts";
import { CHOICE_COOKIE } from "../../../src/domain/security-headers.ts";
import { heldClouds } from "../../lib/cloud.ts";
import type { AppEnv } from "../../lib/context.ts";

/**
 * `/` → the best `/{cloud}/{locale}/`: the reader's remembered choice, then `Accept-Language`,
 * then the first cloud this deployment holds in English.
 */
export function homeRedirect(c: Context<AppEnv>) {
  const held = heldClouds(c.env);
  const [cloudPart = "", segment = ""] = (getCookie(c, CHOICE_COOKIE) ?? "").split("/");
  const remembered = localeFromSegment(segment);
  const cloud: CloudId | undefined =
    isCloudId(cloudPart) && held.includes(cloudPart) ? cloudPart : held[0];
  const locale = remembered ?? negotiateLocale(c.req.header("Accept-Language")) ?? DEFAULT_LOCALE;
  c.header("Vary", "Accept-Language, Cookie");
  c.header("Cache-Control", "private, no-cache");
  return c.redirect(`/${cloud ?? "global"}/${LOCALES[locale].segment}/`, 302);
}
