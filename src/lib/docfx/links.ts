import { CLOUD_IDS, hasFeature, type CloudId } from "../../domain/clouds.ts";
import type { Feature } from "../../domain/features.ts";
import { LOCALES, type Locale } from "../../domain/locales.ts";
import { slugFromPath } from "./text.ts";

/**
 * Turns a relative link target (`add-a-new-customer.md`, `../x.md`, a bare slug; without its
 * `#fragment`) into an href, or null when no page answers to it.
 *
 * @example
 * const resolveLink: LinkResolver = (target) => (target === "a.md" ? "/global/en/docs/a/" : null);
 */
export type LinkResolver = (targetFileOrSlug: string) => string | null;

/**
 * What a Markdown href points to.
 *
 * @example
 * const target: LinkTarget = { kind: "portal", path: "customers/new/" };
 */
export type LinkTarget =
  | { kind: "external"; href: string }
  | { kind: "fragment"; href: string }
  | { kind: "portal"; path: string }
  | { kind: "page"; target: string; fragment: string }
  | { kind: "blocked" };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const PORTAL_PATH = /^[a-z0-9-]+(?:\/[a-z0-9-]+)*\/?(?:[?#][^\s"<>]*)?$/;

/**
 * Classifies an href from Markdown. Only http(s) and mailto leave the portal; `portal:` names a
 * portal task page; schemes such as `javascript:` or `data:` are blocked.
 *
 * @example
 * classifyHref("./add-a-new-customer.md#step-2");
 * // { kind: "page", target: "add-a-new-customer.md", fragment: "#step-2" }
 */
export function classifyHref(href: string): LinkTarget {
  const trimmed = href.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https" || scheme === "mailto") {
    return { kind: "external", href: trimmed };
  }
  if (scheme === "portal") return { kind: "portal", path: trimmed.slice("portal:".length) };
  if (scheme || trimmed.startsWith("//") || trimmed === "") return { kind: "blocked" };
  if (trimmed.startsWith("#")) return { kind: "fragment", href: trimmed };
  const hash = trimmed.indexOf("#");
  const path = hash < 0 ? trimmed : trimmed.slice(0, hash);
  return {
    kind: "page",
    target: path.replace(/^(\.\/)+/, ""),
    fragment: hash < 0 ? "" : trimmed.slice(hash),
  };
}

/** Portal sections that exist only in clouds offering a feature (SPEC §2). */
const PORTAL_SECTION_FEATURES: Readonly<Record<string, Feature>> = {
  invitations: "resellerInvitations",
  "indirect-providers": "indirectInvitations",
  "admin-relationships": "adminRelationships",
};

/**
 * The site path of a portal task page in a cloud and locale, or null when `path` is not a
 * plain portal path or names a section the cloud does not offer (no dead links to it).
 *
 * @example
 * portalHref("germany", "fr-FR", "customers/new/"); // "/germany/fr-fr/customers/new/"
 * portalHref("china", "en", "invitations/"); // null
 */
export function portalHref(cloud: CloudId, locale: Locale, path: string): string | null {
  const clean = path.replace(/^\/+/, "");
  if (!PORTAL_PATH.test(clean)) return null;
  const feature = PORTAL_SECTION_FEATURES[clean.split(/[/?#]/)[0] ?? ""];
  if (feature && !hasFeature(cloud, feature)) return null;
  return `/${cloud}/${LOCALES[locale].segment}/${clean}`;
}

/**
 * The site path of a documentation page (SPEC §4: `/{cloud}/{locale}/docs/{slug}/`).
 *
 * @example
 * docsHref("usgov", "ru-RU", "add-a-new-customer"); // "/usgov/ru-ru/docs/add-a-new-customer/"
 */
export function docsHref(cloud: CloudId, locale: Locale, slug: string): string {
  return `/${cloud}/${LOCALES[locale].segment}/docs/${encodeURIComponent(slug)}/`;
}

const CLOUD_SUFFIX = new RegExp(`\\.(?:${CLOUD_IDS.join("|")})(?:-(?:${CLOUD_IDS.join("|")}))*$`);

/**
 * The slug a link target names: its file name without `.md`, without a variant suffix such as
 * `.china`, in lower case.
 *
 * @example
 * linkTargetSlug("./customer-accounts-overview.china.md"); // "customer-accounts-overview"
 */
export function linkTargetSlug(target: string): string {
  return slugFromPath(target).replace(CLOUD_SUFFIX, "");
}

/**
 * A resolver that accepts links to the given slugs (by file name or slug) and builds their hrefs.
 *
 * @example
 * const resolve = createLinkResolver(["add-a-new-customer"], (s) => docsHref("global", "en", s));
 * resolve("add-a-new-customer.md"); // "/global/en/docs/add-a-new-customer/"
 * resolve("gone.md"); // null
 */
export function createLinkResolver(
  slugs: Iterable<string>,
  href: (slug: string) => string,
): LinkResolver {
  const known = new Set(slugs);
  return (target) => {
    const slug = linkTargetSlug(target);
    return known.has(slug) ? href(slug) : null;
  };
}
