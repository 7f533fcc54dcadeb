/**
 * Security headers sent on every response, pages and API alike. The Worker sets them on what it
 * answers; the site build writes the same list into the static assets' `_headers` file.
 *
 * The CSP allows no inline script or style: every script is a module file and every stylesheet
 * a file (the Astro build is configured never to inline them). The one addition to `'self'` is
 * `'wasm-unsafe-eval'`, which the documentation search needs to run its WebAssembly.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // Pagefind (documentation search) compiles its WebAssembly module; 'wasm-unsafe-eval' allows
  // exactly that, and no JavaScript eval (CSP Level 3).
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS = {
  "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "Cross-Origin-Opener-Policy": "same-origin",
} as const satisfies Record<string, string>;

/** The cookie that remembers the reader's last cloud and language (`global/fr-fr`). */
export const CHOICE_COOKIE = "pp_choice";
