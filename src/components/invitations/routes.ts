import { hasFeature } from "../../domain/clouds.ts";
import { cloudLocalePaths, type SiteRoute } from "../../site/routes.ts";

/**
 * The customer admin's acceptance page (SPEC §4 `invitations/accept/#…`). Not a task page: no
 * home card leads to it, only an invitation's personal link
 * (worker/features/invitations/token.ts `invitationUrl`).
 */
export const ACCEPT_ROUTE: SiteRoute = "invitations/accept/";

/**
 * The clouds × locales that have the acceptance page: where invitations exist (not China).
 *
 * @example
 * acceptPagePaths().some((p) => p.props.cloud === "china"); // false
 */
export function acceptPagePaths(): ReturnType<typeof cloudLocalePaths> {
  return cloudLocalePaths().filter(({ props }) => hasFeature(props.cloud, "resellerInvitations"));
}
