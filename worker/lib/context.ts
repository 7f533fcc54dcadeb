import type { CloudId } from "../../src/domain/clouds.ts";
import type { Locale } from "../../src/domain/locales.ts";
import type { Principal } from "./auth.ts";
import type { Clock } from "./clock.ts";

/**
 * Hono's environment for the whole app: the Worker bindings (from `wrangler types`) and the
 * variables middleware sets on the way in.
 */
export interface AppEnv {
  Bindings: Env & {
    /** Secret (≥ 32 chars) that signs list cursors. */
    SESSION_SECRET?: string;
    /** Optional production identity provider (bearer JWTs), per deployment. */
    JWT_ISSUER?: string;
    JWT_AUDIENCE?: string;
    /** A JWKS document (JSON) or its URL. */
    JWT_JWKS?: string;
    JWT_JWKS_URL?: string;
    /** JSON map of cloud id → host, for clouds this deployment does not hold. */
    PORTAL_CLOUD_HOSTS?: string;
    /** Days an invitation stays valid (1–365); 30 when unset (SPEC §7, Guarantees). */
    INVITATION_TTL_DAYS?: string;
  };
  Variables: {
    requestId: string;
    locale: Locale;
    cloud: CloudId;
    /** The cloud's database; for a cookie session, bound to it (`lib/session-bound-db.ts`). */
    db: D1Database;
    /** The cloud's database without the session check: only for signing in and out. */
    unboundDb: D1Database;
    principal: Principal | undefined;
    /**
     * Set by a route whose answer does not depend on the request's credential being live
     * (signing out of this session): authentication then skips its closing check.
     */
    answersAnyCredential?: boolean;
    /** The app's clock (`createApp({ now })`); routes read "now" from it, never `Date.now`. */
    now: Clock;
  };
}
