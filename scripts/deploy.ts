/**
 * Deploys one cloud (README, "Deploy one cloud"): builds the site for the cloud's public origin
 * (`PUBLIC_ORIGIN` in its `[env.<cloud>]` vars, which must be a real https origin), checks the
 * build (scripts/check-site.ts, every canonical and language link naming that origin), applies
 * the database migrations the cloud's D1 has not had yet (the schema before the code that needs
 * it), and runs `wrangler deploy --env <cloud>` with that build as the Worker's assets. The
 * build goes to a folder of its own, so `dist/` (what `npm start` serves) is left as it was.
 *
 *   npm run deploy -- <cloud> [--dry-run]
 *
 * Once deployed, it waits (up to a minute) for the cloud's readiness, `GET /api/v1/<cloud>/health`
 * on the public origin: 200 once the new Worker answers with its database and schema in place.
 *
 * `--dry-run` does everything but touch the cloud: it names the migration command and the
 * readiness address instead of using them, uploads nothing (`wrangler deploy --dry-run`), and
 * accepts the placeholder origin the repository ships.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLOUDS } from "../src/domain/clouds.ts";
import { deployTarget, waitUntilReady } from "./deploy-target.ts";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const [cloud = ""] = args.filter((arg) => !arg.startsWith("--"));

function run(command: string, commandArgs: string[], options: SpawnSyncOptions = {}): void {
  console.log(`\n$ ${command} ${commandArgs.join(" ")}`);
  const result = spawnSync(command, commandArgs, { stdio: "inherit", ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs[0] ?? ""} failed (exit ${result.status ?? "none"})`);
  }
}

if (!cloud) {
  console.error("usage: npm run deploy -- <cloud> [--dry-run]");
  process.exit(2);
}

let exitCode = 0;
const work = mkdtempSync(join(tmpdir(), "partner-portal-deploy-"));
try {
  const target = deployTarget(readFileSync("wrangler.toml", "utf8"), cloud, { dryRun });
  console.log(`deploy ${target.cloud}: the site is built for ${target.origin}`);
  const site = join(work, "site");
  const env = { ...process.env, SITE_URL: target.origin };
  run("astro", ["build", "--outDir", site], { env });
  run("node", ["scripts/check-site.ts", site], { env });
  const binding = CLOUDS[target.cloud].binding;
  const migrate = ["d1", "migrations", "apply", binding, "--env", target.cloud, "--remote"];
  if (dryRun) console.log(`\n(dry run: would run wrangler ${migrate.join(" ")})`);
  else run("wrangler", migrate);
  run("wrangler", [
    "deploy",
    "--env",
    target.cloud,
    "--assets",
    site,
    ...(dryRun ? ["--dry-run", "--outdir", join(work, "worker")] : []),
  ]);
  const readiness = `${target.origin}/api/v1/${target.cloud}/health`;
  if (dryRun) console.log(`\n(dry run: would wait for ${readiness} to answer 200)`);
  else await waitUntilReady(readiness, 60);
  console.log(
    `\ndeploy ${target.cloud}: ${dryRun ? "dry run done, nothing uploaded" : `deployed and ready (${readiness})`}`,
  );
} catch (error) {
  console.error(`\ndeploy: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
