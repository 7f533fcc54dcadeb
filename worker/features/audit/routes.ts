import { Hono, type Context } from "hono";
import { AuditExportQuery, AuditList, AuditListQuery } from "../../../src/domain/schemas/audit.ts";
import { currentPrincipal, requirePermission } from "../../lib/auth.ts";
import type { AppEnv } from "../../lib/context.ts";
import type { Operation } from "../../lib/openapi.ts";
import { AppError } from "../../lib/problem.ts";
import { queryParams } from "../../lib/validate.ts";
import { auditExport, auditListPage, type Caller } from "./list.ts";
import { auditWindow, type AuditWindow } from "./window.ts";

/** The calling global admin's partner (routes run after `requirePermission`). */
function callerOf(c: Context<AppEnv>): Caller {
  const partnerId = currentPrincipal(c.get("principal")).partnerId;
  if (!partnerId) throw new AppError(403, "forbidden");
  return { env: c.env, db: c.get("db"), cloud: c.get("cloud"), partnerId };
}

/** The window `query` names at the app's "now", or 400 with a localized reason per bound. */
function windowOf(c: Context<AppEnv>, query: AuditExportQuery): AuditWindow {
  const outcome = auditWindow(query, c.var.now());
  if (!outcome.ok) throw new AppError(400, "validation_failed", { errors: outcome.issues });
  return outcome.window;
}

/**
 * `/api/v1/{cloud}/audit`: the partner's activity log, for its global admins (SPEC §6 "audit
 * log"), in every cloud. Only records filed under the caller's partner; windows of at most 90
 * days, the last 30 by default.
 */
export const auditRoutes = new Hono<AppEnv>()
  .get("/audit", requirePermission("audit.read"), queryParams(AuditListQuery), async (c) => {
    const query = c.req.valid("query");
    const window = windowOf(c, query);
    const page = await auditListPage(callerOf(c), query, window);
    c.header("Cache-Control", "no-store");
    return c.json(AuditList.parse(page), 200);
  })
  .get(
    "/audit/export.csv",
    requirePermission("audit.read"),
    queryParams(AuditExportQuery),
    async (c) => {
      const query = c.req.valid("query");
      const window = windowOf(c, query);
      const requestIdValue = c.get("requestId");
      const stream = await auditExport(
        callerOf(c),
        window,
        c.get("locale"),
        (error) =>
          console.error(
            JSON.stringify({ level: "error", requestId: requestIdValue, error: String(error) }),
          ),
        query.separator,
      );
      return c.body(stream, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="audit.csv"',
        "Content-Language": c.get("locale"),
        "Cache-Control": "no-store",
      });
    },
  );

const problems = { 400: "problem", 401: "problem", 403: "problem", 404: "problem" } as const;

/** The audit endpoints for the OpenAPI document. */
export const auditOperations: Operation[] = [
  {
    method: "get",
    path: "/audit",
    summary:
      "The partner's activity log, newest first (global admins; a window of at most 90 days, the last 30 by default)",
    tags: ["Audit"],
    query: AuditListQuery,
    responses: { 200: { description: "A page", schema: AuditList }, ...problems },
  },
  {
    method: "get",
    path: "/audit/export.csv",
    summary:
      "The same log as CSV (UTF-8 with BOM, headers and action names in the request's language), streamed",
    tags: ["Audit"],
    query: AuditExportQuery,
    responses: { 200: { description: "CSV", contentType: "text/csv" }, ...problems },
  },
];
