import { describe, expect, it } from "vitest";
import { KEY_PERMISSIONS } from "../../src/domain/schemas/api-key.ts";
import {
  apiKeyHash,
  canonicalPermissions,
  newApiKey,
  parseApiKey,
} from "../../worker/lib/api-key.ts";
import { base64url, fromBase64url } from "../../worker/lib/crypto.ts";

const claims = {
  id: crypto.randomUUID(),
  partnerId: crypto.randomUUID(),
  createdBy: crypto.randomUUID(),
  permissions: canonicalPermissions(["customers.create", "customers.read"]),
};

describe("API key text", () => {
  it("carries 256 random bits and its claims, for one cloud only", () => {
    const key = newApiKey("germany", claims);
    expect(key).toMatch(/^pk_germany_[\w-]{110}$/);
    expect(parseApiKey("germany", key)).toEqual(claims);
    expect(parseApiKey("global", key)).toBeUndefined();
    expect(parseApiKey("global", key.replace("pk_germany_", "pk_global_"))).toEqual(claims);
    // Two keys of the same claims share nothing but the claims.
    const other = newApiKey("germany", claims);
    expect(other.slice(11, 54)).not.toBe(key.slice(11, 54));
  });

  it("encodes every permission a key may hold, in one fixed order", () => {
    const all = { ...claims, permissions: [...KEY_PERMISSIONS] };
    expect(parseApiKey("global", newApiKey("global", all))?.permissions).toEqual(KEY_PERMISSIONS);
    expect(canonicalPermissions(["audit.read", "customers.read"])).toEqual([
      "customers.read",
      "audit.read",
    ]);
  });

  it("refuses malformed text, no permission or unknown permission bits", () => {
    const key = newApiKey("global", claims);
    const tail = fromBase64url(key.slice("pk_global_".length));
    const withMask = (high: number, low: number) => {
      const bytes = tail.slice();
      bytes[bytes.length - 2] = high;
      bytes[bytes.length - 1] = low;
      return `pk_global_${base64url(bytes)}`;
    };
    expect(parseApiKey("global", withMask(0, 0))).toBeUndefined();
    expect(parseApiKey("global", withMask(0x80, 0x01))).toBeUndefined();
    for (const text of [
      "",
      "pk_global_",
      `${key}x`,
      key.slice(0, -1),
      `sk_global_${key.slice(10)}`,
    ]) {
      expect(parseApiKey("global", text), text).toBeUndefined();
    }
  });

  it("is kept as a hash of the whole text", async () => {
    const key = newApiKey("global", claims);
    expect(await apiKeyHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(await apiKeyHash(key)).not.toBe(await apiKeyHash(newApiKey("global", claims)));
  });
});
