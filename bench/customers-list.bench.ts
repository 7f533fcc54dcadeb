import { executeSql } from "../scripts/local-worker.ts";
import { hashPassword } from "../worker/lib/crypto.ts";
import type { LocalWorker } from "../scripts/local-worker.ts";
import { expectStatus, measureSideBySide, printRatio } from "./measure.ts";
import { peakRssDuring, runtimeRssKiB } from "./memory.ts";
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
 * The CSV export of all 100,000 customers against all 1,000, read as a slow client would: the
 * first bytes, then a pause, then the rest. A streamed export answers as soon at 100k as at 1k
 * (its first page), and the runtime's memory stays put while the client pauses (pages are read
 * only as the client reads); an export built in memory would answer after all rows and hold
 * them. The memory rise is printed too: it includes the runtime's heap and database page cache
 * growing as 100,000 rows pass through, until the garbage collector runs.
 */
async function exportMemory(
  baseURL: string,
  worker: LocalWorker,
  cookies: Record<keyof typeof SIZES, string>,
): Promise<void> {
  const PAUSE_MS = 1500;
  const open = async (key: keyof typeof SIZES) => {
    const response = await fetch(`${baseURL}/api/v1/global/customers/export.csv`, {
      headers: { Cookie: cookies[key] },
    });
    if (response.status !== 200 || !response.body) throw new Error(`export: ${response.status}`);
    return response.body.getReader();
  };
  // The first byte, side by side (the rest left unread, the request cancelled, not timed).
  const firstByte = async (key: keyof typeof SIZES) => {
    const reader = await open(key);
    await reader.read();
    void reader.cancel();
  };
  const [firstSmall, firstLarge] = await measureSideBySide(
    [
      ["1k", () => firstByte("small")],
      ["100k", () => firstByte("large")],
    ],
    { runs: 9, warmup: 1 },
  );
  if (!firstSmall || !firstLarge) throw new Error("nothing measured");
  // The whole download: the first bytes, a pause, then the rest.
  const download = async (key: keyof typeof SIZES) => {
    const before = runtimeRssKiB(worker.processGroup);
    const start = performance.now();
    const reader = await open(key);
    let bytes = (await reader.read()).value?.byteLength ?? 0;
    const paused = await peakRssDuring(
      worker.processGroup,
      () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS)),
    );
    const rest = await peakRssDuring(worker.processGroup, async () => {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        bytes += chunk.value.byteLength;
    });
    const whole = Math.max(0, runtimeRssKiB(worker.processGroup) - before, rest.peakKiB);
    return { pausedKiB: paused.peakKiB, wholeKiB: whole, bytes, ms: performance.now() - start };
  };
  const measured = {} as Record<keyof typeof SIZES, Awaited<ReturnType<typeof download>>>;
  for (const key of ["small", "large"] as const) {
    await download(key); // warm: the first request of a kind compiles and caches
    measured[key] = await download(key);
  }
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  const { small, large } = measured;
  const line = (label: string, value: string, rest: string) =>
    console.log(`${label.padEnd(58)} ${value.padStart(7)}   ${rest}`);
  const firstByteRatio = firstLarge.median / firstSmall.median;
  line(
    "export.csv first byte: 100k / 1k rows",
    `${firstByteRatio.toFixed(2)}×`,
    `(${firstLarge.median.toFixed(0)} ms / ${firstSmall.median.toFixed(0)} ms, median of ${firstLarge.runs}; target ≤ 1.5×: ${firstByteRatio <= 1.5 ? "pass" : "FAIL"})`,
  );
  // Printed, not judged: the runtime's garbage collector decides when memory comes back, so
  // these move from run to run. That pages are read only as the client reads (at most one page
  // ahead, whatever the rows) is asserted exactly in test/worker/round-trips.test.ts.
  line(
    `export.csv runtime memory while the client pauses ${PAUSE_MS / 1000} s`,
    `+${mib(large.pausedKiB)}`,
    `MiB at 100k, +${mib(small.pausedKiB)} MiB at 1k (the 100k file: ${mib(large.bytes / 1024)} MiB)`,
  );
  line(
    "export.csv whole download: time 100k / 1k rows",
    `${(large.ms / small.ms).toFixed(1)}×`,
    `(${(large.ms / 1000).toFixed(1)} s for ${mib(large.bytes / 1024)} MiB / ${(small.ms / 1000).toFixed(2)} s for ${mib(small.bytes / 1024)} MiB; runtime memory +${mib(large.wholeKiB)} / +${mib(small.wholeKiB)} MiB)`,
  );
}
