import { executeSql } from "../scripts/local-worker.ts";
import { hashPassword } from "../worker/lib/crypto.ts";
import type { LocalWorker } from "../scripts/local-worker.ts";
import { expectStatus, measureSideBySide, printRatio } from "./measure.ts";
import { peakRssDuring } from "./memory.ts";
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
export async function customersListBench(baseURL: string, worker: LocalWorker): Promise<void> {
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
    const [small, large] = await measureSideBySide(
      [
        ["1k", get("small", q("small"))],
        ["100k", get("large", q("large"))],
      ],
      { runs: 60 },
    );
    if (!small || !large) throw new Error("nothing measured");
    printRatio(`list ${label}: 100k / 1k customers`, large, small);
  }
  await exportMemory(baseURL, worker, cookies);
}

/**
 * The CSV export of all 100,000 customers against all 1,000: the runtime's memory may not grow
 * with the rows (the export streams page by page as the client reads), while its time does.
 * The client reads the body as a stream too, counting bytes.
 */
async function exportMemory(
  baseURL: string,
  worker: LocalWorker,
  cookies: Record<keyof typeof SIZES, string>,
): Promise<void> {
  const download = async (key: keyof typeof SIZES): Promise<number> => {
    const response = await fetch(`${baseURL}/api/v1/global/customers/export.csv`, {
      headers: { Cookie: cookies[key] },
    });
    if (response.status !== 200 || !response.body) throw new Error(`export: ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.byteLength;
    return bytes;
  };
  const measured = {} as Record<keyof typeof SIZES, { peakKiB: number; ms: number; bytes: number }>;
  // Smaller first: a heap the larger export grew would hide the smaller one's rise.
  for (const key of ["small", "large"] as const) {
    await download(key); // warm: the first request of a kind compiles and caches
    let bytes = 0;
    const { peakKiB, ms } = await peakRssDuring(worker.processGroup, async () => {
      bytes = await download(key);
    });
    measured[key] = { peakKiB, ms, bytes };
  }
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  const { small, large } = measured;
  console.log(
    `${"export.csv 100k / 1k rows: time".padEnd(58)} ${(large.ms / small.ms).toFixed(1).padStart(7)}×   (${(large.ms / 1000).toFixed(1)} s for ${mib(large.bytes / 1024)} MiB / ${(small.ms / 1000).toFixed(2)} s for ${mib(small.bytes / 1024)} MiB)`,
  );
  // Flat: the 100k export may raise the runtime's memory by no more than a tenth of its own size
  // over what the 1k export raised it (a CSV built in memory would take its size several times).
  const flat = large.peakKiB - small.peakKiB <= large.bytes / 1024 / 10;
  console.log(
    `${"export.csv runtime memory rise, 100k vs 1k rows".padEnd(58)} ${`+${mib(large.peakKiB)}`.padStart(7)} MiB vs +${mib(small.peakKiB)} MiB   (${flat ? "flat: pass" : "grows with the rows: FAIL"}; target: the difference ≤ a tenth of the 100k file)`,
  );
}
