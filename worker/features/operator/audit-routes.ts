import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AuditList } from "../../../src/domain/schemas/audit.ts";
import {
  OperatorAuditExportQuery,
  OperatorAuditListQuery,
} from "../../../src/domain/schemas/operator.ts";
import type { AppEnv } from "../../lib/context.ts";
import { apiRoutes, csvDownload, json, jsonAnswer, problems } from "../../lib/route.ts";
import { auditExport, auditListPage, type Caller } from "../audit/list.ts";
import { windowOf } from "../audit/routes.ts";
import { requireOperator } from "./access.ts";

/** The cloud's whole trail, narrowed by the query's partner, actor and action. */
function callerOf(c: Context<AppEnv>, query: OperatorAuditExportQuery): Caller {
  return {
    env: c.env,
    db: c.get("db"),
    cloud: c.get("cloud"),
    reader: {
      kind: "operator",
      ...(query.partnerId ? { partnerId: query.partnerId } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.action ? { action: query.action } : {}),
    },
  };
}

const tags = ["Operator"];

const listTrail = createRoute({
  method: "get",
  path: "/operator/audit",
  summary:
    "The cloud's whole audit trail, newest first (cloud operators; filters partner, actor, action; a window of at most 90 days, the last 30 by default)",
  tags,
  middleware: [requireOperator],
  request: { query: OperatorAuditListQuery },
  responses: { 200: json(AuditList, "A page"), ...problems(400, 401, 403, 404) },
});

const exportTrail = createRoute({
  method: "get",
  path: "/operator/audit/export.csv",
  summary:
    "The same trail as spreadsheet-safe CSV (as the partner's log export, plus the partner each record is filed under), streamed",
  tags,
  middleware: [requireOperator],
  request: { query: OperatorAuditExportQuery },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...problems(400, 401, 403, 404),
  },
});

/**
 * `/api/v1/{cloud}/operator/audit`: every audit record of the cloud, for its operators — the
 * partners' activity and the operators' own — with the partner log's window rules and export.
 */
export const operatorAuditRoutes = apiRoutes()
  .openapi(listTrail, async (c) => {
    const query = c.req.valid("query");
    const page = await auditListPage(callerOf(c, query), query, windowOf(c, query));
    c.header("Cache-Control", "no-store");
    return jsonAnswer(c, page);
  })
  .openapi(exportTrail, (c) => {
    const query = c.req.valid("query");
    const window = windowOf(c, query);
    return csvDownload(c, "audit.csv", (onError) =>
      auditExport(callerOf(c, query), window, c.get("locale"), onError, query.separator),
    );
  });
