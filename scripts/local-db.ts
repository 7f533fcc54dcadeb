/**
 * Prepares the local run: a random SESSION_SECRET in .dev.vars (once), and every cloud's local
 * D1 database migrated with the demo directory loaded (idempotent). `npm start` runs it before
 * `wrangler dev`.
 *
 *   node scripts/local-db.ts [--persist-to <dir>]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLOUDS, CLOUD_IDS } from "../src/domain/clouds.ts";
import { demoSeedSql } from "../worker/seed/demo.ts";

const persistIndex = process.argv.indexOf("--persist-to");
const persistTo = persistIndex > 0 ? process.argv[persistIndex + 1] : undefined;
const persist = persistTo ? ["--persist-to", persistTo] : [];
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "true",
};

function wrangler(args: string[]): void {
  const result = spawnSync("wrangler", args, { env, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.exit(result.status ?? 1);
  }
}

// The local session secret: random per machine, never committed.
if (!existsSync(".dev.vars")) {
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  writeFileSync(".dev.vars", `SESSION_SECRET=${secret}\n`, { mode: 0o600 });
  console.log("✓ wrote .dev.vars with a random SESSION_SECRET");
}

const work = mkdtempSync(join(tmpdir(), "partner-portal-seed-"));
try {
  for (const cloud of CLOUD_IDS) {
    const binding = CLOUDS[cloud].binding;
    wrangler(["d1", "migrations", "apply", binding, "--local", ...persist]);
    const file = join(work, `${cloud}.sql`);
    writeFileSync(file, (await demoSeedSql(cloud)).join("\n"));
    wrangler(["d1", "execute", binding, "--local", "--file", file, ...persist]);
    console.log(`✓ ${cloud}: migrated, demo data loaded (${binding})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
