/**
 * Temporary passwords for customer administrators: generated here with ≥ 128 bits of entropy,
 * shown once, stored only as a keyed hash, and to be changed at first sign-in.
 */
import type { AppEnv } from "./context.ts";
import { derivedKey, hashGeneratedSecret } from "./crypto.ts";
import { AppError } from "./problem.ts";

// No look-alike characters (0/O, 1/l/I), since the password is read off a screen and typed.
const GROUPS = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#$%&*+-=?@"];
const ALPHABET = GROUPS.join("");
// 22 characters of a 68-character alphabet: 4 drawn from their groups, 18 from all, ≥ 128 bits.
const LENGTH = 22;

/**
 * Uniformly random indexes, by rejection sampling (no modulo bias), from one CSPRNG draw of 32-bit
 * values (drawn again in the rare case the rejections use it up): one call to
 * `crypto.getRandomValues` per password instead of one per character.
 */
function randomIndexes(): (n: number) => number {
  const values = new Uint32Array(2 * LENGTH + 8);
  let next = values.length;
  return (n) => {
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      if (next === values.length) {
        crypto.getRandomValues(values);
        next = 0;
      }
      const value = values[next++] ?? 0;
      if (value < limit) return value % n;
    }
  };
}

/**
 * A 22-character temporary password (≥ 128 bits) with an upper- and lowercase letter, a digit and
 * a symbol, so it also meets the portal's password policy.
 *
 * @example
 * temporaryPassword(); // "q7R#mVx2…"
 */
export function temporaryPassword(): string {
  const randomBelow = randomIndexes();
  const chars = GROUPS.map((group) => group[randomBelow(group.length)] ?? "");
  while (chars.length < LENGTH) chars.push(ALPHABET[randomBelow(ALPHABET.length)] ?? "");
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? "", chars[i] ?? ""];
  }
  return chars.join("");
}

/**
 * The key temporary passwords are hashed and verified with, derived from the deployment's
 * secret (rotating the secret ends every temporary password not yet changed).
 */
export function temporaryPasswordKey(env: AppEnv["Bindings"]): Promise<CryptoKey> {
  const secret = env.SESSION_SECRET;
  if (!secret || secret.length < 32) throw new AppError(500, "not_configured");
  return derivedKey(secret, "partner-portal/temporary-password/v1");
}

/**
 * A fresh temporary password and what the database keeps of it.
 *
 * @example
 * const { password, passwordHash } = await issueTemporaryPassword(c.env);
 */
export async function issueTemporaryPassword(
  env: AppEnv["Bindings"],
): Promise<{ password: string; passwordHash: string }> {
  const password = temporaryPassword();
  return {
    password,
    passwordHash: await hashGeneratedSecret(await temporaryPasswordKey(env), password),
  };
}
