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

/**
 * Runs `fn` `warmup` times unmeasured, then `runs` times, and returns median and p95 in ms.
 *
 * @example
 * const health = await measure("health", () => fetch(url), { runs: 200 });
 */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  { runs = 100, warmup = 10 }: { runs?: number; warmup?: number } = {},
): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { name, median: at(0.5), p95: at(0.95), runs };
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
