/**
 * Starts the Worker under `wrangler dev` on a free loopback port with fresh local databases
 * (migrated, demo data loaded, plus any extra SQL), for browser tests and benchmarks.
 *
 * @example
 * const worker = await startLocalWorker();
 * await fetch(`${worker.baseURL}/api/v1/health`);
 * worker.stop();
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LocalWorker {
  baseURL: string;
  /** Where the local databases live (for `wrangler d1 execute --persist-to`). */
  state: string;
  /** The process group of `wrangler dev` and the runtime it started (for memory readings). */
  processGroup: number;
  stop: () => void;
}

const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "true",
  // wrangler dev's local trace collector writes every request's spans (one per D1 call) to a
  // database on disk (a fifth of a signed-in read's runtime CPU here). A deployed Worker has
  // no such cost, and tests and benchmarks measure the Worker, so it is off. (`npm start` keeps
  // it, for the local explorer.)
  X_LOCAL_OBSERVABILITY: "false",
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** Runs a command to completion, throwing with its output when it fails. */
export function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Executes SQL against one cloud's local database in `state`. */
export function executeSql(state: string, binding: string, sql: string): void {
  const file = join(state, `extra-${Date.now()}-${Math.random().toString(36).slice(2)}.sql`);
  writeFileSync(file, sql);
  run("wrangler", ["d1", "execute", binding, "--local", "--persist-to", state, "--file", file]);
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`wrangler dev exited:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within 90 s:\n${log()}`);
}

/**
 * Fresh databases in a temporary folder (under `options.stateRoot`, by default the system's
 * temporary directory), `prepare(state)` for extra data, then `wrangler dev` on 127.0.0.1 (in
 * `options.wranglerEnv` when given). `stop()` ends the server and removes the folder.
 */
export async function startLocalWorker(
  prepare: (state: string) => void | Promise<void> = () => {},
  options: { wranglerEnv?: string | undefined; stateRoot?: string | undefined } = {},
): Promise<LocalWorker> {
  const state = mkdtempSync(join(options.stateRoot ?? tmpdir(), "partner-portal-local-"));
  run("node", ["scripts/local-db.ts", "--persist-to", state]);
  await prepare(state);
  const port = await freePort();
  let output = "";
  const server = spawn(
    "wrangler",
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state].concat(
      ["--log-level", "warn", "--show-interactive-dev-session=false"],
      // Invitation links and the CSRF check use the origin the browser really sees.
      ["--var", `PUBLIC_ORIGIN:http://127.0.0.1:${port}`],
      options.wranglerEnv ? ["--env", options.wranglerEnv] : [],
    ),
    { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHealth(`${baseURL}/api/v1/health`, server, () => output);
  } catch (error) {
    stop();
    throw error;
  }
  return { baseURL, state, processGroup: server.pid ?? 0, stop };
}
