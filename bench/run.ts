/**
 * `npm run bench`: runs the benchmarks, each bounded in repetitions or seconds, and prints ratios
 * and how long each took. The Worker benches share one fresh local Worker, prepared with every
 * named bench's data before it starts, in the local `bench` environment of wrangler.toml (the
 * all-clouds shape; its write limiter allows what the endpoints bench sends, its sign-in limits
 * are production's). Without names the run is the Worker benches, and it stops itself (exit 1)
 * if they have not finished within BENCH_BUDGET_SECONDS (default 570: under ten minutes). The
 * docs-build bench builds thousands of pages, minutes by design: it runs only when named, after
 * the Worker has stopped, so the builds have the machine.
 *
 * The local databases live in memory (/dev/shm) when the machine has it: the local D1 and the
 * local rate limiter write every write request's pages to their SQLite files, and on disk the
 * kernel's share of that takes the cores the Worker runs on, which the floor never pays and a
 * deployed Worker's storage does not. BENCH_STATE_DIR chooses another place (README, Benchmarks).
 *
 *   npm run bench [-- <name> …]   (session, customers-list, endpoints, lighthouse, docs-build)
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { startLocalWorker, type LocalWorker } from "../scripts/local-worker.ts";
import { customersListBench, prepareCustomersList } from "./customers-list.bench.ts";
import { docsBuildBench } from "./docs-build.bench.ts";
import { endpointsBench, prepareEndpoints } from "./endpoints.bench.ts";
import { lighthouseBench } from "./lighthouse.bench.ts";
import { sessionBench } from "./session.bench.ts";

interface WorkerBench {
  name: string;
  prepare?: (state: string) => void | Promise<void>;
  run: (baseURL: string, worker: LocalWorker) => Promise<void>;
}

const workerBenches: WorkerBench[] = [
  { name: "session", run: sessionBench },
  { name: "customers-list", prepare: prepareCustomersList, run: customersListBench },
  { name: "endpoints", prepare: prepareEndpoints, run: endpointsBench },
  { name: "lighthouse", run: lighthouseBench },
];
const buildBenches: [string, () => Promise<void>][] = [["docs-build", docsBuildBench]];

const only = process.argv.slice(2);
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
const started = performance.now();
const minutes = (since: number) => `${((performance.now() - since) / 60_000).toFixed(1)} min`;

let running: { stop: () => void } | undefined;
if (only.length === 0) {
  const budget = Number(process.env.BENCH_BUDGET_SECONDS ?? 570) * 1000;
  setTimeout(() => {
    console.error(`\nbench: not finished within ${budget / 1000} s; stopped`);
    running?.stop();
    process.exit(1);
  }, budget).unref();
}

const benches = workerBenches.filter((b) => wanted(b.name));
if (benches.length > 0) {
  const stateRoot = process.env.BENCH_STATE_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
  console.log(
    `\n# local Worker (${benches.map((b) => b.name).join(", ")}), databases in ${stateRoot}`,
  );
  const prepared = performance.now();
  const worker = await startLocalWorker(
    async (state) => {
      for (const bench of benches) await bench.prepare?.(state);
    },
    { wranglerEnv: "bench", stateRoot },
  );
  running = worker;
  console.log(`(prepared and started: ${minutes(prepared)})`);
  try {
    for (const bench of benches) {
      console.log(`\n# ${bench.name}`);
      const benchStarted = performance.now();
      await bench.run(worker.baseURL, worker);
      console.log(`(${bench.name}: ${minutes(benchStarted)})`);
    }
  } finally {
    worker.stop();
    running = undefined;
  }
}
for (const [name, bench] of buildBenches.filter(([name]) => only.includes(name))) {
  console.log(`\n# ${name}`);
  await bench();
}
console.log(`\nbench: ${minutes(started)} in all`);
