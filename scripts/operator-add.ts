/**
 * Adds a cloud operator (SPEC §6, Cloud operator: "the first operator of a cloud is created from
 * the command line") with a one-time temporary password, printed once and to be changed at first
 * sign-in. Local by default (`wrangler d1 execute --local`, the database `npm start` uses); with
 * `--remote`, the deployed cloud's own database through its wrangler environment
 * (`--env <cloud>`, wrangler.toml). An email already in the cloud is refused.
 *
 *   npm run operator:add -- --cloud usgov --email ops@agency.example [--name "Ola Ops"] [--remote]
 *   npm run operator:add -- --cloud global --email ops@example.org --persist-to .wrangler/state
 *
 * The password is stored as a PBKDF2 hash (never in clear, never logged); the deployment's
 * SESSION_SECRET is not needed. The insert and its audit record are one statement batch.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { z } from "zod";
import { CLOUDS, isCloudId, type CloudId } from "../src/domain/clouds.ts";
import { Email } from "../src/domain/schemas/customer.ts";
import { text } from "../src/domain/schemas/text.ts";
import { hashPassword, newId } from "../worker/lib/crypto.ts";
import { temporaryPassword } from "../worker/lib/temporary-password.ts";

const Options = z.object({
  cloud: z.string().refine(isCloudId, { message: "unknown cloud" }),
  email: Email,
  name: text(1, 100).optional(),
  remote: z.boolean(),
  "persist-to": z.string().min(1).optional(),
});

const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "true",
};

function fail(message: string): never {
  process.stderr.write(`✗ ${message}\n`);
  process.exit(1);
}

/** A SQL string literal (values here are validated, and quotes are doubled anyway). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `wrangler d1 execute` against the cloud's database, as JSON results. */
function execute(cloud: CloudId, target: string[], command: string): unknown[] {
  const args = ["d1", "execute", CLOUDS[cloud].binding, ...target, "--json", "--command", command];
  const result = spawnSync("wrangler", args, { env, encoding: "utf8" });
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`;
    if (/UNIQUE constraint failed: (users\.email|index 'users_email_unique')/.test(output)) {
      fail("a user with this email already exists in this cloud; nothing was written");
    }
    if (output.includes("no such table")) {
      fail(
        `the database is not migrated: run \`npm run db:local\` (or apply the migrations) first\n${output}`,
      );
    }
    fail(`wrangler d1 execute failed:\n${output}`);
  }
  const parsed: unknown = JSON.parse(result.stdout);
  return Array.isArray(parsed) ? parsed : [];
}

/** The rows of the first statement of an `execute` answer. */
function rowsOf(answer: unknown[]): unknown[] {
  const first = answer[0] as { results?: unknown[] } | undefined;
  return first?.results ?? [];
}

const { values } = parseArgs({
  options: {
    cloud: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
  strict: true,
});
const parsed = Options.safeParse(values);
if (!parsed.success) {
  fail(
    `usage: npm run operator:add -- --cloud <${Object.keys(CLOUDS).join("|")}> --email <address> [--name <name>] [--remote]\n  ${parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("\n  ")}`,
  );
}
const options = parsed.data;
const cloud: CloudId = options.cloud;
if (options.remote && options["persist-to"]) fail("--persist-to is for the local database only");
const target = options.remote
  ? ["--remote", "--env", cloud]
  : ["--local", ...(options["persist-to"] ? ["--persist-to", options["persist-to"]] : [])];

const existing = rowsOf(
  execute(
    cloud,
    target,
    `SELECT id FROM users WHERE lower(email) = ${literal(options.email)} AND status <> 'removed'`,
  ),
);
if (existing.length > 0)
  fail("a user with this email already exists in this cloud; nothing was written");

const id = newId();
const password = temporaryPassword();
const passwordHash = await hashPassword(password);
const now = new Date().toISOString();
const name = options.name ?? options.email.slice(0, options.email.indexOf("@"));
// One command, so one batch: the operator and the audit record land together or not at all.
execute(
  cloud,
  target,
  `INSERT INTO users (id, email, display_name, kind, partner_id, customer_id, roles, password_hash,
     must_change_password, status, created_at, updated_at)
   VALUES (${literal(id)}, ${literal(options.email)}, ${literal(name)}, 'operator', NULL, NULL, '[]',
     ${literal(passwordHash)}, 1, 'active', ${literal(now)}, ${literal(now)});
   INSERT INTO audit_records (id, partner_id, actor_user_id, action, target_type, target_id,
     request_id, occurred_at, details)
   VALUES (${literal(newId())}, NULL, ${literal(id)}, 'operator.created', 'user', ${literal(id)},
     ${literal(`cli-${newId()}`)}, ${literal(now)}, ${literal(JSON.stringify({ via: "operator:add", remote: options.remote }))});`,
);

console.log(
  [
    `✓ operator added to ${cloud} (${options.remote ? "remote" : "local"} database ${CLOUDS[cloud].binding})`,
    `  Email:              ${options.email}`,
    `  Temporary password: ${password}`,
    "  Shown only now. It must be changed at first sign-in.",
  ].join("\n"),
);
