import { executeSql } from "../scripts/local-worker.ts";
import { hashPassword } from "../worker/lib/crypto.ts";
import { expectStatus, measure, printRatio } from "./measure.ts";
import { tenantSql } from "./tenant.ts";

const SIZES = { small: 1_000, large: 100_000 } as const;
const PASSWORD = "Bench!Password2026";

/** Loads both tenants into the global cloud's local database (before the Worker starts). */
export async function prepareCustomersList(state: string): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  for (const [key, count] of Object.entries(SIZES))
    executeSql(state, "DB_GLOBAL", tenantSql(key, count, hash));
}

async function signIn(baseURL: string, key: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/v1/global/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: `bench@bench-${key}.example`, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`bench sign-in failed: ${response.status}`);
  return (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

/**
 * Customer list latency at 100,000 customers over 1,000 in a tenant: the first page, a page deep
 * in the list (keyset cursor) and a prefix search. Flat means ratios near 1.
 */
export async function customersListBench(baseURL: string): Promise<void> {
  const cookies = { small: await signIn(baseURL, "small"), large: await signIn(baseURL, "large") };
  const get = (key: keyof typeof SIZES, query: string) => () =>
    expectStatus(
      fetch(`${baseURL}/api/v1/global/customers?${query}`, { headers: { Cookie: cookies[key] } }),
      200,
    );
  const deepCursor = async (key: keyof typeof SIZES): Promise<string> => {
    // Walk to ~the middle of the small tenant (10 pages of 50): same depth for both tenants.
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const response = await fetch(
        `${baseURL}/api/v1/global/customers?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        {
          headers: { Cookie: cookies[key] },
        },
      );
      cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor ?? "";
    }
    return cursor;
  };
  const cursors = { small: await deepCursor("small"), large: await deepCursor("large") };
  const cases = [
    ["first page (limit 50)", "limit=50"],
    [
      "page 11 via cursor",
      (key: keyof typeof SIZES) => `limit=50&cursor=${encodeURIComponent(cursors[key])}`,
    ],
    ["search q=company 0005 (prefix)", "q=company%200005&limit=50"],
    ["first page (limit 200)", "limit=200"],
    // Matches domain prefixes only (1k: 111 rows, 100k: 11,111), read in domain-index order.
    ["search q=<tenant>c5 (domain prefix)", (key: keyof typeof SIZES) => `q=${key}c5&limit=50`],
  ] as const;
  for (const [label, query] of cases) {
    const q = (key: keyof typeof SIZES) => (typeof query === "string" ? query : query(key));
    const small = await measure(`1k`, get("small", q("small")), { runs: 60 });
    const large = await measure(`100k`, get("large", q("large")), { runs: 60 });
    printRatio(`list ${label}: 100k / 1k customers`, large, small);
  }
}
