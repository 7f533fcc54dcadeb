// @ts-check
import { defineConfig } from "astro/config";
import { portal } from "./src/site/integration.ts";

// Every script and stylesheet stays a file: the CSP allows no inline script or style
// (src/domain/security-headers.ts), and scripts/check-site.ts verifies the built HTML.
export default defineConfig({
  site: process.env.SITE_URL ?? "http://127.0.0.1:8787",
  output: "static",
  outDir: "./dist",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  vite: { build: { assetsInlineLimit: 0 } },
  devToolbar: { enabled: false },
  integrations: [portal()],
});
