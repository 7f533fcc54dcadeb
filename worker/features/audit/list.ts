/**
 * The activity log and its CSV export (SPEC §7): the same window, the same index-ordered pages.
 * The list answers one page per request (one D1 round trip) with a signed cursor that carries
 * the window it was read in, so "the last 30 days" does not move between pages; the export
 * streams every page, one round trip per page, as the client reads.
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import { translator, type MessageKey } from "../../../src/domain/i18n.ts";
import type { Locale } from "../../../src/domain/locales.ts";
import {
  AUDIT_ACTIONS,
  type AuditListQuery,
  type AuditRecord,
} from "../../../src/domain/schemas/audit.ts";
import type { AppEnv } from "../../lib/context.ts";
import { keysetCsvStream } from "../../lib/csv.ts";
import { keysetJsonPage, type Position } from "../../lib/keyset-page.ts";
import { raw } from "../../lib/sql.ts";
import { auditItems, auditPage, type AuditReader, type AuditRow } from "./repo.ts";
import type { AuditWindow } from "./window.ts";
import {
  defaultCsvSeparator,
  separatorCharacter,
  type CsvSeparator,
} from "../../../src/domain/schemas/csv.ts";

export interface Caller {
  env: AppEnv["Bindings"];
  db: D1Database;
  cloud: CloudId;
  /** Whose records: the partner's own, or (an operator) the cloud's, filtered. */
  reader: AuditReader;
}

/**
 * One page of the caller's records. Without a cursor the page is the newest of `window`; with
 * one, the window and position are the cursor's, which is bound to the cloud, the reader and its
 * filters, and the `from`/`to` the client sent.
 */
export function auditListPage(caller: Caller, query: AuditListQuery, window: AuditWindow) {
  let read = window;
  return keysetJsonPage<AuditRecord, [string, string, string, string]>({
    env: caller.env,
    db: caller.db,
    scope: {
      list: caller.reader.kind === "partner" ? "audit" : "operator-audit",
      cloud: caller.cloud,
      partner: caller.reader.partnerId,
      ...(caller.reader.kind === "operator"
        ? { actor: caller.reader.actorId, action: caller.reader.action }
        : {}),
      from: query.from,
      to: query.to,
    },
    cursor: query.cursor,
    limit: query.limit,
    positionLength: 4,
    rows: (after, limit) => {
      if (after) read = { from: after[2], toExclusive: after[3] };
      const position: Position | undefined = after && [after[0], after[1]];
      return auditItems({ reader: caller.reader, window: read, after: position, limit });
    },
    order: raw("occurred_at DESC, id DESC"),
    positionColumns: raw("occurred_at, id"),
    // The cursor carries the window the page was read in: the next page reads the same one.
    position: ([occurredAt = "", id = ""]) => [occurredAt, id, read.from, read.toExclusive],
  });
}

/** The caller's records in `window`, newest first, after `after`, at most `limit` (the export's). */
async function auditRows(
  caller: Caller,
  window: AuditWindow,
  after: Position | undefined,
  limit: number,
): Promise<AuditRow[]> {
  const statement = auditPage(caller.db, { reader: caller.reader, window, after, limit });
  return (await statement.all<AuditRow>()).results;
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** A column of the export: its header message (under `audit.csv.`) and a row's cell. */
type ExportColumn = readonly [string, (row: AuditRow) => string | null];

/**
 * The columns of the export: a header message under `audit.csv.` and the cell of a row; an
 * operator's export also names the partner each record is filed under.
 */
function exportColumns(locale: Locale, reader: AuditReader): ExportColumn[] {
  const t = translator(locale);
  const actionLabel = (action: string) =>
    KNOWN_ACTIONS.has(action) ? t(`audit.action.${action}` as MessageKey) : action;
  const columns: ExportColumn[] = [
    ["occurredAt", (row) => row.occurred_at],
    ["action", (row) => row.action],
    ["actionLabel", (row) => actionLabel(row.action)],
    ["actorId", (row) => row.actor_user_id],
    [
      "actorName",
      (row) =>
        row.actor_key_name === null
          ? row.actor_name
          : t("apiKeys.actor", { name: row.actor_key_name }),
    ],
    ["targetType", (row) => row.target_type],
    ["targetId", (row) => row.target_id],
    ["targetName", (row) => row.target_name],
    ["requestId", (row) => row.request_id],
    ["details", (row) => row.details],
    ["id", (row) => row.id],
  ];
  if (reader.kind === "partner") return columns;
  return [
    ...columns,
    ["partnerId", (row) => row.partner_id],
    ["partnerName", (row) => row.partner_name],
  ];
}

/**
 * Every record of the caller in `window`, newest first, as a UTF-8 CSV stream with a BOM,
 * column headers and action names in `locale`.
 */
export function auditExport(
  caller: Caller,
  window: AuditWindow,
  locale: Locale,
  onError: (error: unknown) => void,
  separator: CsvSeparator = defaultCsvSeparator(locale),
): Promise<ReadableStream<Uint8Array>> {
  const t = translator(locale);
  const columns = exportColumns(locale, caller.reader);
  return keysetCsvStream(
    columns.map(([name]) => t(`audit.csv.${name}` as MessageKey)),
    {
      page: (after, limit) => auditRows(caller, window, after, limit),
      positionOf: (row) => [row.occurred_at, row.id],
      cells: (row) => columns.map(([, value]) => value(row)),
    },
    onError,
    separatorCharacter(separator),
  );
}
