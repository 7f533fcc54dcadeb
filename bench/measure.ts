/**
 * Small measuring kit for the benchmarks: bounded repetitions, medians, and ratios. Results are
 * read as ratios between two measurements taken side by side, never as absolute times: the
 * machine is shared and noisy.
 */

export interface Sample {
  name: string;
  median: number;
  p95: number;
  runs: number;
}

/** The median and p95 of `times` (ms). */
function sample(name: string, times: number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { name, median: at(0.5), p95: at(0.95), runs: sorted.length };
}

/**
 * Runs `fn` `warmup` times unmeasured, then `runs` times, and returns median and p95 in ms.
 *
 * @example
 * const login = await measure("sign-in", () => signIn(), { runs: 8 });
 */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  options: { runs?: number; warmup?: number } = {},
): Promise<Sample> {
  const [result] = await measureSideBySide([[name, fn]], options);
  if (!result) throw new Error("nothing measured");
  return result;
}

/**
 * Measures several requests side by side: each round runs every one of them once, in an order
 * that rotates from round to round, so that a slow moment of a shared machine falls on all of
 * them alike and their ratio stays meaningful.
 *
 * @example
 * const [small, large] = await measureSideBySide([["1k", small], ["100k", large]], { runs: 60 });
 */
export async function measureSideBySide(
  cases: readonly (readonly [string, () => Promise<unknown>])[],
  { runs = 100, warmup = 10 }: { runs?: number; warmup?: number } = {},
): Promise<Sample[]> {
  const times = cases.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (round + k) % cases.length;
      const fn = cases[index]?.[1];
      if (!fn) continue;
      const start = performance.now();
      await fn();
      if (round >= warmup) times[index]?.push(performance.now() - start);
    }
  }
  return cases.map(([name], index) => sample(name, times[index] ?? []));
}

/** Prints `a / b` as a ratio line, with the medians it came from. */
export function printRatio(label: string, a: Sample, b: Sample): number {
  const ratio = a.median / b.median;
  console.log(
    `${label.padEnd(58)} ${ratio.toFixed(2).padStart(7)}×   (${a.name} ${a.median.toFixed(2)} ms / ${b.name} ${b.median.toFixed(2)} ms, median of ${a.runs})`,
  );
  return ratio;
}

/** A fetch that fails loudly on an unexpected status and drains the body. */
export async function expectStatus(response: Promise<Response>, status: number): Promise<void> {
  const res = await response;
  await res.arrayBuffer();
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status} for ${res.url}`);
}
