/**
 * Checks the production shape (SPEC §2): `wrangler deploy --dry-run --env <cloud>` for every
 * cloud must bundle, and bind exactly that cloud's database and no other.
 *
 *   node scripts/deploy-dry-run.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLOUDS, CLOUD_IDS } from "../src/domain/clouds.ts";

const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};
const out = mkdtempSync(join(tmpdir(), "partner-portal-dry-run-"));
let failed = false;
try {
  for (const cloud of CLOUD_IDS) {
    const result = spawnSync(
      "wrangler",
      ["deploy", "--dry-run", "--env", cloud, "--outdir", join(out, cloud)],
      { env, encoding: "utf8" },
    );
    const output = result.stdout + result.stderr;
    const databases = [...output.matchAll(/env\.(DB_\w+)/g)].map((m) => m[1]);
    const ok =
      result.status === 0 &&
      databases.length === 1 &&
      databases[0] === CLOUDS[cloud].binding &&
      output.includes(`env.PORTAL_CLOUDS ("${cloud}")`) &&
      output.includes("env.SIGN_IN_LIMITER");
    console.log(`${ok ? "✓" : "✗"} --env ${cloud}: binds ${databases.join(", ") || "no database"}`);
    if (!ok) {
      failed = true;
      process.stderr.write(output);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
