/**
 * What every endpoint is declared with (`@hono/zod-openapi`): one `createRoute` object gives the
 * request validation, the handler's types, the typed client's types and the OpenAPI document.
 * Validation failures take the one problem+json path (`AppError` → `onError`), localized, with
 * field paths.
 */
import { OpenAPIHono, type Hook } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import type { z } from "zod";
import { Problem } from "../../src/domain/schemas/problem.ts";
import type { AppEnv } from "./context.ts";
import type { JsonText } from "./keyset-page.ts";
import { AppError, issuesFromZod, logError, notFound } from "./problem.ts";

type ValidationResult = Parameters<Hook<unknown, AppEnv, string, unknown>>[0];

/** The API's 400 for a zod failure: `validation_failed` with one localized error per field. */
export function validationFailed(error: z.ZodError): AppError {
  return new AppError(400, "validation_failed", { errors: issuesFromZod(error) });
}

/**
 * The hook of every route: a body, query or header that fails its schema is a 400 with field
 * errors; a path parameter that fails (an id of the wrong shape) is as absent as a foreign id,
 * a 404.
 */
export function problemHook(result: ValidationResult): undefined {
  if (result.success) return undefined;
  if (result.target === "param") throw notFound();
  throw validationFailed(result.error);
}

/** A hook for routes whose path parameter is a value to check, not an id: every failure is a 400. */
export function fieldProblemHook(result: ValidationResult): undefined {
  if (!result.success) throw validationFailed(result.error);
  return undefined;
}

/**
 * A router of endpoints under the one validation hook.
 *
 * @example
 * export const offerRoutes = apiRoutes().openapi(listOffersRoute, handler);
 */
export function apiRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: problemHook });
}

/**
 * A required JSON request body. Required, so a request without one is validated as `{}` (and
 * refused by strict schemas) rather than skipped.
 *
 * @example
 * createRoute({ method: "post", path: "/session", request: { body: jsonBody(SignInRequest) }, … });
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

/** A JSON response with `schema`. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

const PROBLEM_DESCRIPTIONS = {
  400: "Invalid request: field errors in `errors`",
  401: "Not signed in",
  403: "Not allowed for the caller's role",
  404: "Not found, not the caller's, or not in this cloud",
  409: "Conflicts with the current state",
  410: "No longer available",
  412: "The If-Match version is not current",
  413: "The body is larger than 64 KiB",
  415: "The body is not JSON",
  422: "The Idempotency-Key was used with another body",
  428: "If-Match is required",
  429: "Too many requests (Retry-After)",
} as const;
type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

/**
 * The problem+json (RFC 9457) responses an endpoint can give, by status.
 *
 * @example
 * responses: { 200: json(OfferList, "The catalog"), ...problems(401, 403) }
 */
export function problems<const S extends ProblemStatus[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status],
        content: { "application/problem+json": { schema: Problem } },
      },
    ]),
  ) as {
    [K in S[number]]: {
      description: string;
      content: { "application/problem+json": { schema: typeof Problem } };
    };
  };
}

/**
 * A 200 of JSON text already written in the route's schema (a page SQLite wrote, see
 * `keysetJsonPage`), sent as it is with the headers `c.json` sends, typed as `c.json` would be.
 *
 * @example
 * return jsonAnswer(c, await keysetJsonPage({ … }));
 */
export function jsonAnswer<T>(
  c: Context,
  body: JsonText<T>,
): Response & TypedResponse<JSONParsed<T>, 200, "json"> {
  const response: Response = c.body(body, 200, { "Content-Type": "application/json" });
  return response as Response & TypedResponse<JSONParsed<T>, 200, "json">;
}

/**
 * A streamed CSV download named `filename` in the request's language. The stream's first page
 * is read before the response starts (a refusal is still a problem response); a failure after
 * that is logged with the request id (the client sees a cut download).
 *
 * @example
 * return csvDownload(c, "audit.csv", (onError) => auditExport(caller, window, locale, onError));
 */
export async function csvDownload(
  c: Context<AppEnv>,
  filename: string,
  stream: (onError: (error: unknown) => void) => Promise<ReadableStream<Uint8Array>>,
): Promise<Response> {
  const requestId = c.get("requestId");
  const body = await stream((error) => logError(requestId, error));
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Content-Language": c.get("locale"),
    "Cache-Control": "no-store",
  });
}
