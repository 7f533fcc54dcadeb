/**
 * `npm run bench`: starts the Worker locally (fresh databases, demo data) and runs every
 * benchmark, each bounded in repetitions so the run stops by itself. Prints ratios.
 */
import { startLocalWorker } from "../scripts/local-worker.ts";
import { customersListBench, prepareCustomersList } from "./customers-list.bench.ts";
import { sessionBench } from "./session.bench.ts";

const benches: [string, (baseURL: string) => Promise<void>][] = [
  ["session", sessionBench],
  ["customers list", customersListBench],
];

const worker = await startLocalWorker(prepareCustomersList);
try {
  for (const [name, bench] of benches) {
    console.log(`\n# ${name}`);
    await bench(worker.baseURL);
  }
} finally {
  worker.stop();
}
