import { z } from "zod";

/** One field error inside a problem (SPEC §7). */
export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/**
 * The one error shape of the API: RFC 9457 problem details with the portal's `code`,
 * per-field `errors` and the `requestId` to quote to support.
 */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(FieldError).optional(),
  requestId: z.string(),
});
export type Problem = z.infer<typeof Problem>;
