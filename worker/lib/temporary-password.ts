/**
 * Temporary passwords for customer administrators: shown once, stored only as a PBKDF2 hash,
 * and to be changed at first sign-in.
 */

// No look-alike characters (0/O, 1/l/I), since the password is read off a screen and typed.
const GROUPS = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#$%&*+-=?@"];
const ALPHABET = GROUPS.join("");
const LENGTH = 16;

/** A uniformly random index below `n`, by rejection sampling (no modulo bias). */
function randomBelow(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? 0;
    if (value < limit) return value % n;
  }
}

/**
 * A 16-character temporary password (≈ 95 bits) with an upper- and lowercase letter, a digit and
 * a symbol, so it also meets the portal's password policy.
 *
 * @example
 * temporaryPassword(); // "q7R#mVx2…"
 */
export function temporaryPassword(): string {
  const chars = GROUPS.map((group) => group[randomBelow(group.length)] ?? "");
  while (chars.length < LENGTH) chars.push(ALPHABET[randomBelow(ALPHABET.length)] ?? "");
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? "", chars[i] ?? ""];
  }
  return chars.join("");
}
