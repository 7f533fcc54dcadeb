import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { translator, type MessageKey } from "../../src/domain/i18n.ts";
import type { Locale } from "../../src/domain/locales.ts";
import type { FieldError, Problem } from "../../src/domain/schemas/problem.ts";

/** Problem codes the API answers with; each has `errors.<code>.title|detail` messages. */
export type ProblemCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "invalid_credentials"
  | "forbidden"
  | "password_change_required"
  | "wrong_password"
  | "not_found"
  | "feature_unavailable"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "invalid_encoding"
  | "payload_too_large"
  | "csrf_rejected"
  | "rate_limited"
  | "internal"
  | "unavailable"
  | "schema_behind"
  | "not_configured"
  | "domain_taken"
  | "precondition_failed"
  | "precondition_required"
  | "idempotency_mismatch"
  | "idempotency_conflict"
  | "idempotency_in_flight"
  | "invalid_cursor"
  | "read_only_field"
  | "delegated_admin_required"
  | "invitation_used"
  | "invitation_gone"
  | "single_partner_only"
  | "relationship_exists"
  | "provider_not_linked"
  | "acknowledgement_required"
  | "api_key_permissions_invalid"
  | "api_key_limit"
  | "partner_domain_taken"
  | "partner_already_suspended"
  | "partner_already_active"
  | "partner_link_types"
  | "partner_link_exists"
  | "partner_link_not_found"
  | "last_global_admin"
  | "email_taken"
  | "group_name_taken"
  | "admin_role_required"
  | "auto_extend_not_allowed"
  | "admin_relationship_decided"
  | "admin_relationship_request_expired"
  | "admin_relationship_not_active";

/** A field error before localization: `message` is a message key plus its values. */
export interface FieldIssue {
  path: string;
  code: string;
  message: MessageKey;
  values?: Record<string, unknown>;
}

/**
 * The API's one error class. Thrown anywhere, turned into localized problem+json by the single
 * `onError` of `createApp()`.
 *
 * @example
 * throw new AppError(403, "forbidden");
 * throw new AppError(400, "validation_failed", { errors: [{ path: "name", code: "required", message: "validation.required" }] });
 */
export class AppError extends HTTPException {
  readonly code: ProblemCode;
  readonly errors: FieldIssue[] | undefined;
  readonly values: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ProblemCode,
    options: {
      errors?: FieldIssue[];
      values?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(status, { message: code });
    this.code = code;
    this.errors = options.errors;
    this.values = options.values ?? {};
    this.headers = options.headers ?? {};
  }
}

/**
 * D1's errors that its documentation says to retry (developers.cloudflare.com/d1/best-practices/
 * retry-queries): the database was briefly unreachable or reset, not the request at fault.
 */
const TRANSIENT_DATABASE_ERROR =
  /Network connection lost|storage caused object to be reset|reset because its code was updated|D1 DB is overloaded|transient issue/i;

/**
 * What a D1 error says, with its cause (D1 puts SQLite's own message there), for matching.
 *
 * @example
 * errorText(error).includes("UNIQUE constraint failed");
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return "";
  const cause = error.cause;
  const causeText = cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "";
  return `${error.message} ${causeText}`;
}

/**
 * Writes `error` to the Worker's log as one JSON line with the request id the client was given:
 * the details stay there, never in a response.
 *
 * @example
 * logError(c.get("requestId"), error);
 */
export function logError(requestId: string, error: unknown): void {
  console.error(
    JSON.stringify({
      level: "error",
      requestId,
      error: String(error),
      stack: error instanceof Error ? error.stack : undefined,
    }),
  );
}

/** Whether `error` is a transient database error, answered 503 with `Retry-After`. */
export function isTransientDatabaseError(error: unknown): boolean {
  return error instanceof Error && TRANSIENT_DATABASE_ERROR.test(errorText(error));
}

