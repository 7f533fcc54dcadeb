import { errorText } from "../../lib/problem.ts";
import { prepare, sql } from "../../lib/sql.ts";

/**
 * The schema a cloud's database must hold for this version of the Worker: the last migration
 * under worker/migrations, which `wrangler d1 migrations apply` records by file name in
 * `d1_migrations`. A unit test keeps the constant equal to the newest file.
 */
export const SCHEMA_MIGRATION = "0013_create_delegated_admin_grant_index.sql";

/** What D1 says of a database no migration ever ran on. */
const NO_MIGRATIONS_TABLE = /no such table: d1_migrations/;

/**
 * Whether `db` has {@link SCHEMA_MIGRATION} applied (false for a database never migrated).
 * Throws when D1 does not answer.
 */
export async function schemaIsCurrent(db: D1Database): Promise<boolean> {
  try {
    const row = await prepare(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM d1_migrations WHERE name = ${SCHEMA_MIGRATION}) AS current`,
    ).first<{ current: number }>();
    return row?.current === 1;
  } catch (error) {
    if (NO_MIGRATIONS_TABLE.test(errorText(error))) return false;
    throw error;
  }
}
