/**
 * Cryptography on WebCrypto only, so the same code runs in the Worker and in Node (the demo
 * seed hashes its passwords with it).
 */

/** Workers caps PBKDF2 at 100,000 iterations. */
const PBKDF2_ITERATIONS = 100_000;
const encoder = new TextEncoder();

/** base64url without padding (RFC 4648 §5). */
export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes base64url; throws on malformed input. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** `byteLength` bytes from the CSPRNG, base64url-encoded. */
export function randomToken(byteLength = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** Hex SHA-256 of a string (for storing tokens by hash). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Constant-time comparison of two byte strings of any length. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * A PBKDF2-SHA-256 hash with a fresh 16-byte salt, as `pbkdf2-sha256$<iterations>$<salt>$<hash>`.
 *
 * @example
 * const stored = await hashPassword("Portal!Demo2026");
 * await verifyPassword("Portal!Demo2026", stored); // true
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${base64url(salt)}$${base64url(hash)}`;
}

/**
 * A fast keyed hash for a secret the server generated with ≥ 128 bits of entropy (a temporary
 * password), as `hmac-sha256$<salt>$<mac>`. A slow hash guards guessable, user-chosen passwords;
 * against 2^128 candidates it adds nothing, while costing every create 100,000 iterations. The
 * key (derived from the deployment's secret) keeps a leaked table useless on its own.
 *
 * @example
 * const stored = await hashGeneratedSecret(key, "r8W#…");
 * await verifyPassword("r8W#…", stored, key); // true
 */
export async function hashGeneratedSecret(key: CryptoKey, secret: string): Promise<string> {
  const salt = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${salt}$${secret}`));
  return `hmac-sha256$${salt}$${base64url(mac)}`;
}

/**
 * Whether `password` matches a hash made by {@link hashPassword} or, given the key it was made
 * with, by {@link hashGeneratedSecret}. Both kinds take one PBKDF2 derivation, so the time of a
 * sign-in does not tell which kind an account holds.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  generatedSecretKey?: CryptoKey,
): Promise<boolean> {
  const parts = stored.split("$");
  if (parts[0] === "hmac-sha256" && parts.length === 3 && generatedSecretKey) {
    const [, salt, mac] = parts as [string, string, string];
    const [, , decoySalt] = DECOY_PASSWORD_HASH.split("$");
    await pbkdf2(password, fromBase64url(decoySalt ?? ""), PBKDF2_ITERATIONS);
    const actual = await crypto.subtle.sign(
      "HMAC",
      generatedSecretKey,
      encoder.encode(`${salt}$${password}`),
    );
    return timingSafeEqual(new Uint8Array(actual), fromBase64url(mac));
  }
  const [scheme, iterations, salt, hash] = parts;
  if (scheme !== "pbkdf2-sha256" || !iterations || !salt || !hash) return false;
  const actual = await pbkdf2(password, fromBase64url(salt), Number(iterations));
  return timingSafeEqual(actual, fromBase64url(hash));
}

/**
 * A hash of a password nobody has, verified against when the user name is unknown so that an
 * unknown user and a wrong password take the same time.
 */
export const DECOY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** An HMAC-SHA-256 key for signing tokens and cursors. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

const derivedKeys = new Map<string, Promise<CryptoKey>>();

/**
 * An HMAC key of its own for `purpose`, derived from the deployment's secret once per isolate
 * (domain separation: a cursor MAC is never a valid password hash, and so on).
 *
 * @example
 * const key = await derivedKey(env.SESSION_SECRET, "partner-portal/cursor/v1");
 */
export function derivedKey(secret: string, purpose: string): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let key = derivedKeys.get(id);
  if (!key) {
    key = hmacKey(secret)
      .then((root) => crypto.subtle.sign("HMAC", root, encoder.encode(purpose)))
      .then((derived) => hmacKey(base64url(derived)));
    derivedKeys.set(id, key);
  }
  return key;
}

/**
 * Signs `payload` (any JSON) as `<base64url json>.<base64url mac>`.
 *
 * @example
 * const token = await signPayload(key, { sub: "u1" });
 * await verifyPayload(key, token); // { sub: "u1" }
 */
export async function signPayload(key: CryptoKey, payload: unknown): Promise<string> {
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(body));
  return `${body}.${base64url(mac)}`;
}

/** The payload of a token signed by {@link signPayload}, or null when it is not authentic. */
export async function verifyPayload(key: CryptoKey, token: string): Promise<unknown> {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return null;
  try {
    const ok = await crypto.subtle.verify("HMAC", key, fromBase64url(mac), encoder.encode(body));
    return ok ? JSON.parse(new TextDecoder().decode(fromBase64url(body))) : null;
  } catch {
    return null;
  }
}

/** Random UUID v4 for record ids. */
export function newId(): string {
  return crypto.randomUUID();
}
