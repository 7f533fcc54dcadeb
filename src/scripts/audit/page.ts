/**
 * The audit log page (`audit/`, global admins): the period as days of the reader's calendar
 * (sent to the API as the instants they start and end at), the records newest first with
 * "Show more", actions named in the page's language, and the same period as a CSV file.
 */
import { can } from "../../domain/roles.ts";
import type { AuditRecord } from "../../domain/schemas/audit.ts";
import type { FieldError } from "../../domain/schemas/problem.ts";
import { clearErrors, showFieldError } from "../form-errors.ts";
import { audit } from "../client/audit.ts";
import { csvSeparatorQuery } from "../csv-separator.ts";
import {
  admit,
  attempt,
  formatInstant,
  intlLocale,
  message,
  part,
  showProblem,
} from "../invitations/kit.ts";
import { pagedList } from "../invitations/paged-list.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A period as the API reads it: both ends given. */
type Period = { [K in "from" | "to"]-?: string };
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
  root: HTMLElement,
  from: string,
  to: string,
  maxDays: number,
): { query: Period } | { errors: FieldError[] } {
  const start = localMidnight(from);
  const end = localMidnight(to, 1);
  const errors: FieldError[] = [];
  if (!start)
    errors.push({ path: "from", code: "invalid_date", message: message(root, "invalidDate") });
  if (!end)
    errors.push({ path: "to", code: "invalid_date", message: message(root, "invalidDate") });
  if (!start || !end) return { errors };
  const days = daysBetween(from, to);
  if (days < 1)
    return {
      errors: [{ path: "to", code: "window_order", message: message(root, "windowOrder") }],
    };
  if (days > maxDays) {
    return {
      errors: [{ path: "from", code: "window_too_long", message: message(root, "windowTooLong") }],
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

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(
    root,
    (candidate) => candidate.kind === "partner" && can(candidate.roles, "audit.read"),
  );
  if (!user) return;
  const log = part(root, "[data-audit-log]");
  const form = part<HTMLFormElement>(log, "form");
  const alert = part(log, "[data-alert]");
  const template = part<HTMLTemplateElement>(log, "template[data-row]");
  const actions = JSON.parse(log.dataset["actions"] ?? "{}") as Record<string, string>;
  const targets = JSON.parse(log.dataset["targets"] ?? "{}") as Record<string, string>;
  const maxDays = Number(log.dataset["maxDays"] ?? "90");
  const plurals = new Intl.PluralRules(intlLocale());
  const numbers = new Intl.NumberFormat(intlLocale());
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;

  const today = new Date();
  input("to").value = dayValue(today);
  input("from").value = dayValue(
    new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DEFAULT_DAYS - 1)),
  );
  let query: Period | undefined;

  const row = (record: AuditRecord): HTMLElement => {
    const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
    const cell = (name: string) => part(tr, `[data-cell="${name}"]`);
    const when = part<HTMLTimeElement>(tr, '[data-cell="when"]');
    when.dateTime = record.occurredAt;
    when.textContent = formatInstant(record.occurredAt, true);
    cell("action").textContent = actions[record.action] ?? record.action;
    cell("action").dataset["action"] = record.action;
    cell("actor").textContent = record.actor.name ?? record.actor.id;
    const type = targets[record.target.type] ?? record.target.type;
    cell("target").textContent = message(log, "target", {
      type,
      name: record.target.name ?? record.target.id,
    });
    cell("details").textContent = detailsText(record.details);
    cell("request").textContent = record.requestId;
    return tr;
  };

  const status = part(log, "[data-status]");
  const list = pagedList({
    root: log,
    rows: part(log, "[data-rows]"),
    more: part<HTMLButtonElement>(log, "[data-more]"),
    empty: part(log, "[data-empty]"),
    status,
    alert,
    load: async (cursor) => {
      const result = await audit.list({ ...query, ...(cursor ? { cursor } : {}) });
      // The API may still refuse the period (its own clock and rules): say so at the fields.
      if (!result.ok) {
        for (const error of result.problem.errors ?? []) {
          showFieldError(form, error.path, error.message);
        }
      }
      return result;
    },
    row,
    shown: (count) => {
      const pattern = log.dataset[`plural${capitalize(plurals.select(count))}`] ?? "";
      // None: the empty-state paragraph says so.
      status.textContent = count === 0 ? "" : pattern.replace("{count}", numbers.format(count));
    },
  });

  const apply = async (): Promise<void> => {
    clearErrors(form, alert);
    const from = input("from").value;
    const to = input("to").value;
    const outcome = windowOf(log, from, to, maxDays);
    if ("errors" in outcome) {
      for (const error of outcome.errors) showFieldError(form, error.path, error.message);
      showProblem(alert, { title: message(log, "invalid") });
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    query = outcome.query;
    part(log, "[data-caption]").textContent = message(log, "caption", {
      from: formatInstant(query.from),
      to: formatInstant(query.to),
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
    downloadStatus.textContent = message(log, "downloading");
    void attempt(log, () => audit.exportCsv({ ...current, ...csvSeparatorQuery(log) })).then(
      (result) => {
        download.disabled = false;
        if (!result.ok) {
          downloadStatus.textContent = "";
          showProblem(alert, result.problem, message(log, "unexpected"));
          return;
        }
        const link = document.createElement("a");
        link.href = URL.createObjectURL(result.data);
        link.download = `audit-${current.from.slice(0, 10)}-${current.to.slice(0, 10)}.csv`;
        link.hidden = true;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
        downloadStatus.textContent = message(log, "downloaded");
      },
    );
  });

  await apply();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const root = document.querySelector<HTMLElement>("[data-audit-page]");
if (root) void start(root);
