import type { AppEnv } from "./context.ts";
import { AppError } from "./problem.ts";

/**
 * Counts one attempt against a Workers Rate Limiting binding and answers 429 when the key is
 * over its limit. The binding's period is 60 s, hence `Retry-After: 60`.
 *
 * @example
 * await enforceRateLimit(c.env.SIGN_IN_LIMITER, `global:${username}`);
 */
export async function enforceRateLimit(limiter: RateLimit, key: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw new AppError(429, "rate_limited", { headers: { "Retry-After": "60" } });
}

/** The write limiter key of a partner (or customer) in a cloud. */
export function writeKey(env: AppEnv["Variables"]): string {
  const principal = env.principal;
  const tenant = principal?.partnerId ?? principal?.customerId ?? "anonymous";
  return `${env.cloud}:${tenant}`;
}
