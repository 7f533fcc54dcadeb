/**
 * Sign-in throttling (SPEC §7): per client address as well as per user name, so one source
 * cannot spray many names, and a stranger who hammers a known name locks out only themselves —
 * locking the name for everyone takes many addresses.
 */
import { describe, expect, it } from "vitest";
import { call, createPartnerUser, DEMO_PASSWORD, problemOf } from "./helpers.ts";

/** A documentation-range IPv6 address nobody else in the test run uses. */
function freshAddress(): string {
  const hex = crypto.randomUUID().replaceAll("-", "");
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}::1`;
}

/**
 * Waits, when less than `needed` ms is left of the current minute, for the next one. The
 * limiters count in one-minute windows aligned to the clock (the local binding's, like
 * production's): attempts that straddle a boundary are counted in two windows, and neither
 * might reach the limit.
 */
async function windowWithRoomFor(needed: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needed) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

function attempt(username: string, password: string, address: string) {
  return call("/api/v1/global/session", {
    body: { username, password },
    headers: { "CF-Connecting-IP": address },
  });
}

describe("sign-in throttling", () => {
  it("stops one address spraying many user names", async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    await windowWithRoomFor(40_000);
    for (let i = 0; i < 65; i++) {
      const response = await attempt(`sprayed-${crypto.randomUUID()}@x.example`, "guess", address);
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    const { email } = await createPartnerUser("global");
    expect((await attempt(email, DEMO_PASSWORD, freshAddress())).status).toBe(200);
    // Each attempt verifies a password (PBKDF2, by design slow): allow for a busy machine.
  }, 120_000);

  it("locks a stranger out of a name, not the name's owner", async () => {
    const { email } = await createPartnerUser("global");
    const stranger = freshAddress();
    const statuses: number[] = [];
    await windowWithRoomFor(20_000);
    for (let i = 0; i < 12; i++)
      statuses.push((await attempt(email, `guess-${i}`, stranger)).status);
    expect(statuses).toContain(429);
    const limited = await attempt(email, DEMO_PASSWORD, stranger);
    expect(limited.status).toBe(429);
    expect((await problemOf(limited)).code).toBe("rate_limited");
    // The owner, from their own address, still signs in.
    expect((await attempt(email, DEMO_PASSWORD, freshAddress())).status).toBe(200);
  }, 60_000);
});
