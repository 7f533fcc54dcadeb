import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      TEST_SEEDS: Record<string, string[]>;
      TEST_JWT_PRIVATE_JWK: string;
      JWT_ISSUER: string;
      JWT_AUDIENCE: string;
      JWT_JWKS: string;
      SUITE_SIZE: "ci" | "deep";
      PUBLIC_ORIGIN: string;
      DB_BLANK: D1Database;
    }
  }
}
