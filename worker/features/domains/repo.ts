/** Whether a customer in this cloud already has `prefix` (lowercase) — one unique-index probe. */
export async function isDomainPrefixTaken(db: D1Database, prefix: string): Promise<boolean> {
  const row = await db
    .prepare(`SELECT EXISTS (SELECT 1 FROM customers WHERE domain_prefix = ?1) AS taken`)
    .bind(prefix)
    .first<{ taken: number }>();
  return row?.taken === 1;
}
