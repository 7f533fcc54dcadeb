import { hasFeature } from "../../domain/clouds.ts";
import { cloudLocalePaths, type SiteRoute } from "../../site/routes.ts";

/**
 * The pages beside the admin relationships task page: one relationship (`?id=`), "replace
 * with granular", and the customer admin's approval page (token in the fragment; worker/features/admin-relationships/
 * approval.ts `approvalUrl`).
 */
export const VIEW_ROUTE: SiteRoute = "admin-relationships/view/";
export const APPROVE_ROUTE: SiteRoute = "admin-relationships/approve/";
/** "Replace with granular": admin relationship requests for customers with legacy DAP. */
export const REPLACE_ROUTE: SiteRoute = "admin-relationships/replace/";

/**
 * The clouds × locales with admin relationships (not China).
 *
 * @example
 * adminRelationshipPaths().some((p) => p.props.cloud === "china"); // false
 */
export function adminRelationshipPaths(): ReturnType<typeof cloudLocalePaths> {
  return cloudLocalePaths().filter(({ props }) => hasFeature(props.cloud, "adminRelationships"));
}
