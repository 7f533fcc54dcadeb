import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach } from "vitest";
import { CLOUD_IDS } from "../../src/domain/clouds.ts";
import { checkedCount } from "./contract.ts";
import { dbOf } from "./helpers.ts";

// Setup files may run more than once: migrations apply only once, and the demo seed is
// INSERT OR IGNORE, so both are safe to repeat.
for (const cloud of CLOUD_IDS) {
  const db = dbOf(cloud);
  await applyD1Migrations(db, env.TEST_MIGRATIONS);
  const seed = env.TEST_SEEDS[cloud] ?? [];
  await db.batch(seed.map((statement) => db.prepare(statement)));
}

// The file's running count of responses checked against the OpenAPI document, summed over the
// run by test/worker/contract-reporter.ts.
afterEach(({ task }) => {
  task.file.meta.contractChecked = checkedCount();
});
