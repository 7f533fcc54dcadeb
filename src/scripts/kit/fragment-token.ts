/**
 * A personal link's token (an invitation, an admin relationship request) lives in the URL
 * fragment, which the sign-in page's `returnTo` cannot carry and which never reaches a server.
 * A page moves it into this tab's sessionStorage at once, takes it out of the address bar, and
 * reads it back when the reader returns from signing in; it forgets it once it is used up.
 */

/** The token of this tab's link: from the fragment (then stored under `key`), else from storage. */
export function takeToken(key: string): string | null {
  // Tokens are base64url: nothing to decode, and anything else is for the API to refuse.
  const fromLink = location.hash.slice(1).trim();
  if (fromLink) {
    try {
      sessionStorage.setItem(key, fromLink);
    } catch {
      // Storage refused (private mode quotas): the token still works for this visit.
    }
    // Out of the address bar, history and screenshots; the page keeps working from storage.
    history.replaceState(history.state, "", location.pathname + location.search);
    return fromLink;
  }
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Forgets the token stored under `key`. */
export function forgetToken(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}
