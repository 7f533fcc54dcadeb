/**
 * The site's type check reads the Worker's sources for one thing: `AppType` (kit/api.ts), the
 * types `hc` derives the client from. Those sources name the Workers runtime's globals, which
 * the Worker's own program declares (worker/worker-configuration.d.ts, from `wrangler types`);
 * that file cannot join a DOM program, whose globals of the same names it would contradict. So
 * the site declares just the names the Worker uses: D1 from the module form of
 * @cloudflare/workers-types (no globals), a `Fetcher` typed with the DOM's own fetch, and the
 * bindings of `Env`. A binding the Worker starts to use without it here fails this check.
 */
import type * as Workers from "@cloudflare/workers-types/index.ts";

declare global {
  type D1Database = Workers.D1Database;
  type D1PreparedStatement = Workers.D1PreparedStatement;
  type D1Result<T = unknown> = Workers.D1Result<T>;
  type RateLimit = Workers.RateLimit;

  interface Fetcher {
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  }

  interface Env {
    DB_GLOBAL?: D1Database;
    DB_USGOV?: D1Database;
    DB_GERMANY?: D1Database;
    DB_CHINA?: D1Database;
    SIGN_IN_LIMITER: RateLimit;
    SIGN_IN_ADDRESS_LIMITER: RateLimit;
    SIGN_IN_NAME_LIMITER: RateLimit;
    WRITE_LIMITER: RateLimit;
    API_KEY_WRITE_LIMITER: RateLimit;
    ASSETS: Fetcher;
    PORTAL_CLOUDS: string;
    PUBLIC_ORIGIN: string;
  }
}
