/**
 * The signed-in hint: a cookie the API sets beside the session cookie at sign-in and clears at
 * sign-out and on any 401, readable by the pages of that cloud only (its path). It is no
 * credential — the HttpOnly session cookie stays the only one, and the API decides on it alone —
 * it only tells a page whether asking `GET /session` is worth a request, so a signed-out page
 * sends none that would fail.
 */

export const SIGNED_IN_HINT_COOKIE = "pp_signed_in";

/** The hint's value: it says nothing but "a session cookie was set". */
export const SIGNED_IN_HINT_VALUE = "1";

/**
 * The pages the hint is visible to: those of one cloud (`/{cloud}/…`).
 *
 * @example
 * signedInHintPath("usgov"); // "/usgov/"
 */
export function signedInHintPath(cloud: string): string {
  return `/${cloud}/`;
}
