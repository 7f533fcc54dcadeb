/**
 * SQL statements that number their own placeholders. A statement is written as a template:
 * each interpolated value becomes a bound parameter (`?1`, `?2`, … in order of appearance) and
 * each interpolated fragment is spliced in with its own values, so a statement can be built from
 * guards and columns written elsewhere without any hand-kept map of parameter numbers.
 *
 * @example
 * const guard = sql`EXISTS (SELECT 1 FROM customers WHERE id = ${customerId})`;
 * prepare(db, sql`SELECT ${guard} AS found, ${raw("'x'")} AS letter`); // "+?1", bound to customerId
 */

/** SQL text with the values bound at its gaps: `text.length === values.length + 1`. */
export class Sql {
  readonly text: readonly string[];
  readonly values: readonly unknown[];

  constructor(text: readonly string[], values: readonly unknown[]) {
    this.text = text;
    this.values = values;
  }
}

/** A fragment: interpolated values are bound, interpolated `Sql` fragments spliced in. */
export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
  const text = [strings[0] ?? ""];
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    const following = strings[i + 1] ?? "";
    if (part instanceof Sql) {
      text[text.length - 1] += part.text[0] ?? "";
      text.push(...part.text.slice(1));
      values.push(...part.values);
      text[text.length - 1] += following;
    } else {
      values.push(part);
      text.push(following);
    }
  });
  return new Sql(text, values);
}

/** Trusted SQL text (a column list, a constant), spliced in as it is. */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

/** `fragments` one after another, `separator` between them. */
export function join(fragments: readonly Sql[], separator: string): Sql {
  return (
    fragments.reduce<Sql | undefined>(
      (joined, fragment) => (joined ? sql`${joined}${raw(separator)}${fragment}` : fragment),
      undefined,
    ) ?? raw("")
  );
}

/** Each value bound, comma-separated: a `VALUES (…)` or `SELECT …` list. */
export function list(values: readonly unknown[]): Sql {
  return join(
    values.map((value) => sql`${value}`),
    ", ",
  );
}

/**
 * The statement, its placeholders numbered ?1, ?2, … in order, each written `+?N`.
 *
 * The unary plus is the identity on every value, and it keeps a statement compiled once. SQLite's
 * planner looks at the value bound to a bare `?N` in a `column = ?N` term or a LIMIT (to cost the
 * plan) and then marks the statement to be compiled again when that binding changes; the Workers
 * runtime clears every statement's bindings after it runs, which SQLite counts as a change. With
 * bare placeholders every page, lookup and guarded write of this Worker was parsed and planned
 * again on every request; `+?N` is an expression the planner does not look into, and an index
 * still serves `column = +?N` as it serves `column = ?N`.
 */
export function prepare(db: D1Database, statement: Sql): D1PreparedStatement {
  return db.prepare(statementText(statement)).bind(...statement.values);
}

/** The SQL text of `statement` as {@link prepare} sends it. */
export function statementText(statement: Sql): string {
  return statement.text.reduce((whole, piece, i) => `${whole}+?${i}${piece}`);
}

/** `(column, …)` of `row`, for an insert. Column names come from code, never from input. */
function columnsOf(row: Record<string, unknown>): Sql {
  return raw(`(${Object.keys(row).join(", ")})`);
}

/**
 * `INSERT INTO table (…) SELECT … WHERE condition`: the row, only if `condition` holds (in a
 * guarded batch: {@link whenAudited}).
 *
 * @example
 * insertWhere(db, "users", { id, email }, whenAudited(auditId));
 */
export function insertWhere(
  db: D1Database,
  table: string,
  row: Record<string, unknown>,
  condition: Sql,
): D1PreparedStatement {
  return prepare(
    db,
    sql`INSERT INTO ${raw(table)} ${columnsOf(row)} SELECT ${list(Object.values(row))} WHERE ${condition}`,
  );
}

/** `column = value, …` of `row`, for an update. */
export function assignments(row: Record<string, unknown>): Sql {
  return join(
    Object.entries(row).map(([column, value]) => sql`${raw(column)} = ${value}`),
    ", ",
  );
}

/**
 * Just past every string that starts with `prefix` (U+10FFFF sorts last in UTF-8), for a
 * starts-with search as one index range: `key >= prefix AND key < prefixEnd(prefix)`.
 */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
