import js from "@eslint/js";
import astro from "eslint-plugin-astro";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * One lint for the whole repository: typescript-eslint's type-checked rules on every TypeScript
 * file (each checked in the program that owns it: the site's tsconfig, or the Worker's, which
 * also holds test/worker/), and the Astro plugin on `.astro` files.
 */
export default tseslint.config(
  {
    ignores: [
      "dist/",
      ".astro/",
      ".wrangler/",
      "node_modules/",
      "worker/worker-configuration.d.ts",
      "test/fixtures/",
      "bench/results/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        // The Worker's program first: its files are also reached from the site (the typed client).
        project: ["./worker/tsconfig.json", "./tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: [".astro"],
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["error", "warn", "log"] }],
    },
  },
  {
    // In `.astro` templates the parser cannot type the expressions inside markup (a `.map()`
    // callback's value reads as an error type), so the rules that judge values by their type
    // would flag every template loop; the frontmatter keeps every other type-checked rule.
    files: ["**/*.astro"],
    rules: {
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    // Plain JavaScript config files are outside every tsconfig: no type information there.
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
