import { describe, expect, it } from "vitest";
import {
  hashPassword,
  hmacKey,
  randomToken,
  sha256Hex,
  signPayload,
  verifyPassword,
  verifyPayload,
} from "../../worker/lib/crypto.ts";

describe("passwords", () => {
  it("hash with PBKDF2-SHA-256 and a per-user salt", async () => {
    const [a, b] = [await hashPassword("Portal!Demo2026"), await hashPassword("Portal!Demo2026")];
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("Portal!Demo2026", a)).toBe(true);
    expect(await verifyPassword("portal!demo2026", a)).toBe(false);
    expect(await verifyPassword("Portal!Demo2026", "md5$abc")).toBe(false);
  });
});

describe("signed payloads", () => {
  it("round-trip and refuse any change", async () => {
    const key = await hmacKey("k".repeat(32));
    const token = await signPayload(key, { sub: "u1", cloud: "global" });
    expect(await verifyPayload(key, token)).toEqual({ sub: "u1", cloud: "global" });
    expect(
      await verifyPayload(
        key,
        token.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      ),
    ).toBeNull();
    expect(await verifyPayload(await hmacKey("x".repeat(32)), token)).toBeNull();
    expect(await verifyPayload(key, "garbage")).toBeNull();
  });
});

describe("tokens", () => {
  it("carry 256 bits and hash to hex", async () => {
    expect(randomToken()).toMatch(/^[\w-]{43}$/);
    expect(await sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
