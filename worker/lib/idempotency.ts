/**
 * `Idempotency-Key` for creates (SPEC §7; draft-ietf-httpapi-idempotency-key-header). A key is
 * claimed in the same batch as the write it protects, pointing at the resource that write
 * creates; if the write does not happen, the claim is released in that batch too (the
 * statements are the feature's, in its repo.ts). So a key is never seen half-used: another
 * request with it finds either nothing (and proceeds) or the finished resource (a replay, or
 * 422 when its body differs).
 */
import type { Context } from "hono";
import type { AppEnv } from "./context.ts";
import { sha256Hex } from "./crypto.ts";
import { AppError } from "./problem.ts";

/** How long a key is remembered (as Stripe and the IETF draft suggest: a day). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, if any; 400 when it is not 1–255 visible ASCII characters. */
export function idempotencyKeyOf(c: Context<AppEnv>): string | undefined {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return undefined;
  // A structured-field string may come quoted (draft-ietf-httpapi-idempotency-key-header §2).
  const unquoted = key.trim().replace(/^"(.*)"$/, "$1");
  if (!KEY_PATTERN.test(unquoted)) {
    throw new AppError(400, "validation_failed", {
      errors: [
        { path: "Idempotency-Key", code: "invalid_format", message: "validation.idempotency_key" },
      ],
    });
  }
  return unquoted;
}

/** The fingerprint of a request: method, route and the validated (normalized) body. */
export function requestHash(method: string, route: string, body: unknown): Promise<string> {
  return sha256Hex(`${method}\n${route}\n${JSON.stringify(body)}`);
}

export interface IdempotencyClaim {
  partnerId: string;
  key: string;
  hash: string;
  resourceId: string;
  now: string;
}