/** Shorthand for the 404 that hides whatever is not the caller's. */
export function notFound(): AppError {
  return new AppError(404, "not_found");
}

/**
 * Maps zod issues to the API's field issues: message keys the problem renderer localizes.
 * Custom refinements carry their message key in `message`.
 */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String).join(".");
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: path ? `${path}.${key}` : key,
          code: "unrecognized_key",
          message: "validation.unrecognized_key",
        }));
      case "invalid_type":
        // zod 4 leaves `input` out of issues unless parsed with `reportInput`; its message then
        // still tells a missing value ("received undefined") from a wrong type.
        return (
          "input" in issue ? issue.input === undefined : / received undefined$/.test(issue.message)
        )
          ? [{ path, code: "required", message: "validation.required" }]
          : [{ path, code: "invalid_type", message: "validation.invalid_type" }];
      case "too_small":
        if (issue.origin === "string" && Number(issue.minimum) === 1) {
          return [{ path, code: "required", message: "validation.required" }];
        }
        return issue.origin === "string"
          ? [
              {
                path,
                code: "too_short",
                message: issueMessage(issue.message, "validation.too_short"),
                values: { minimum: issue.minimum },
              },
            ]
          : [
              {
                path,
                code: "too_small",
                message: issueMessage(issue.message, "validation.too_small"),
                values: { minimum: issue.minimum },
              },
            ];
      case "too_big":
        return issue.origin === "string"
          ? [
              {
                path,
                code: "too_long",
                message: "validation.too_long",
                values: { maximum: issue.maximum },
              },
            ]
          : [
              {
                path,
                code: "too_big",
                message: issueMessage(issue.message, "validation.too_big"),
                values: { maximum: issue.maximum },
              },
            ];
      case "invalid_format":
        return issue.format === "email"
          ? [{ path, code: "invalid_email", message: "validation.invalid_email" }]
          : [
              {
                path,
                code: "invalid_format",
                message: issueMessage(issue.message, "validation.invalid_format"),
              },
            ];
      case "invalid_value":
      case "invalid_union":
        return [
          {
            path,
            code: "invalid_value",
            message: issueMessage(issue.message, "validation.invalid_value"),
          },
        ];
      case "custom": {
        // Refinements name their own code and values: `params: { code, values }`.
        const params = (issue.params ?? {}) as { code?: unknown; values?: unknown };
        return [
          {
            path,
            code: typeof params.code === "string" ? params.code : "invalid",
            message: issueMessage(issue.message, "validation.invalid"),
            ...(params.values && typeof params.values === "object"
              ? { values: params.values as Record<string, unknown> }
              : {}),
          },
        ];
      }
      default:
        return [
          { path, code: "invalid", message: issueMessage(issue.message, "validation.invalid") },
        ];
    }
  });
}

/**
 * A refinement's own message when it is a message key (`validation.…`, or a feature's own
 * `<feature>.validation.…`), else the fallback.
 */
function issueMessage(message: string, fallback: MessageKey): MessageKey {
  // A feature's own field messages live under its prefix: `<feature>.validation.<name>`.
  return /^(\w+\.)?validation\./.test(message) ? (message as MessageKey) : fallback;
}

/**
 * Renders a problem+json body (RFC 9457) in `locale`. Never includes an internal message.
 */
export function problemBody(error: AppError, locale: Locale, requestId: string): Problem {
  const t = translator(locale);
  const values = { ...error.values, requestId };
  const errors: FieldError[] | undefined = error.errors?.map((issue) => ({
    path: issue.path,
    code: issue.code,
    message: t(issue.message, issue.values),
  }));
  return {
    type: `urn:partner-portal:problem:${error.code}`,
    title: t(`errors.${error.code}.title` as MessageKey, values),
    status: error.status,
    code: error.code,
    detail: t(`errors.${error.code}.detail` as MessageKey, values),
    ...(errors ? { errors } : {}),
    requestId,
  };
}
