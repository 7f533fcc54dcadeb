import { apiRoutes } from "../../lib/route.ts";
import { operatorAuditRoutes } from "./audit-routes.ts";
import { operatorLinkRoutes } from "./link-routes.ts";
import { operatorPartnerRoutes } from "./partner-routes.ts";

/**
 * `/api/v1/{cloud}/operator/…`: the cloud operator's console (SPEC §6, Cloud operator) —
 * partners, their links, the cloud's audit trail. Only operators reach it (`requireOperator`);
 * operators reach nothing else, since every partner and customer endpoint asks for a partner
 * role or a customer admin.
 */
export const operatorRoutes = apiRoutes()
  .route("/", operatorPartnerRoutes)
  .route("/", operatorLinkRoutes)
  .route("/", operatorAuditRoutes);
