import { defineConfig } from "vitest/config";

/**
 * Browser tests: the built site and the Worker under `wrangler dev` on 127.0.0.1 with fresh local
 * databases (global-setup.ts), driven in Debian's Chromium through playwright-core. One file at
 * a time: the machine has two cores.
 */
export default defineConfig({
  test: {
    name: "e2e",
    root: ".",
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
