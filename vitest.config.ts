import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { CLOUD_IDS } from "./src/domain/clouds.ts";
import { demoSeedSql } from "./worker/seed/demo.ts";

/**
 * A timeout here only catches a hang; how fast anything is gets measured by `npm run bench`.
 * Vitest's 5 s default failed a test of a dozen requests on a loaded CI machine.
 */
const HANG = { testTimeout: 30_000, hookTimeout: 60_000 };

/**
 * Two projects: `unit` runs pure code in Node; `worker` runs the Worker inside workerd with the
 * four real local D1 databases, migrated and seeded by test/worker/setup.ts. Browser tests have
 * their own config (test/e2e/vitest.config.ts): they need a built site and a running server.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/migrations");
  const seeds = Object.fromEntries(
    await Promise.all(CLOUD_IDS.map(async (cloud) => [cloud, await demoSeedSql(cloud)] as const)),
  );
  // A throwaway identity provider key: the Worker trusts its public half (JWT_JWKS); tests sign
  // bearer tokens with the private half.
  const idp = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const publicJwk = {
    ...(await crypto.subtle.exportKey("jwk", idp.publicKey)),
    kid: "test-key",
    alg: "RS256",
    use: "sig",
  };
  const privateJwk = {
    ...(await crypto.subtle.exportKey("jwk", idp.privateKey)),
    kid: "test-key",
    alg: "RS256",
  };
  return {
    test: {
      reporters: ["default", "./test/worker/contract-reporter.ts"],
      projects: [
        {
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.ts"],
            environment: "node",
            ...HANG,
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // A database no migration has touched: the readiness tests migrate it by steps.
                d1Databases: ["DB_BLANK"],
                bindings: {
                  SESSION_SECRET: "test-session-secret-0123456789abcdef0123456789",
                  PUBLIC_ORIGIN: "https://portal.test",
                  TEST_MIGRATIONS: migrations,
                  TEST_SEEDS: seeds,
                  JWT_ISSUER: "https://login.test/",
                  // One audience per cloud: a token for one cloud means nothing in another.
                  JWT_AUDIENCE: "partner-portal-{cloud}",
                  JWT_JWKS: JSON.stringify({ keys: [publicJwk] }),
                  TEST_JWT_PRIVATE_JWK: JSON.stringify(privateJwk),
                  // The suites under test/worker/suites run at CI size unless told "deep".
                  SUITE_SIZE: process.env["SUITE_SIZE"] === "deep" ? "deep" : "ci",
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["test/worker/setup.ts"],
            ...HANG,
          },
        },
      ],
    },
  };
});
