/**
 * DocFX-flavoured Markdown → portal page model (SPEC §5). Pure: callers read files and pass
 * their text and path.
 *
 * @example
 * import { parseDocfxSet, selectWinners, renderPagesFor } from "../lib/docfx/index.ts";
 * const pages = renderPagesFor(selectWinners(parseDocfxSet(files)), "global", "en");
 */
export { cloudFromName } from "./cloud-names.ts";
export { contentLocale, isoDate } from "./content-locale.ts";
export {
  DocfxError,
  DocfxSetError,
  type DocfxSetProblem,
  type DocfxWarning,
} from "./docfx-error.ts";
export { FrontMatterSchema, readFrontMatter, type FrontMatter } from "./front-matter.ts";
export { ALERT_KINDS, ALERT_LABELS, alertKind, metadataLabel, type AlertKind } from "./labels.ts";
export {
  classifyHref,
  createLinkResolver,
  docsHref,
  linkTargetSlug,
  portalHref,
  type LinkResolver,
  type LinkTarget,
} from "./links.ts";
export {
  DocfxDocumentSchema,
  DocfxHeadingSchema,
  DocfxPageSchema,
  MtSentenceSchema,
  SLUG_PATTERN,
  type DocfxDocument,
  type DocfxHeading,
  type DocfxPage,
  type MtSentence,
} from "./page-model.ts";
export { parseDocfx, parseDocfxPage, type ParseOptions } from "./parse.ts";
export { renderDocfx, type RenderContext, type RenderedDocfx } from "./render.ts";
export { roleFromName } from "./role-names.ts";
export { parseDocfxSet, readDocfxSet, renderPagesFor, type RenderedListing } from "./site-pages.ts";
export {
  checkDocs,
  listPagesFor,
  selectWinners,
  type DocfxListing,
  type DocfxRef,
  type DocfxWinner,
  type TranslationOnly,
} from "./winners.ts";
