/**
 * A D1 binding bound to one request's session (or API key, `lib/api-key.ts`): every statement run and every batch through it
 * is sent as one batch that starts with the session check. D1 runs a batch as one transaction,
 * so the check and the request's own reads or writes see the same database, and an ended session
 * aborts the batch before anything is read or written — in the same single round trip the
 * request needed anyway (SPEC §9).
 */
import { AppError } from "./problem.ts";
import { isSessionEnded } from "./session.ts";

const REAL = Symbol("the statement without the session check");

const BYPASSES = new Set<string | symbol>(["exec", "dump", "withSession"]);

type Wrapped = D1PreparedStatement & { [REAL]: D1PreparedStatement };

function realOf(statement: D1PreparedStatement): D1PreparedStatement {
  return (statement as Partial<Wrapped>)[REAL] ?? statement;
}

export interface SessionBinding {
  /** The session check for this request (see `sessionCheck`). */
  check: (db: D1Database) => D1PreparedStatement;
  /** Called once a batch with the check has succeeded. */
  verified: () => void;
  /** Whether an error is the check's abort (a cookie session's by default). */
  ended?: (error: unknown) => boolean;
}

/**
 * `db` with `binding`'s session check folded into every round trip. A batch the check aborts is
 * a 401; any other error is the statement's own.
 *
 * @example
 * c.set("db", sessionBoundDatabase(db, { check: (d) => sessionCheck(d, hash, principal, now), verified }));
 */
export function sessionBoundDatabase(db: D1Database, binding: SessionBinding): D1Database {
  async function checked(statements: D1PreparedStatement[]): Promise<D1Result[]> {
    let results: D1Result[];
    try {
      results = await db.batch([binding.check(db), ...statements.map(realOf)]);
    } catch (error) {
      if ((binding.ended ?? isSessionEnded)(error)) throw new AppError(401, "unauthorized");
      throw error;
    }
    binding.verified();
    return results.slice(1);
  }
  async function one(statement: D1PreparedStatement): Promise<D1Result> {
    const [result] = await checked([statement]);
    if (!result) throw new Error("D1 batch returned no result");
    return result;
  }
  function wrap(statement: D1PreparedStatement): D1PreparedStatement {
    const wrapped = {
      [REAL]: statement,
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: async (column?: string) => {
        const row = ((await one(statement)).results[0] ?? null) as Record<string, unknown> | null;
        return column === undefined ? row : (row?.[column] ?? null);
      },
      all: () => one(statement),
      run: () => one(statement),
      raw: async (options?: { columnNames?: boolean }) => {
        const rows = (await one(statement)).results as Record<string, unknown>[];
        const arrays = rows.map((row) => Object.values(row));
        return options?.columnNames ? [Object.keys(rows[0] ?? {}), ...arrays] : arrays;
      },
    };
    return wrapped as unknown as D1PreparedStatement;
  }
  return new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (property === "batch") return (statements: D1PreparedStatement[]) => checked(statements);
      // These would bypass the check: not available to a signed-in request.
      if (BYPASSES.has(property)) {
        throw new Error(
          `D1Database.${String(property)} is not available on a session-bound binding`,
        );
      }
      const value: unknown = Reflect.get(target, property, target);
      return value;
    },
  });
}
