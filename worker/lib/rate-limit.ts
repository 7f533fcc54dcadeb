import type { Context } from "hono";
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

/** The write limiter key of a partner (or customer, or cloud operator) in a cloud. */
export function writeKey(env: AppEnv["Variables"]): string {
  const principal = env.principal;
  const operator = principal?.kind === "operator" ? `operator:${principal.userId}` : undefined;
  const tenant = principal?.partnerId ?? principal?.customerId ?? operator ?? "anonymous";
  return `${env.cloud}:${tenant}`;
}

/**
 * The sign-in limits (SPEC §7), counted before the password is checked:
 * - per client address (`SIGN_IN_ADDRESS_LIMITER`, 60 a minute — an office behind one NAT still signs in): one source cannot spray names;
 * - per user name *from that address* (`SIGN_IN_LIMITER`, 10 a minute): guessing one name is
 *   slow, and a stranger who hammers a known name locks out only their own address;
 * - per user name from anywhere (`SIGN_IN_NAME_LIMITER`, 100 a minute): a wide budget that only
 *   a distributed guess reaches, so locking a name out for its owner takes at least ten
 *   addresses, each spending its own budget.
 * The address is Cloudflare's `CF-Connecting-IP` (set by the edge, not by the client); a request
 * without one (a local run) counts as one unknown address for the name limits only.
 *
 * @example
 * await enforceSignInLimits(c, username);
 */
export async function enforceSignInLimits(c: Context<AppEnv>, username: string): Promise<void> {
  const cloud = c.get("cloud");
  const name = username.trim().toLowerCase();
  const address = c.req.header("CF-Connecting-IP")?.trim().toLowerCase();
  if (address) await enforceRateLimit(c.env.SIGN_IN_ADDRESS_LIMITER, `${cloud}:${address}`);
  await enforceRateLimit(c.env.SIGN_IN_LIMITER, `${cloud}:${name}:${address ?? "unknown"}`);
  await enforceRateLimit(c.env.SIGN_IN_NAME_LIMITER, `${cloud}:${name}`);
}
