import { describe, expect, it } from "vitest";
import { NewPassword } from "../../src/domain/schemas/session.ts";
import { temporaryPassword } from "../../worker/lib/temporary-password.ts";

const GROUPS = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#$%&*+-=?@"];
const ALPHABET = GROUPS.join("");

describe("temporary passwords", () => {
  it("are 22 characters of the alphabet, one of each group at least, and meet the password policy", () => {
    for (let i = 0; i < 2000; i++) {
      const password = temporaryPassword();
      expect(password).toHaveLength(22);
      expect([...password].every((ch) => ALPHABET.includes(ch))).toBe(true);
      for (const group of GROUPS) expect([...password].some((ch) => group.includes(ch))).toBe(true);
      expect(NewPassword.safeParse(password).success).toBe(true);
    }
  });

  it("use every character of the alphabet about equally often, at every position", () => {
    const samples = 20_000;
    const counts = new Map<string, number>();
    const first = new Map<string, number>();
    const seen = new Set<string>();
    for (let i = 0; i < samples; i++) {
      const password = temporaryPassword();
      seen.add(password);
      for (const ch of password) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      first.set(password[0] ?? "", (first.get(password[0] ?? "") ?? 0) + 1);
    }
    expect(seen.size).toBe(samples);
    expect([...counts.keys()].sort()).toEqual([...ALPHABET].sort());
    expect([...first.keys()].sort()).toEqual([...ALPHABET].sort());
    // 18 of 22 characters are drawn from the whole alphabet, 4 from their group: a character's
    // expected count is samples × (18 / 68 + 1 / |group|), within 10 % for any of them.
    for (const group of GROUPS) {
      const expected = samples * (18 / ALPHABET.length + 1 / group.length);
      for (const ch of group) {
        expect(Math.abs((counts.get(ch) ?? 0) - expected) / expected).toBeLessThan(0.1);
      }
    }
  });
});
