/**
 * The `q` search against a straightforward filter (fast-check): for random customers, removed
 * relationships, searches and page sizes, walking every page gives exactly the customers whose
 * company name or domain prefix starts with `q` (case-insensitive), each once — the name matches
 * in name order, then the other domain matches in domain order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { companyNameKey, CustomerList } from "../../src/domain/schemas/customer.ts";
import { call, dbOf } from "./helpers.ts";
import { partnerSession, type PartnerSession } from "./customers-fixtures.ts";

interface Generated {
  name: string;
  /** The generated start of the domain prefix; a unique tail follows it. */
  domain: string;
  active: boolean;
}

const customer = fc.record({
  name: fc.stringMatching(/^[abAB][abAB 1]{1,5}$/),
  domain: fc.stringMatching(/^[ab][ab1]{0,3}$/),
  active: fc.boolean(),
});

/** Replaces the partner's customers with `generated`; returns them as the list sees them. */
async function seed(session: PartnerSession, generated: Generated[]) {
  const db = dbOf("global");
  const now = new Date().toISOString();
  const rows = generated.map((c, i) => ({
    ...c,
    id: crypto.randomUUID(),
    key: companyNameKey(c.name),
    // Unique in the cloud; `x` is never in a generated start, so only the start can match.
    prefix: `${c.domain}x${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}${i}`,
  }));
  await db.batch([
    db.prepare("DELETE FROM relationships WHERE partner_id = ?1").bind(session.partnerId),
    ...rows.flatMap((row) => [
      db
        .prepare(
          `INSERT INTO customers (id, company_name, company_name_key, domain_prefix, domain, country,
             address_line1, city, state, postal_code, contact_first_name, contact_last_name,
             contact_email, language, culture, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?4 || '.onmicrosoft.com', 'US', '1 Main St', 'Seattle', 'WA',
             '98101', 'Ann', 'Lee', 'ann@example.com', 'en', 'en-US', ?5, ?5)`,
        )
        .bind(row.id, row.name, row.key, row.prefix, now),
      db
        .prepare(
          `INSERT INTO relationships (id, partner_id, customer_id, indirect_reseller_id, state,
             company_name_key, domain_prefix, created_at)
           VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7)`,
        )
        .bind(
          crypto.randomUUID(),
          session.partnerId,
          row.id,
          row.active ? "active" : "removed",
          row.key,
          row.prefix,
          now,
        ),
    ]),
  ]);
  return rows;
}

/** What the search must answer, computed the plain way. */
function expected(rows: Awaited<ReturnType<typeof seed>>, q: string): string[] {
  const key = companyNameKey(q.trim());
  const active = rows.filter((row) => row.active);
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const names = active
    .filter((row) => row.key.startsWith(key))
    .sort((a, b) => byKey(a.key, b.key) || byKey(a.id, b.id));
  const domains = active
    .filter((row) => !row.key.startsWith(key) && row.prefix.startsWith(key))
    .sort((a, b) => byKey(a.prefix, b.prefix) || byKey(a.id, b.id));
  return [...names, ...domains].map((row) => row.id);
}

/** Every page of the search, following `nextCursor`. */
async function search(session: PartnerSession, q: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = `?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await call(`/api/v1/global/customers${query}`, { cookie: session.cookie });
    expect(response.status, await response.clone().text()).toBe(200);
    const page = CustomerList.parse(await response.json());
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe("GET /customers?q=", () => {
  it("pages through exactly the name and domain-prefix matches, each once, names first", async () => {
    const session = await partnerSession("global");
    await fc.assert(
      fc.asyncProperty(
        fc.array(customer, { maxLength: 14 }),
        fc.stringMatching(/^[abAB1][abAB1 ]{0,2}$/),
        fc.integer({ min: 1, max: 4 }),
        async (generated, q, limit) => {
          const rows = await seed(session, generated);
          const ids = await search(session, q, limit);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expected(rows, q));
        },
      ),
      { numRuns: 40 },
    );
  });
});
