import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** A user who must change a temporary password, beside the demo directory (test data only). */
export const TEMPORARY_USER = "temporary@contoso.example";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" };

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`wrangler dev exited:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} in 90 s:\n${log()}`);
}

/** Fresh local databases, the demo directory, and the Worker on a free loopback port. */
export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), "partner-portal-e2e-"));
  run("node", ["scripts/local-db.ts", "--persist-to", state]);
  const fixture = join(state, "fixture.sql");
  const hash = await hashPassword(DEMO_PASSWORD);
  writeFileSync(
    fixture,
    `INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
     SELECT 'e2e-temporary-user', '${TEMPORARY_USER}', 'Tess Temporary', 'partner', id, '["sales_agent"]', '${hash}', 1, 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
     FROM partners WHERE email_domain = 'contoso.example';`,
  );
  run("wrangler", ["d1", "execute", "DB_GLOBAL", "--local", "--persist-to", state, "--file", fixture]);

  const port = await freePort();
  let output = "";
  const server = spawn(
    "wrangler",
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--log-level", "warn", "--show-interactive-dev-session=false"],
    { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForHealth(`${baseURL}/api/v1/health`, server, () => output);
  project.provide("baseURL", baseURL);

  return () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(state, { recursive: true, force: true });
  };
}
