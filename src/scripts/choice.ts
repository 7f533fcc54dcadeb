import { CHOICE_COOKIE } from "../domain/security-headers.ts";

/**
 * Remembers the reader's cloud and language (`global/fr-fr`) for the Worker's `/` redirect.
 * A 404 page (`data-choice` absent) is no choice and leaves the cookie as it was.
 */
const choice = document.documentElement.dataset["choice"];
if (choice) {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${CHOICE_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}
