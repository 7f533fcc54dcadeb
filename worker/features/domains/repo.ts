import { prepare, sql } from "../../lib/sql.ts";

/** Whether a customer in this cloud already has `prefix` (lowercase) — one unique-index probe. */
export async function isDomainPrefixTaken(db: D1Database, prefix: string): Promise<boolean> {
  const row = await prepare(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM customers WHERE domain_prefix = ${prefix}) AS taken`,
  ).first<{ taken: number }>();
  return row?.taken === 1;
}
