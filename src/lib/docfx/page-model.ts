import { z } from "zod";
import { CLOUD_IDS } from "../../domain/clouds.ts";
import { LOCALE_IDS } from "../../domain/locales.ts";
import { ROLES } from "../../domain/roles.ts";

/** A page slug: the H1 anchor, shared by every translation of the page. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A heading of the page body, with the id its anchor gives (or a generated one).
 *
 * @example
 * DocfxHeadingSchema.parse({ depth: 2, id: "prerequisites", text: "Prerequisites" });
 */
export const DocfxHeadingSchema = z.object({
  depth: z.number().int().min(1).max(6),
  id: z.string().min(1),
  text: z.string(),
});
export type DocfxHeading = z.infer<typeof DocfxHeadingSchema>;

/**
 * One machine-translated sentence: the translation (Markdown) the reader sees and the English
 * original (plain text), or null when the file does not carry it.
 *
 * @example
 * MtSentenceSchema.parse({ id: "4f2a", translated: "Sélectionnez **Clients**.", original: "Select Customers." });
 */
export const MtSentenceSchema = z.object({
  id: z.string(),
  translated: z.string(),
  original: z.string().nullable(),
});
export type MtSentence = z.infer<typeof MtSentenceSchema>;

/**
 * Everything read from one DocFX file, before rendering for a (cloud, locale).
 *
 * @example
 * const doc: DocfxDocument = parseDocfx(source, "add-a-new-customer.md");
 * doc.clouds; // ["global", "usgov", "germany"]
 */
export const DocfxDocumentSchema = z.object({
  /** The path the caller gave; every error and conflict names it. */
  file: z.string(),
  slug: z.string().regex(SLUG_PATTERN),
  locale: z.enum(LOCALE_IDS),
  title: z.string().min(1),
  description: z.string().nullable(),
  /** `ms.date` as ISO `YYYY-MM-DD`. */
  date: z.string().nullable(),
  topic: z.string().nullable(),
  author: z.string().nullable(),
  keywords: z.array(z.string()),
  translation: z.enum(["HT", "MT"]),
  /** Other `ms.*` front matter keys, as text. */
  ms: z.record(z.string(), z.string()),
  /** The clouds the page applies to (every cloud when it has no "applies to" list). */
  clouds: z.array(z.enum(CLOUD_IDS)).min(1),
  appliesToAllClouds: z.boolean(),
  roles: z.array(z.enum(ROLES)),
  /** Roles the page lists that are not one of the portal's four, as written (shown as labels). */
  roleLabels: z.array(z.string()),
  /** The H1 text (the title when the file has no H1). */
  heading: z.string(),
  headings: z.array(DocfxHeadingSchema),
  sentences: z.array(MtSentenceSchema),
  /** The body prepared for rendering: metadata lists removed, sentences marked. */
  markdown: z.string(),
  /** What the reader worked around, with the line of the file (SPEC §5: warnings, not errors). */
  warnings: z.array(z.object({ line: z.number().int().min(1), message: z.string() })),
});
export type DocfxDocument = z.infer<typeof DocfxDocumentSchema>;

/**
 * A document rendered for one (cloud, locale): HTML without the H1 (the site renders the
 * heading and the cloud/role badges itself), and the links that could not be resolved.
 *
 * @example
 * const page: DocfxPage = parseDocfxPage(source, "x.md", { cloud: "global" });
 * page.unresolvedLinks; // ["missing-page.md"]
 */
export const DocfxPageSchema = DocfxDocumentSchema.extend({
  html: z.string(),
  unresolvedLinks: z.array(z.string()),
});
export type DocfxPage = z.infer<typeof DocfxPageSchema>;
