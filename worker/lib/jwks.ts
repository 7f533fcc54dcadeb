/**
 * The identity provider's signing keys (JWKS, RFC 7517), fetched from its URL and cached the
 * way it asks (`Cache-Control: max-age`), within bounds: never less than a minute (a `no-store`
 * IdP would otherwise be fetched on every request), never more than a day (so a withdrawn key
 * goes), a few URLs at most. A token signed with a key we do not know yet (a rotation) refreshes
 * the set at once — but at most once a minute, so a flood of made-up `kid`s is not a flood of
 * fetches.
 */
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";

const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 24 * 60 * 60 * 1000;
const UNKNOWN_KID_REFRESH_MS = 60_000;

interface Entry {
  keys: HonoJsonWebKey[];
  expiresAt: number;
  /** When an unknown `kid` last made us fetch. */
  missRefreshAt: number;
}

export interface JwksCacheOptions {
  fetch?: (url: string) => Promise<Response>;
  now?: () => number;
  /** URLs kept at once (oldest dropped first). */
  maxEntries?: number;
}

/** How long a JWKS response may be kept, from its `Cache-Control`. */
function ttlOf(response: Response): number {
  const maxAge = /(?:^|,)\s*max-age=(\d+)/i.exec(response.headers.get("Cache-Control") ?? "");
  const ms = maxAge ? Number(maxAge[1]) * 1000 : 0;
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, ms));
}

/**
 * A bounded JWKS cache. One per isolate serves every request.
 *
 * @example
 * const keys = await jwksCache.keysFor("https://login.example/keys", header.kid);
 */
export class JwksCache {
  readonly #fetch: (url: string) => Promise<Response>;
  readonly #now: () => number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: JwksCacheOptions = {}) {
    this.#fetch =
      options.fetch ?? ((url) => fetch(url, { headers: { Accept: "application/json" } }));
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 4;
  }

  /** How many JWKS URLs are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** The keys published at `url`, refreshed when stale or when none has `kid`. */
  async keysFor(url: string, kid: string | undefined): Promise<HonoJsonWebKey[]> {
    const now = this.#now();
    const entry = this.#entries.get(url);
    if (!entry || entry.expiresAt <= now) return (await this.#load(url, entry, 0)).keys;
    const known = entry.keys.some((key) => key.kid === kid);
    if (!known && now - entry.missRefreshAt >= UNKNOWN_KID_REFRESH_MS) {
      return (await this.#load(url, entry, now)).keys;
    }
    return entry.keys;
  }

  async #load(url: string, stale: Entry | undefined, missRefreshAt: number): Promise<Entry> {
    const now = this.#now();
    let entry: Entry;
    try {
      const response = await this.#fetch(url);
      if (!response.ok) throw new Error(`JWKS ${response.status}`);
      const body: unknown = await response.json();
      const keys =
        typeof body === "object" && body !== null ? (body as { keys?: unknown }).keys : null;
      if (!Array.isArray(keys)) throw new Error("JWKS without keys");
      entry = {
        keys: keys as HonoJsonWebKey[],
        expiresAt: now + ttlOf(response),
        missRefreshAt: missRefreshAt || (stale?.missRefreshAt ?? 0),
      };
    } catch (error) {
      // The IdP is down: keep what we had for another minute rather than sign everyone out.
      if (!stale) throw error;
      entry = { ...stale, expiresAt: now + MIN_TTL_MS, missRefreshAt: now };
    }
    this.#entries.delete(url);
    this.#entries.set(url, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return entry;
  }
}
