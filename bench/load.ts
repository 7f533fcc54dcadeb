/**
 * Load measurements with autocannon: every case runs with the same connections and duration,
 * in rounds that interleave the cases, so a noisy neighbour slows them all alike. Results are
 * read as ratios to the floor measured in the same rounds: each run of a case against the floor
 * runs just before and just after its group of cases, so the machine's drift over a run (on a
 * shared machine the floor's runs range up to 2× within one bench) moves a ratio only as much as
 * it moved within those few seconds.
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
  /**
   * Requests served ÷ what the floor served in as many seconds at the same moment of the run
   * (the mean rate of the floor runs just before and after each run's group): the ratio to read.
   */
  ratio: number;
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
  /**
   * Seconds each case first runs unmeasured, so no case is measured on code the runtime has not
   * compiled yet (default 1; `export` cases, judged on completing, are not warmed).
   */
  warmup?: number;
}

interface RoundResult {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function runOnce(
  baseURL: string,
  c: LoadCase,
  options: Pick<LoadOptions, "connections" | "duration">,
): Promise<RoundResult> {
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
 * floor runs before every `floorEvery` other cases of a round and once more at its end, so every
 * group of cases has a floor run on either side. Latency percentiles are the median of the runs'
 * percentiles.
 *
 * @example
 * const results = await runInterleaved(url, [floor, list], { connections: 10, duration: 3, rounds: 3 });
 */
export async function runInterleaved(
  baseURL: string,
  cases: LoadCase[],
  options: LoadOptions,
): Promise<LoadResult[]> {
  const floor = cases.find((c) => c.kind === "floor");
  const others = cases.filter((c) => c !== floor);
  const floorEvery = options.floorEvery ?? Math.max(1, others.length);
  const warmup = options.warmup ?? 1;
  if (warmup > 0) {
    for (const c of cases.filter((c) => c.kind !== "export")) {
      await runOnce(baseURL, c, { connections: options.connections, duration: warmup });
    }
  }
  // Each run, with the index of the floor run before it (its group's first).
  const runs = new Map<string, (RoundResult & { floorBefore: number })[]>(
    cases.map((c) => [c.name, []]),
  );
  const floorRuns = (floor && runs.get(floor.name)) || [];
  const run = async (c: LoadCase) => {
    const result = await runOnce(baseURL, c, options);
    runs.get(c.name)?.push({ ...result, floorBefore: floorRuns.length - 1 });
  };
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, c] of others.entries()) {
      if (floor && index % floorEvery === 0) await run(floor);
      await run(c);
    }
    if (floor) await run(floor);
  }
  const rateOf = (r: { requests: number; seconds: number }) =>
    r.seconds > 0 ? r.requests / r.seconds : 0;
  // The floor's rate around a group: the mean of its runs on either side of the group.
  const floorRateAfter = (before: number) => {
    const near = [floorRuns[before], floorRuns[before + 1]].filter((r) => r !== undefined);
    return near.reduce((sum, r) => sum + rateOf(r), 0) / Math.max(1, near.length);
  };
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  return cases.map((c) => {
    const own = runs.get(c.name) ?? [];
    const requests = own.reduce((sum, r) => sum + r.requests, 0);
    const seconds = own.reduce((sum, r) => sum + r.seconds, 0);
    const floorRequests = own.reduce(
      (sum, r) => sum + floorRateAfter(r.floorBefore) * r.seconds,
      0,
    );
    return {
      name: c.name,
      kind: c.kind,
      requests,
      seconds,
      rps: rateOf({ requests, seconds }),
      ratio: c === floor ? 1 : floorRequests > 0 ? requests / floorRequests : 0,
      p50: median(own.map((r) => r.p50)),
      p99: median(own.map((r) => r.p99)),
      non2xx: own.reduce((sum, r) => sum + r.non2xx, 0),
      errors: own.reduce((sum, r) => sum + r.errors, 0),
      samples: own.map((r) => ({ rps: rateOf(r), p99: r.p99 })),
    };
  });
}
