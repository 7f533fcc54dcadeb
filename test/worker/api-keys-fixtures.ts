/**
 * Shared set-up for the API key tests: a key made through the API by a signed-in global admin,
 * and the header a request made with it carries.
 */
import type { CreatedApiKey } from "../../src/domain/schemas/api-key.ts";
import type { PartnerSession } from "./customers-fixtures.ts";
import { call } from "./helpers.ts";

/** `Authorization` for a request made with API key `secret`. */
export function keyHeaders(secret: string): Record<string, string> {
  return { Authorization: `Bearer ${secret}` };
}

/** Creates a key for `session`'s partner (default: customers.read, 30 days). */
export async function createApiKey(
  session: PartnerSession,
  body: Record<string, unknown> = {},
): Promise<CreatedApiKey> {
  const response = await call(`/api/v1/${session.cloud}/api-keys`, {
    cookie: session.cookie,
    body: { name: "Automation", permissions: ["customers.read"], expiresInDays: 30, ...body },
  });
  if (response.status !== 201) {
    throw new Error(`key creation failed: ${response.status} ${await response.text()}`);
  }
  return response.json<CreatedApiKey>();
}
