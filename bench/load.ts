/**
 * Load measurements with autocannon: every case runs with the same connections and duration,
 * in rounds that interleave the cases, so a noisy neighbour slows them all alike. Results are
 * read as ratios to the floor measured in the same rounds.
 */
import autocannon, { type Request as CannonRequest } from "autocannon";

/** One endpoint under load: a request template autocannon sends on every connection. */
export interface LoadCase {
  name: string;
  /**
   * `export` streams a whole file: judged on completing, not against the floor's rate.
   * `reference` is a second floor to read the others against, with no target of its own.
   */
  kind: "floor" | "reference" | "static" | "read" | "write" | "export";
  /** Requests autocannon cycles through on each connection (setupRequest may rewrite them). */
  requests: CannonRequest[];
  headers?: Record<string, string>;
  /**
   * Instead of the shared connections × duration: this many requests per round on one
   * connection, each allowed `timeoutSeconds` (a whole export takes longer than a round lasts).
   */
  amount?: { requests: number; timeoutSeconds: number };
}

/** What a case measured, summed over its rounds. */
export interface LoadResult {
  name: string;
  kind: LoadCase["kind"];
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Each run's own rate and p99, in the order they ran. */
  samples: { rps: number; p99: number }[];
}

export interface LoadOptions {
  connections: number;
  /** Seconds per case per round. */
  duration: number;
  rounds: number;
  /**
   * The floor (the case of kind `floor`) runs again before every this many other cases of a
   * round (default: once per round), so that a slow moment of the machine falling on one of its
   * runs moves every ratio less.
   */
  floorEvery?: number;
}

interface RoundResult {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function runOnce(baseURL: string, c: LoadCase, options: LoadOptions): Promise<RoundResult> {
  const result = await autocannon({
    url: baseURL,
    headers: c.headers ?? {},
    requests: c.requests,
    ...(c.amount
      ? { connections: 1, amount: c.amount.requests, timeout: c.amount.timeoutSeconds }
      : { connections: options.connections, duration: options.duration }),
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Runs every case `rounds` times, interleaved (case 1, case 2, … then again), and sums each; the
 * floor also runs again within each round (`floorEvery`). Latency percentiles are the median of
 * the runs' percentiles.
 *
 * @example
 * const results = await runInterleaved(url, [floor, list], { connections: 10, duration: 3, rounds: 3 });
 */
export async function runInterleaved(
  baseURL: string,
  cases: LoadCase[],
  options: LoadOptions,
): Promise<LoadResult[]> {
  const rounds = new Map<string, RoundResult[]>(cases.map((c) => [c.name, []]));
  const run = async (c: LoadCase) => rounds.get(c.name)?.push(await runOnce(baseURL, c, options));
  const floor = cases.find((c) => c.kind === "floor");
  const others = cases.filter((c) => c !== floor);
  const floorEvery = options.floorEvery ?? Math.max(1, others.length);
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, c] of others.entries()) {
      if (floor && index % floorEvery === 0) await run(floor);
      await run(c);
    }
    if (floor && others.length === 0) await run(floor);
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  return cases.map((c) => {
    const runs = rounds.get(c.name) ?? [];
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
    return {
      name: c.name,
      kind: c.kind,
      requests,
      seconds,
      rps: seconds > 0 ? requests / seconds : 0,
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      samples: runs.map((r) => ({ rps: r.seconds > 0 ? r.requests / r.seconds : 0, p99: r.p99 })),
    };
  });
}
