/**
 * The browser kit every task page's module uses, beside the typed API and its one result
 * (./api.ts): the access gate, the page's messages, problems in forms and alerts, Intl
 * formatting, the pager, the searchable choices.
 */
export { admit, refused, showAccess, type Access } from "./access.ts";
export { searchableChoices } from "./choices.ts";
export { confirmAction } from "./confirm.ts";
export { copyButtons, part, saveFile } from "./dom.ts";
export { formatDate, formatNumber, languageName, regionName } from "./format.ts";
export { Messages, fill } from "./messages.ts";
export { PageCursors, pager, type Page } from "./pager.ts";
export {
  checkFields,
  clearErrors,
  showAlert,
  showFieldError,
  showFieldErrors,
  showProblem,
} from "./problem.ts";
