/**
 * `npm run bench`: starts the Worker locally (fresh databases, demo data) and runs every
 * benchmark, each bounded in repetitions or seconds so the run stops by itself. Prints ratios.
 *
 *   npm run bench [-- <bench name> …]   (names: session, customers-list, endpoints, lighthouse)
 */
import { startLocalWorker } from "../scripts/local-worker.ts";
import { customersListBench, prepareCustomersList } from "./customers-list.bench.ts";
import { endpointsBench, prepareEndpoints } from "./endpoints.bench.ts";
import { lighthouseBench } from "./lighthouse.bench.ts";
import { sessionBench } from "./session.bench.ts";

interface Bench {
  name: string;
  prepare?: (state: string) => void | Promise<void>;
  wranglerEnv?: string;
  run: (baseURL: string) => Promise<void>;
}

const benches: Bench[] = [
  { name: "session", run: sessionBench },
  { name: "customers-list", prepare: prepareCustomersList, run: customersListBench },
  { name: "endpoints", prepare: prepareEndpoints, wranglerEnv: "bench", run: endpointsBench },
  { name: "lighthouse", run: lighthouseBench },
];

const chosen = process.argv.slice(2);
for (const bench of benches.filter((b) => chosen.length === 0 || chosen.includes(b.name))) {
  console.log(`\n# ${bench.name}`);
  const worker = await startLocalWorker(bench.prepare, { wranglerEnv: bench.wranglerEnv });
  try {
    await bench.run(worker.baseURL);
  } finally {
    worker.stop();
  }
}
