/**
 * The origin the site is built for: its canonical and language links name it. `SITE_URL` at
 * build time; a deployment builds with its cloud's public origin (`npm run deploy`, README,
 * "Deploy one cloud"), a local build with the address `npm start` serves.
 */
export const LOCAL_SITE_URL = "http://127.0.0.1:8787";

/** `SITE_URL` from `env`, or the local address. */
export function siteUrl(env: Record<string, string | undefined>): string {
  return env["SITE_URL"] || LOCAL_SITE_URL;
}
