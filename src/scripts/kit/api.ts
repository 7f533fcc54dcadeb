/**
 * The portal's API for browser modules: `hc<AppType>` (hono/client), so every path, parameter,
 * body and answer is typed by the Worker's own routes (types only: no Worker code reaches the
 * browser), and {@link call}, which turns what a call can end in — an answer, a problem+json
 * refusal, a network failure — into one typed result a page cannot forget to handle.
 *
 * @example
 * const page = await call(api.customers.$get({ param: here(), query: { q: "Рога" } }), messages);
 * if (page.ok) render(page.data.items);
 * else showAlert(alert, page.problem);
 */
import { hc, type ClientResponse } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { AppType } from "../../../worker/app.ts";
import type { Problem } from "../../domain/schemas/problem.ts";
import type { SessionUser } from "../../domain/schemas/session.ts";
import { SIGNED_IN_HINT_COOKIE, SIGNED_IN_HINT_VALUE } from "../../domain/signed-in-hint.ts";
import { pageContext } from "../page.ts";
import type { Messages } from "./messages.ts";

/**
 * The API of every cloud (`/api/v1/:cloud/…`); a call names the page's cloud with
 * `param: here()`. Problem details come back in the page's language, not the browser's.
 */
export const api = hc<AppType>("/", {
  headers: () => ({ "Accept-Language": pageContext().locale }),
  init: { credentials: "same-origin" },
}).api.v1[":cloud"];

/** The path parameters of the page's cloud, for every call of {@link api}. */
export function here(): { cloud: string } {
  return { cloud: pageContext().cloud };
}

/** A call's outcome; `status` 0 when the network failed (the problem then says so). */
export type Result<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; problem: Partial<Problem>; headers: Headers };

/** What a successful answer of a route carries: its JSON body, or null (204). */
export type Data<R> =
  R extends ClientResponse<infer T, infer S, infer F>
    ? S extends 204
      ? null
      : S extends SuccessStatusCode
        ? F extends "json"
          ? T
          : never
        : never
    : never;

type Answer = ClientResponse<unknown>;

/** The refusal of a call that never got an answer. */
function unreachable(messages: Messages | undefined): Result<never> {
  const title = messages?.text("network") ?? "";
  return { ok: false, status: 0, problem: { title }, headers: new Headers() };
}

/**
 * Reads an answer. The one place a body is given its type: `Data<R>` is what the route says it
 * answers, and the problem shape is the one error body every route shares.
 */
async function settle<T>(
  request: Promise<Answer>,
  messages: Messages | undefined,
  read: (response: Answer) => Promise<T>,
): Promise<Result<T>> {
  let response: Answer;
  try {
    response = await request;
  } catch {
    return unreachable(messages);
  }
  const { status, headers } = response;
  try {
    if (response.ok) return { ok: true, status, data: await read(response), headers };
    const json = /\bjson\b/.test(headers.get("Content-Type") ?? "")
      ? await response.json().catch(() => null)
      : null;
    const problem = json !== null && typeof json === "object" ? (json as Partial<Problem>) : {};
    return { ok: false, status, problem, headers };
  } catch {
    // The answer broke off while its body was read.
    return unreachable(messages);
  }
}

/**
 * Runs one API call: its JSON answer (null for 204) typed by its route, a problem+json
 * refusal, or — offline, DNS, aborted — a refusal with status 0 and the page's `network`
 * message as its title.
 *
 * @example
 * const created = await call(api.invitations.$post({ param: here(), json: body }), messages);
 */
export function call<R extends Answer>(
  request: Promise<R>,
  messages?: Messages,
): Promise<Result<Data<R>>> {
  return settle(request, messages, async (response) =>
    response.status === 204
      ? null
      : /\bjson\b/.test(response.headers.get("Content-Type") ?? "")
        ? ((await response.json()) as Data<R>)
        : null,
  ) as Promise<Result<Data<R>>>;
}

/** {@link call} for a download: the answer's body as a Blob (a CSV export). */
export function callFile(request: Promise<Answer>, messages?: Messages): Promise<Result<Blob>> {
  return settle(request, messages, (response) => response.blob());
}

let current: Promise<SessionUser | null> | undefined;

/** Whether the API has set this cloud's signed-in hint (no credential: see its module). */
export function signedInHint(): boolean {
  return document.cookie
    .split(";")
    .some((pair) => pair.trim() === `${SIGNED_IN_HINT_COOKIE}=${SIGNED_IN_HINT_VALUE}`);
}

/**
 * The signed-in user of the page's cloud, or null; fetched once per page and shared by the
 * header and the page's own module. Without the signed-in hint nobody is signed in here, and
 * the page asks nothing (a signed-out page makes no request that fails).
 */
export function session(): Promise<SessionUser | null> {
  current ??= signedInHint()
    ? call(api.session.$get({ param: here() })).then((result) => (result.ok ? result.data : null))
    : Promise.resolve(null);
  return current;
}

/** Tells the page a user signed in (the header re-renders; see session-user.ts). */
export function announceSession(user: SessionUser): void {
  current = Promise.resolve(user);
  document.dispatchEvent(new CustomEvent<SessionUser>("portal:session", { detail: user }));
}
