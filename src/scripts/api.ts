import type { Problem } from "../domain/schemas/problem.ts";
import type { SessionUser } from "../domain/schemas/session.ts";
import { pageContext } from "./page.ts";

/** An API answer: the status, the response headers and the parsed body (problem+json for errors). */
export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; problem: Partial<Problem>; headers: Headers };

/** The network failed (offline, DNS, aborted): no status to show. */
export class NetworkError extends Error {}

/** What a call adds to the request: headers such as `If-Match` or `Idempotency-Key`. */
export interface ApiOptions {
  headers?: Record<string, string>;
  /** How a successful body is read: JSON (the default) or, for downloads, a Blob. */
  read?: "json" | "blob";
}

/**
 * Calls `/api/v1/{cloud}{path}` of the page's cloud, in the page's language (so problem
 * details come back in the language the reader reads, not the browser's).
 *
 * @example
 * const result = await api<SessionUser>("GET", "/session");
 * const created = await api<CustomerCreated>("POST", "/customers", body, {
 *   headers: { "Idempotency-Key": key },
 * });
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: ApiOptions = {},
): Promise<ApiResult<T>> {
  const { cloud, locale } = pageContext();
  const headers = new Headers({
    Accept: options.read === "blob" ? "*/*" : "application/json",
    "Accept-Language": locale,
    ...options.headers,
  });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(`/api/v1/${cloud}${path}`, {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
  const type = response.headers.get("Content-Type") ?? "";
  if (response.ok && options.read === "blob") {
    const blob = await response.blob().catch((error: unknown) => {
      throw new NetworkError((error as Error).message);
    });
    return { ok: true, status: response.status, data: blob as T, headers: response.headers };
  }
  const json: unknown = /\bjson\b/.test(type) ? await response.json().catch(() => null) : null;
  if (response.ok) {
    return { ok: true, status: response.status, data: json as T, headers: response.headers };
  }
  const problem = json !== null && typeof json === "object" ? (json as Partial<Problem>) : {};
  return { ok: false, status: response.status, problem, headers: response.headers };
}

/**
 * Whether an API answer looks like the signed-in user. A structural check, not the zod schema:
 * zod would weigh more than the rest of the page's JavaScript together.
 */
export function isSessionUser(value: unknown): value is SessionUser {
  const user = value as Partial<SessionUser> | null;
  return (
    typeof user?.name === "string" &&
    typeof user.email === "string" &&
    typeof user.mustChangePassword === "boolean"
  );
}

let current: Promise<SessionUser | null> | undefined;

/**
 * The signed-in user of the page's cloud, or null; fetched once per page and shared by the
 * header and the page's own module.
 */
export function session(): Promise<SessionUser | null> {
  current ??= api<unknown>("GET", "/session").then(
    (result) => (result.ok && isSessionUser(result.data) ? result.data : null),
    () => null,
  );
  return current;
}

/** Tells the page a user signed in (the header re-renders; see session-user.ts). */
export function announceSession(user: SessionUser): void {
  current = Promise.resolve(user);
  document.dispatchEvent(new CustomEvent<SessionUser>("portal:session", { detail: user }));
}
