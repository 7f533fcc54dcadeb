/**
 * `npm run bench`: runs every benchmark, each bounded in repetitions or seconds so the run stops
 * by itself, and prints ratios. Each Worker bench gets a fresh local Worker (its own databases
 * and data); the docs-build bench runs with no Worker, so the builds have the machine.
 *
 *   npm run bench [-- <name> …]   (session, customers-list, endpoints, lighthouse, docs-build)
 */
import { startLocalWorker } from "../scripts/local-worker.ts";
import { customersListBench, prepareCustomersList } from "./customers-list.bench.ts";
import { docsBuildBench } from "./docs-build.bench.ts";
import { endpointsBench, prepareEndpoints } from "./endpoints.bench.ts";
import { lighthouseBench } from "./lighthouse.bench.ts";
import { sessionBench } from "./session.bench.ts";

interface WorkerBench {
  name: string;
  prepare?: (state: string) => void | Promise<void>;
  wranglerEnv?: string;
  run: (baseURL: string) => Promise<void>;
}

const workerBenches: WorkerBench[] = [
  { name: "session", run: sessionBench },
  { name: "customers-list", prepare: prepareCustomersList, run: customersListBench },
  { name: "endpoints", prepare: prepareEndpoints, wranglerEnv: "bench", run: endpointsBench },
  { name: "lighthouse", run: lighthouseBench },
];
const buildBenches: [string, () => Promise<void>][] = [["docs-build", docsBuildBench]];

const only = process.argv.slice(2);
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);

for (const bench of workerBenches.filter((b) => wanted(b.name))) {
  console.log(`\n# ${bench.name}`);
  const worker = await startLocalWorker(bench.prepare, { wranglerEnv: bench.wranglerEnv });
  try {
    await bench.run(worker.baseURL);
  } finally {
    worker.stop();
  }
}
for (const [name, bench] of buildBenches.filter(([name]) => wanted(name))) {
  console.log(`\n# ${name}`);
  await bench();
}
