/**
 * `npm run bench`: starts the Worker locally (fresh databases, demo data) and runs every
 * benchmark, each bounded in repetitions so the run stops by itself, then the docs-build
 * benchmark (with the Worker stopped, so the builds have the machine). Prints ratios.
 *
 * `npm run bench -- docs-build` (or any bench names) runs only those.
 */
import { startLocalWorker } from "../scripts/local-worker.ts";
import { customersListBench, prepareCustomersList } from "./customers-list.bench.ts";
import { docsBuildBench } from "./docs-build.bench.ts";
import { sessionBench } from "./session.bench.ts";

const workerBenches: [string, (baseURL: string) => Promise<void>][] = [
  ["session", sessionBench],
  ["customers list", customersListBench],
];
const buildBenches: [string, () => Promise<void>][] = [["docs build", docsBuildBench]];

const only = process.argv.slice(2).map((name) => name.replace(/-/g, " "));
const wanted = ([name]: [string, unknown]): boolean => only.length === 0 || only.includes(name);

if (workerBenches.some(wanted)) {
  const worker = await startLocalWorker(prepareCustomersList);
  try {
    for (const [name, bench] of workerBenches.filter(wanted)) {
      console.log(`\n# ${name}`);
      await bench(worker.baseURL);
    }
  } finally {
    worker.stop();
  }
}
for (const [name, bench] of buildBenches.filter(wanted)) {
  console.log(`\n# ${name}`);
  await bench();
}
