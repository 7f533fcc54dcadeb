/**
 * The customer list and its CSV export (SPEC §7): the same filters, the same index-ordered
 * pages. The list answers one page per request (one D1 round trip) with a signed cursor; the
 * export streams every page, one round trip per page, as the client reads.
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import { translator, type MessageKey } from "../../../src/domain/i18n.ts";
import type { Locale } from "../../../src/domain/locales.ts";
import {
  companyNameKey,
  type CustomerExportQuery,
  type CustomerFilters,
  type CustomerListItem,
  type CustomerListQuery,
} from "../../../src/domain/schemas/customer.ts";
import { defaultCsvSeparator, separatorCharacter } from "../../../src/domain/schemas/csv.ts";
import type { AppEnv } from "../../lib/context.ts";
import { AppError } from "../../lib/problem.ts";
import { keysetCsvStream } from "../../lib/csv.ts";
import { keysetJsonPage } from "../../lib/keyset-page.ts";
import { prepare, raw } from "../../lib/sql.ts";
import {
  listOrder,
  listRows,
  type CustomerExportRow,
  type CustomerListRow,
  type ListPosition,
} from "./repo.ts";

/** The filters as the index sees them: `q` as a lowercase key, empty values dropped. */
function normalized(query: CustomerExportQuery): CustomerFilters {
  const q = query.q ? companyNameKey(query.q) : undefined;
  return {
    ...(q ? { q } : {}),
    ...(query.relationship ? { relationship: query.relationship } : {}),
    ...(query.indirectReseller ? { indirectReseller: query.indirectReseller.toLowerCase() } : {}),
  };
}

interface Caller {
  env: AppEnv["Bindings"];
  db: D1Database;
  cloud: CloudId;
  partnerId: string;
}

/**
 * One page of the caller's customers, as the JSON its answer is. The cursor is bound to the
 * cloud, the partner and the filters (not to `limit`: the page size may change between pages).
 */
export function customerPage(caller: Caller, query: CustomerListQuery) {
  const filters = normalized(query);
  const { cloud, partnerId } = caller;
  return keysetJsonPage<CustomerListItem, ListPosition>({
    env: caller.env,
    db: caller.db,
    scope: { list: "customers", cloud, partner: partnerId, ...filters },
    cursor: query.cursor,
    limit: query.limit,
    positionLength: 3,
    rows: (after, limit) =>
      listRows({
        cloud,
        partnerId,
        filters,
        after: checkedPosition(after),
        limit,
        columns: "list",
      }),
    order: listOrder(filters),
    positionColumns: raw("branch, sort_key, customer_id"),
  });
}

/** Where the page after `row` starts. */
function positionOf(row: CustomerListRow): ListPosition {
  return [row.branch, row.sort_key, row.id];
}

/** A signed position names a branch the list wrote; anything else is not one of its cursors. */
function checkedPosition(after: ListPosition | undefined): ListPosition | undefined {
  if (after && after[0] !== "name" && after[0] !== "domain") {
    throw new AppError(400, "invalid_cursor");
  }
  return after;
}

/** The caller's export rows matching `filters`, after `after`, at most `limit`. */
async function exportRows(
  caller: Caller,
  filters: CustomerFilters,
  after: ListPosition | undefined,
  limit: number,
): Promise<CustomerExportRow[]> {
  const { cloud, partnerId } = caller;
  const rows = listRows({ cloud, partnerId, filters, after, limit, columns: "export" });
  return (await prepare(caller.db, rows).all<CustomerExportRow>()).results;
}

const EXPORT_COLUMNS = [
  ["id", (row: CustomerExportRow) => row.id],
  ["companyName", (row) => row.company_name],
  ["domain", (row) => row.domain],
  ["country", (row) => row.country],
  ["city", (row) => row.city],
  ["contactFirstName", (row) => row.contact_first_name],
  ["contactLastName", (row) => row.contact_last_name],
  ["contactEmail", (row) => row.contact_email],
  ["language", (row) => row.language],
  ["culture", (row) => row.culture],
  ["indirectReseller", (row) => row.indirect_reseller_name],
  ["relationshipSince", (row) => row.relationship_since],
  ["createdAt", (row) => row.created_at],
] as const satisfies readonly (readonly [string, (row: CustomerExportRow) => string | null])[];

/**
 * Every customer of the caller matching `query`, as a UTF-8 CSV stream with a BOM, column
 * headers in `locale` and the separator asked for (by default, the locale's).
 */
export function customerExport(
  caller: Caller,
  query: CustomerExportQuery,
  locale: Locale,
  onError: (error: unknown) => void,
): Promise<ReadableStream<Uint8Array>> {
  const filters = normalized(query);
  const t = translator(locale);
  return keysetCsvStream(
    EXPORT_COLUMNS.map(([name]) => t(`csv.customers.${name}` as MessageKey)),
    {
      page: (after, limit) => exportRows(caller, filters, after, limit),
      positionOf,
      cells: (row) => EXPORT_COLUMNS.map(([, value]) => value(row)),
    },
    onError,
    separatorCharacter(query.separator ?? defaultCsvSeparator(locale)),
  );
}
