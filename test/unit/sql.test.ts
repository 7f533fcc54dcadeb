/**
 * `worker/lib/sql.ts` in SQLite itself (node:sqlite, with the Worker's migrations): how often a
 * statement is compiled. An authorizer runs once per compilation, so counting its calls counts
 * (re)preparations of one prepared statement run again and again with new bindings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync, constants } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { raw, sql, statementText, type Sql } from "../../worker/lib/sql.ts";

function migratedDatabase(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  for (const file of readdirSync("worker/migrations").sort()) {
    db.exec(readFileSync(`worker/migrations/${file}`, "utf8"));
  }
  return db;
}

/** How many times SQLite compiles `text` while it runs once per set of `bindings`. */
function compilations(db: DatabaseSync, text: string, bindings: (string | number)[][]): number {
  let compiled = 0;
  db.setAuthorizer((action) => {
    if (action === constants.SQLITE_SELECT) compiled++;
    return constants.SQLITE_OK;
  });
  const statement = db.prepare(text);
  for (const values of bindings) statement.all(...values);
  db.setAuthorizer(null);
  return compiled;
}

/** A keyset page as the repositories write one: partner, position, page size. */
function page(partnerId: string, after: string, limit: number): Sql {
  return sql`SELECT r.customer_id FROM relationships r
    WHERE r.partner_id = ${partnerId} AND r.state = 'active' AND r.company_name_key > ${after}
    ORDER BY r.company_name_key, r.customer_id LIMIT ${limit}`;
}

const BINDINGS = [
  ["p1", "", 51],
  ["p1", "company 000050", 21],
  ["p2", "", 1],
  ["p2", "company 000001", 0],
];

describe("prepare's statement text", () => {
  it("numbers each value's placeholder in order, behind a unary plus, and splices fragments", () => {
    const statement = sql`SELECT ${raw("'x'")} AS letter WHERE a = ${1} AND ${sql`b = ${2}`}`;
    expect(statementText(statement)).toBe("SELECT 'x' AS letter WHERE a = +?1 AND b = +?2");
    expect(statement.values).toEqual([1, 2]);
  });

  it("is compiled once however its bindings change", () => {
    const db = migratedDatabase();
    const text = statementText(page("p", "", 1));
    expect(compilations(db, text, BINDINGS)).toBe(1);
  });

  it("where bare placeholders would have SQLite compile it again on every new binding", () => {
    // The control: the same statement with `?N`, whose LIMIT value the planner reads.
    const db = migratedDatabase();
    const bare = statementText(page("p", "", 1)).replaceAll("+?", "?");
    expect(compilations(db, bare, BINDINGS)).toBe(1 + BINDINGS.length);
  });

  it("still reads the page through the list index, as with bare placeholders", () => {
    const db = migratedDatabase();
    const text = statementText(page("p", "", 1));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${text}`)
      .all("p1", "", 51)
      .map((row) => String(row.detail));
    expect(plan.join("\n")).toMatch(/SEARCH r USING (COVERING )?INDEX relationships_list_by_name/);
    expect(plan.join("\n")).not.toMatch(/TEMP B-TREE/);
  });
});
