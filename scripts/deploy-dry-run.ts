/**
 * Checks the production shape (SPEC §2): `wrangler deploy --dry-run --env <cloud>` for every
 * cloud must bundle, and bind exactly that cloud's database and no other. Then the deploy command
 * itself (`npm run deploy -- <cloud> --dry-run`, scripts/deploy.ts) runs once, for one cloud: it
 * builds the site for that cloud's origin and checks that every page names it.
 *
 *   node scripts/deploy-dry-run.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLOUDS, CLOUD_IDS } from "../src/domain/clouds.ts";
import { deployTarget } from "./deploy-target.ts";

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
  // One cloud is enough for the command: the clouds differ only in what wrangler.toml gives it.
  const { cloud, origin } = deployTarget(readFileSync("wrangler.toml", "utf8"), "germany", {
    dryRun: true,
  });
  const binding = CLOUDS[cloud].binding;
  const deploy = spawnSync("node", ["scripts/deploy.ts", cloud, "--dry-run"], {
    env,
    encoding: "utf8",
  });
  const output = deploy.stdout + deploy.stderr;
  const ok =
    deploy.status === 0 &&
    output.includes(`deploy ${cloud}: the site is built for ${origin}`) &&
    output.includes("check-site: OK") &&
    output.includes(`would run wrangler d1 migrations apply ${binding} --env ${cloud} --remote`) &&
    output.includes(`env.PUBLIC_ORIGIN ("${origin}")`) &&
    output.includes(`would wait for ${origin}/api/v1/${cloud}/health to answer 200`) &&
    output.includes(`deploy ${cloud}: dry run done`);
  console.log(`${ok ? "✓" : "✗"} npm run deploy -- ${cloud} --dry-run: site built for ${origin}`);
  if (!ok) {
    failed = true;
    process.stderr.write(output);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
