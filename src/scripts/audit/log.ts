/**
 * An activity log (components/audit/AuditLog.astro): the period as days of the reader's calendar
 * (sent to the API as the instants they start and end at), any further filters the form holds,
 * the records newest first with "Show more", actions named in the page's language, and the same
 * records as a CSV file. A partner's log (`audit/`) and the cloud operator's trail
 * (`operator/audit/`) read it from their own endpoints.
 */
import type { AuditList, AuditRecord } from "../../domain/schemas/audit.ts";
import type { CsvSeparator } from "../../domain/schemas/csv.ts";
import type { FieldError } from "../../domain/schemas/problem.ts";
import type { Result } from "../kit/api.ts";
import { csvSeparatorQuery } from "../kit/csv-separator.ts";
import {
  Messages,
  clearErrors,
  formatDate,
  pager,
  part,
  saveFile,
  showAlert,
  showFieldErrors,
} from "../kit/index.ts";
import { actorName } from "./actor.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A period as the API reads it: both ends given. */
type Period = { [K in "from" | "to"]-?: string };

/** What a log is read with: the period and the form's other filters. */
export type AuditQuery = Period & Record<string, string>;

/** Where a log's records come from. */
export interface AuditSource {
  /** One page of `query`, after `cursor`. */
  list: (query: AuditQuery, cursor: string | undefined) => Promise<Result<AuditList>>;
  /** Every record of `query` as CSV. */
  download: (query: AuditQuery & { separator?: CsvSeparator }) => Promise<Result<Blob>>;
}

/** The form's filters besides the period (`[data-filter]` fields), those with a value. */
function filtersOf(form: HTMLFormElement): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const field of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
    "[data-filter]",
  )) {
    const value = field.value.trim();
    if (value) filters[field.name] = value;
  }
  return filters;
}
const DEFAULT_DAYS = 30;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` of `date` in the reader's calendar. */
function dayValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local midnight a real `YYYY-MM-DD` day starts at, `offset` days later; else undefined. */
function localMidnight(value: string, offset = 0): Date | undefined {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day);
  const real =
    date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
  if (!real) return undefined;
  return offset === 0 ? date : new Date(year, month - 1, day + offset);
}

/** Whole calendar days from `from` to `to`, both counted. */
function daysBetween(from: string, to: string): number {
  const utc = (value: string) => {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day);
  };
  return Math.round((utc(to) - utc(from)) / DAY_MS) + 1;
}

/** The period of the form as the API's window, or the reasons it is not one. */
function windowOf(
  messages: Messages,
  from: string,
  to: string,
  maxDays: number,
): { query: Period } | { errors: FieldError[] } {
  const start = localMidnight(from);
  const end = localMidnight(to, 1);
  const errors: FieldError[] = [];
  if (!start)
    errors.push({ path: "from", code: "invalid_date", message: messages.text("invalidDate") });
  if (!end)
    errors.push({ path: "to", code: "invalid_date", message: messages.text("invalidDate") });
  if (!start || !end) return { errors };
  const days = daysBetween(from, to);
  if (days < 1)
    return {
      errors: [{ path: "to", code: "window_order", message: messages.text("windowOrder") }],
    };
  if (days > maxDays) {
    return {
      errors: [{ path: "from", code: "window_too_long", message: messages.text("windowTooLong") }],
    };
  }
  // The API reads `to` inclusively: the last millisecond of the last day.
  return {
    query: { from: start.toISOString(), to: new Date(end.getTime() - 1).toISOString() },
  };
}

/** A record's details as one line: `key: value` pairs (an empty value left out). */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}

/**
 * Runs the log inside `root` (an admitted page) with records from `source`.
 *
 * @example
 * await startAuditLog(root, { list: (query, cursor) => call(…), download: (query) => callFile(…) });
 */
export async function startAuditLog(root: HTMLElement, source: AuditSource): Promise<void> {
  const log = part(root, "[data-audit-log]");
  const messages = new Messages(log);
  const form = part<HTMLFormElement>(log, "form");
  const alert = part(log, "[data-alert]");
  const template = part<HTMLTemplateElement>(log, "template[data-row]");
  const actions = JSON.parse(log.dataset["actions"] ?? "{}") as Record<string, string>;
  const targets = JSON.parse(log.dataset["targets"] ?? "{}") as Record<string, string>;
  const maxDays = Number(log.dataset["maxDays"] ?? "90");
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;

  const today = new Date();
  input("to").value = dayValue(today);
  input("from").value = dayValue(
    new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DEFAULT_DAYS - 1)),
  );
  let query: AuditQuery | undefined;

  const row = (record: AuditRecord): HTMLElement => {
    const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
    const cell = (name: string) => part(tr, `[data-cell="${name}"]`);
    const when = part<HTMLTimeElement>(tr, '[data-cell="when"]');
    when.dateTime = record.occurredAt;
    when.textContent = formatDate(record.occurredAt, true);
    cell("action").textContent = actions[record.action] ?? record.action;
    cell("action").dataset["action"] = record.action;
    cell("actor").textContent = actorName(messages, record.actor) ?? record.actor.id;
    const type = targets[record.target.type] ?? record.target.type;
    cell("target").textContent = messages.text("target", {
      type,
      name: record.target.name ?? record.target.id,
    });
    cell("details").textContent = detailsText(record.details);
    cell("request").textContent = record.requestId;
    const partner = tr.querySelector<HTMLElement>('[data-cell="partner"]');
    if (partner) partner.textContent = record.partner?.name ?? "";
    return tr;
  };

  const status = part(log, "[data-status]");
  const list = pager({
    messages,
    rows: part(log, "[data-rows]"),
    more: part<HTMLButtonElement>(log, "[data-more]"),
    empty: part(log, "[data-empty]"),
    status,
    alert,
    load: async (cursor) => {
      if (!query) throw new Error("no period");
      const result = await source.list(query, cursor);
      // The API may still refuse the period (its own clock and rules): say so at the fields.
      if (!result.ok) showFieldErrors(form, result.problem.errors);
      return result;
    },
    row,
    // None: the empty-state paragraph says so.
    shown: (count) => (status.textContent = count === 0 ? "" : messages.plural("shown", count)),
  });

  const apply = async (): Promise<void> => {
    clearErrors(form, alert);
    const from = input("from").value;
    const to = input("to").value;
    const outcome = windowOf(messages, from, to, maxDays);
    if ("errors" in outcome) {
      showFieldErrors(form, outcome.errors);
      showAlert(alert, { title: messages.text("invalid") });
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    query = { ...filtersOf(form), ...outcome.query };
    part(log, "[data-caption]").textContent = messages.text("caption", {
      from: formatDate(query.from),
      to: formatDate(query.to),
    });
    await list.reload();
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void apply();
  });

  const download = part<HTMLButtonElement>(log, "[data-download]");
  const downloadStatus = part(log, "[data-download-status]");
  download.addEventListener("click", () => {
    const current = query;
    if (!current) return;
    download.disabled = true;
    downloadStatus.textContent = messages.text("downloading");
    void source.download({ ...current, ...csvSeparatorQuery(log) }).then((result) => {
      download.disabled = false;
      if (!result.ok) {
        downloadStatus.textContent = "";
        showAlert(alert, result.problem, messages.text("unexpected"));
        return;
      }
      saveFile(result.data, `audit-${current.from.slice(0, 10)}-${current.to.slice(0, 10)}.csv`);
      downloadStatus.textContent = messages.text("downloaded");
    });
  });

  await apply();
}
