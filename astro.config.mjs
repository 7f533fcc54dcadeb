// @ts-check
import { defineConfig } from "astro/config";
import { portal } from "./src/site/integration.ts";
import { siteUrl } from "./src/site/site-url.ts";

// Every script and stylesheet stays a file: the CSP allows no inline script or style
// (src/domain/security-headers.ts), and scripts/check-site.ts verifies the built HTML.
export default defineConfig({
  site: siteUrl(process.env),
  output: "static",
  outDir: "./dist",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  vite: { build: { assetsInlineLimit: 0 } },
  devToolbar: { enabled: false },
  integrations: [portal()],
});
