/**
 * What the relationship and audit pages' modules share: finding their parts, the messages the
 * page rendered (`data-msg-*` with `{placeholders}`), the access states (signed out, not
 * allowed, ready), problems in an alert region, and dates in the page's language.
 */
import type { SessionUser } from "../../domain/schemas/session.ts";
import { NetworkError, session, type ApiResult } from "../api.ts";
import { intlLocale, showAccess } from "../dom.ts";

export { intlLocale, part, showAccess, showAlert as showProblem, type Access } from "../dom.ts";

/**
 * The message `data-msg-{name}` of `root`, its `{placeholders}` filled.
 *
 * @example
 * message(root, "expires", { date: "1 mars 2026" }); // "Expire le 1 mars 2026"
 */
export function message(
  root: HTMLElement,
  name: string,
  values: Readonly<Record<string, string>> = {},
): string {
  // `data-msg-state-pending` is `dataset.msgStatePending`: "state-pending" and "statePending" both name it.
  const camel = name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
  const key = `msg${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
  return (root.dataset[key] ?? "").replace(/\{(\w+)\}/g, (whole, placeholder: string) =>
    Object.hasOwn(values, placeholder) ? (values[placeholder] ?? "") : whole,
  );
}

/** An ISO 8601 instant as a date (and time) in the page's language and the reader's zone. */
export function formatInstant(iso: string, withTime = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(), {
    dateStyle: withTime ? "medium" : "long",
    ...(withTime ? { timeStyle: "short" } : {}),
  }).format(date);
}

/**
 * The signed-in user if `allowed` says they may use the page, after showing the page; null
 * after showing why not (signed out, or not allowed).
 */
export async function admit(
  root: ParentNode,
  allowed: (user: SessionUser) => boolean,
): Promise<SessionUser | null> {
  const user = await session();
  if (!user) {
    showAccess(root, "signed-out");
    return null;
  }
  if (!allowed(user)) {
    showAccess(root, "forbidden");
    return null;
  }
  showAccess(root, "ready");
  return user;
}

/** A problem's lines: title, detail, then each field message. */

/**
 * Runs an API call, turning a thrown network failure into an answer the caller handles like
 * any refusal (status 0, the page's network message).
 */
export async function attempt<T>(
  root: HTMLElement,
  call: () => Promise<ApiResult<T>>,
): Promise<ApiResult<T>> {
  try {
    return await call();
  } catch (error) {
    const key = error instanceof NetworkError ? "network" : "unexpected";
    return { ok: false, status: 0, problem: { title: message(root, key) }, headers: new Headers() };
  }
}
