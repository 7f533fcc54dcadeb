/**
 * The typed client of the audit endpoints for browser modules (types only from the API's zod
 * schemas; every URL is spelled here).
 *
 * @example
 * const page = await audit.list({ from: "2026-01-01T00:00:00.000Z", to: "2026-01-31T22:59:59.999Z" });
 */
import type { AuditExportQuery, AuditList, AuditListQuery } from "../../domain/schemas/audit.ts";
import { api, type ApiResult } from "../api.ts";
import { queryString } from "../client.ts";

/** `GET /audit` query as a caller writes it: every part optional. */
export type AuditListParams = Partial<AuditListQuery>;

/** The API paths, relative to `/api/v1/{cloud}`. */
export const auditPaths = {
  list: (query: AuditListParams = {}): string => `/audit${queryString(query)}`,
  csv: (query: AuditExportQuery = {}): string => `/audit/export.csv${queryString(query)}`,
};

/** The partner's activity log (global admins). */
export const audit = {
  /** One page of the window, newest first; the cursor keeps the window it was read in. */
  list(query: AuditListParams = {}): Promise<ApiResult<AuditList>> {
    return api<AuditList>("GET", auditPaths.list(query));
  },

  /** The whole window as a CSV file (headers and action names in the page's language). */
  exportCsv(query: AuditExportQuery = {}): Promise<ApiResult<Blob>> {
    return api<Blob>("GET", auditPaths.csv(query), undefined, { read: "blob" });
  },
};
