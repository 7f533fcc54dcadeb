import { validator } from "hono/validator";
import type { z } from "zod";
import { AppError, issuesFromZod } from "./problem.ts";

/**
 * Validates the JSON body with `schema`; failures become one 400 `validation_failed` with
 * localized per-field errors. Strict schemas make unknown fields a 400 too (SPEC §7).
 *
 * @example
 * app.post("/session", jsonBody(SignInRequest), (c) => c.json(c.req.valid("json")));
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return validator("json", (value): z.output<T> => parseOrThrow(schema, value));
}

/**
 * Validates the query string with `schema` (same error shape as {@link jsonBody}).
 */
export function queryParams<T extends z.ZodType>(schema: T) {
  return validator("query", (value): z.output<T> => parseOrThrow(schema, value));
}

/** `schema.parse` that throws the API's 400 instead of a ZodError. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError(400, "validation_failed", { errors: issuesFromZod(result.error) });
  }
  return result.data;
}
