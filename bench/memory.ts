/**
 * The resident memory of the local Workers runtime (`workerd`, started by `wrangler dev` in the
 * process group the bench knows), read from /proc while a request runs: how a streamed response
 * is told from one built in memory.
 */
import { readdirSync, readFileSync } from "node:fs";

/**
 * The summed anonymous resident memory (KiB: heap, not mapped files) of the `workerd` processes
 * of process group `group`.
 */
export function runtimeRssKiB(group: number): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after ")".
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== group || !comm.startsWith("workerd")) continue;
      const rss = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/**
 * Runs `fn` while sampling the runtime's memory every `everyMs`; returns how far it rose over
 * what it was just before (KiB) and how long `fn` took.
 *
 * @example
 * const { peakKiB } = await peakRssDuring(worker.processGroup, () => download(url));
 */
export async function peakRssDuring(
  group: number,
  fn: () => Promise<unknown>,
  everyMs = 10,
): Promise<{ peakKiB: number; ms: number }> {
  const before = runtimeRssKiB(group);
  if (before === 0) throw new Error(`no workerd process in process group ${group}`);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, runtimeRssKiB(group))), everyMs);
  const start = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - start;
  peak = Math.max(peak, runtimeRssKiB(group));
  return { peakKiB: peak - before, ms };
}
