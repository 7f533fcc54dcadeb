import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AuditExportQuery, AuditList, AuditListQuery } from "../../../src/domain/schemas/audit.ts";
import { partnerStaff, requirePermission } from "../../lib/auth.ts";
import type { AppEnv } from "../../lib/context.ts";
import { AppError } from "../../lib/problem.ts";
import { apiRoutes, csvDownload, json, jsonAnswer, problems } from "../../lib/route.ts";
import { auditExport, auditListPage, type Caller } from "./list.ts";
import { auditWindow, type AuditWindow } from "./window.ts";

/** The calling global admin's partner (routes run after `requirePermission`). */
function callerOf(c: Context<AppEnv>): Caller {
  const { partnerId } = partnerStaff(c.get("principal"));
  return {
    env: c.env,
    db: c.get("db"),
    cloud: c.get("cloud"),
    reader: { kind: "partner", partnerId },
  };
}

/** The window `query` names at the app's "now", or 400 with a localized reason per bound. */
export function windowOf(c: Context<AppEnv>, query: AuditExportQuery): AuditWindow {
  const outcome = auditWindow(query, c.var.now());
  if (!outcome.ok) throw new AppError(400, "validation_failed", { errors: outcome.issues });
  return outcome.window;
}

const tags = ["Audit"];
const middleware = [requirePermission("audit.read")];

const listAudit = createRoute({
  method: "get",
  path: "/audit",
  summary:
    "The partner's activity log, newest first (global admins; a window of at most 90 days, the last 30 by default)",
  tags,
  middleware,
  request: { query: AuditListQuery },
  responses: { 200: json(AuditList, "A page"), ...problems(400, 401, 403, 404) },
});

const exportAudit = createRoute({
  method: "get",
  path: "/audit/export.csv",
  summary:
    "The same log as spreadsheet-safe CSV (UTF-8 with BOM, every text field quoted, formula starts neutralised; headers and action names in the request's language; `separator` by default the locale's), streamed",
  tags,
  middleware,
  request: { query: AuditExportQuery },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...problems(400, 401, 403, 404),
  },
});

/**
 * `/api/v1/{cloud}/audit`: the partner's activity log, for its global admins (SPEC §6 "audit
 * log"), in every cloud. Only records filed under the caller's partner; windows of at most 90
 * days, the last 30 by default.
 */
export const auditRoutes = apiRoutes()
  .openapi(listAudit, async (c) => {
    const query = c.req.valid("query");
    const window = windowOf(c, query);
    const page = await auditListPage(callerOf(c), query, window);
    c.header("Cache-Control", "no-store");
    return jsonAnswer(c, page);
  })
  .openapi(exportAudit, (c) => {
    const query = c.req.valid("query");
    const window = windowOf(c, query);
    return csvDownload(c, "audit.csv", (onError) =>
      auditExport(callerOf(c), window, c.get("locale"), onError, query.separator),
    );
  });
