/**
 * The operator's lists stay flat in cost however large the cloud grows (SPEC §9): each page is
 * one range of an index in list order — no table scan, no sort — whatever the filters.
 */
import { describe, expect, it } from "vitest";
import { auditPage, type AuditReader } from "../../worker/features/audit/repo.ts";
import { partnerPage, type PartnerFilters } from "../../worker/features/operator/repo.ts";
import { dbOf } from "./helpers.ts";

/** A database that only records the statement it is asked to prepare. */
function recording() {
  const seen = { sql: "", params: [] as unknown[] };
  const db = {
    prepare: (text: string) => {
      seen.sql = text;
      return {
        bind: (...values: unknown[]) => {
          seen.params = values;
          return { all: () => Promise.resolve({ results: [] }) };
        },
      };
    },
  } as unknown as D1Database;
  return { db, seen };
}

async function planOf(sql: string, params: unknown[]): Promise<string[]> {
  const { results } = await dbOf("global")
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

function expectRange(plan: string[], index: string): void {
  expect(plan[0]).toMatch(new RegExp(`^SEARCH (a|p) USING (COVERING )?INDEX ${index} `));
  expect(plan.filter((line) => line.startsWith("SCAN"))).toEqual([]);
  expect(plan.some((line) => line.includes("TEMP B-TREE"))).toBe(false);
}

const WINDOW = { from: "2026-01-01T00:00:00.000Z", toExclusive: "2026-02-01T00:00:00.000Z" };

describe("the cloud's audit trail", () => {
  it.each<[string, AuditReader, string]>([
    ["the whole trail", { kind: "operator" }, "audit_records_by_time"],
    ["one partner", { kind: "operator", partnerId: "p" }, "audit_records_by_partner"],
    ["one actor", { kind: "operator", actorId: "u" }, "audit_records_by_actor"],
    ["one action", { kind: "operator", action: "partner.suspended" }, "audit_records_by_action"],
  ])("reads %s as one index range, newest first", async (_label, reader, index) => {
    for (const after of [undefined, ["2026-01-02T00:00:00.000Z", "id"] as [string, string]]) {
      const { db, seen } = recording();
      auditPage(db, { reader, window: WINDOW, after, limit: 51 });
      expectRange(await planOf(seen.sql, seen.params), index);
    }
  });
});

describe("the cloud's partners", () => {
  it.each<[string, PartnerFilters, string]>([
    ["every partner", {}, "partners_by_name"],
    ["a name prefix", { q: "con" }, "partners_by_name"],
    ["a status", { status: "suspended" }, "partners_by_status_name"],
    ["a type", { type: "indirect_provider" }, "partners_by_type_name"],
    [
      "a type and status",
      { type: "indirect_reseller", status: "active" },
      "partners_by_type_status_name",
    ],
  ])("reads %s as one index range by name", async (_label, filters, index) => {
    for (const after of [undefined, ["contoso", "id"] as [string, string]]) {
      const { db, seen } = recording();
      await partnerPage(db, filters, after, 51);
      const plan = await planOf(seen.sql, seen.params);
      // Without a filter, the first page walks the name index from its start and stops at the
      // limit: an index scan in list order, never a table scan.
      expect(plan).toEqual([
        expect.stringMatching(new RegExp(`^(SEARCH|SCAN) p USING (COVERING )?INDEX ${index}\\b`)),
      ]);
      expect(plan.some((line) => line.includes("TEMP B-TREE"))).toBe(false);
    }
  });
});
