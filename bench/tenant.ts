/** Bench tenants made inside SQLite, so 100,000 customers load in seconds. */

/**
 * SQL that creates a partner with `count` customers (each with its active relationship) in one
 * statement per table, generated inside SQLite by a recursive CTE.
 */
/** The first group of a tenant's ids: the key's bytes in hex. */
function idGroup(key: string): string {
  return Buffer.from(key).toString("hex").padEnd(8, "0").slice(0, 8);
}

/** The id of customer `n` (1-based) of tenant `key`: UUID-shaped, as the API requires. */
export function tenantCustomerId(key: string, n: number): string {
  return `${idGroup(key)}-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export function tenantSql(key: string, count: number, passwordHash: string): string {
  const partner = `bench-partner-${key}`;
  const now = "2026-01-01T00:00:00.000Z";
  const id = (kind: string) => `'${idGroup(key)}-0000-4000-${kind}-' || printf('%012d', n)`;
  return `
INSERT INTO partners (id, name, type, email_domain, status, created_at, updated_at)
VALUES ('${partner}', 'Bench ${key}', 'direct_reseller', 'bench-${key}.example', 'active', '${now}', '${now}');
INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
VALUES ('bench-user-${key}', 'bench@bench-${key}.example', 'Bench ${key}', 'partner', '${partner}', '["global_admin"]', '${passwordHash}', 0, 'active', '${now}', '${now}');
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})
INSERT INTO customers (id, company_name, company_name_key, domain_prefix, domain, country, address_line1, city, state, postal_code,
  contact_first_name, contact_last_name, contact_email, language, culture, version, created_at, updated_at)
SELECT ${id("8000")}, 'Company ' || printf('%06d', n), 'company ' || printf('%06d', n), '${key}c' || n, '${key}c' || n || '.onmicrosoft.com',
  'US', '1 Main St', 'Seattle', 'WA', '98101', 'Pat', 'Doe', 'pat@c' || n || '.example', 'en', 'en-US', 1, '${now}', '${now}' FROM seq;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})
INSERT INTO relationships (id, partner_id, customer_id, indirect_reseller_id, state, company_name_key, domain_prefix, created_at)
SELECT ${id("9000")}, '${partner}', ${id("8000")}, NULL, 'active', 'company ' || printf('%06d', n), '${key}c' || n, '${now}' FROM seq;`;
}
