import { defineConfig } from "vitest/config";

/**
 * The load suite: a mixed workload against the Worker under `wrangler dev` on 127.0.0.1 (fresh
 * local databases), in Node. Bounded by its duration (SUITE_SIZE: short in CI, 60 s deep).
 */
export default defineConfig({
  test: {
    name: "load",
    root: ".",
    include: ["test/load/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
