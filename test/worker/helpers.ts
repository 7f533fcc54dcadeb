import { env, exports } from "cloudflare:workers";
import { CLOUDS, type CloudId } from "../../src/domain/clouds.ts";
import type { PartnerType, Role } from "../../src/domain/roles.ts";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { checkedResponse } from "./contract.ts";

export const ORIGIN = "https://portal.test";
export const DEMO_PASSWORD = "Portal!Demo2026";

/** The cloud's database binding in the test environment. */
export function dbOf(cloud: CloudId): D1Database {
  const db = env[CLOUDS[cloud].binding as "DB_GLOBAL"];
  if (!db) throw new Error(`no database bound for ${cloud}`);
  return db;
}

/** What a test request carries beyond its path. */
export interface CallInit {
  method?: string;
  body?: unknown;
  cookie?: string;
  language?: string;
  headers?: Record<string, string>;
}

/**
 * A request to the Worker under test, the way the site's browser modules send it: JSON body,
 * same-origin fetch metadata, an optional session cookie and language.
 */
export function apiRequest(path: string, init: CallInit = {}): Request {
  const headers: Record<string, string> = { "Sec-Fetch-Site": "same-origin", ...init.headers };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (init.cookie) headers["Cookie"] = init.cookie;
  if (init.language) headers["Accept-Language"] = init.language;
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/**
 * {@link apiRequest} sent to the Worker under test; the response is checked against the OpenAPI
 * document (test/worker/contract.ts).
 */
export async function call(path: string, init: CallInit = {}): Promise<Response> {
  const request = apiRequest(path, init);
  return checkedResponse(request, await exports.default.fetch(request));
}

/** `app.fetch(request, bindings)` for an app of the test's making, checked the same way. */
export async function fetchApp<B extends object>(
  app: { fetch: (request: Request, bindings: B) => Response | Promise<Response> },
  request: Request,
  bindings: B,
): Promise<Response> {
  return checkedResponse(request, await app.fetch(request, bindings));
}

/**
 * `exports.default.fetch` (the Worker under test, as a test would call it raw), with the
 * response checked against the OpenAPI document.
 */
export async function fetchWorker(url: string, init: RequestInit = {}): Promise<Response> {
  const request = { method: init.method ?? "GET", url };
  return checkedResponse(request, await exports.default.fetch(url, init));
}

/** An app of the test's making (`createApp(...)`), as the helpers call it. */
interface TestApp {
  fetch: (request: Request, bindings: typeof env) => Response | Promise<Response>;
}

/**
 * Signs in and returns the `Cookie` header value that carries the session; through `app` (an
 * app with an injected clock, whose sessions start and end by that clock) when given.
 */
export async function signIn(
  cloud: CloudId,
  username: string,
  password = DEMO_PASSWORD,
  app?: TestApp,
): Promise<string> {
  const path = `/api/v1/${cloud}/session`;
  const init = { body: { username, password } };
  const response = app ? await fetchApp(app, apiRequest(path, init), env) : await call(path, init);
  if (response.status !== 200)
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  return setCookie.split(";")[0] ?? "";
}

let passwordHash: Promise<string> | undefined;

/**
 * A partner of its own with one user, so a test shares no data (nor rate-limit keys) with
 * another. Returns the user's email and ids.
 */
export async function createPartnerUser(
  cloud: CloudId,
  options: { roles?: Role[]; type?: PartnerType; mustChangePassword?: boolean } = {},
) {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const db = dbOf(cloud);
  const partnerId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const tag = partnerId.slice(0, 8);
  const email = `user-${tag}@partner-${tag}.example`;
  const now = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        "INSERT INTO partners (id, name, type, email_domain, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5)",
      )
      .bind(
        partnerId,
        `Partner ${tag}`,
        options.type ?? "direct_reseller",
        `partner-${tag}.example`,
        now,
      ),
    db
      .prepare(
        "INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at) VALUES (?1, ?2, ?3, 'partner', ?4, ?5, ?6, ?7, 'active', ?8, ?8)",
      )
      .bind(
        userId,
        email,
        `User ${tag}`,
        partnerId,
        JSON.stringify(options.roles ?? ["global_admin"]),
        await passwordHash,
        options.mustChangePassword ? 1 : 0,
        now,
      ),
  ]);
  return { email, userId, partnerId };
}

/** Parses a problem+json response, asserting its media type. */
export async function problemOf(response: Response) {
  if (!response.headers.get("Content-Type")?.startsWith("application/problem+json")) {
    throw new Error(`not a problem: ${response.status} ${response.headers.get("Content-Type")}`);
  }
  return (await response.json<unknown>()) as {
    type: string;
    title: string;
    status: number;
    code: string;
    detail: string;
    errors?: { path: string; code: string; message: string }[];
    requestId: string;
  };
}

function base64urlJson(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * A JWT signed by the test identity provider (the private half of the key the Worker trusts),
 * with `claims` and the header's `kid` (default `test-key`).
 */
export async function bearerToken(
  claims: Record<string, unknown>,
  kid = "test-key",
): Promise<string> {
  const jwk = JSON.parse(env.TEST_JWT_PRIVATE_JWK) as JsonWebKey;
  const key = await crypto.subtle.importKey(
    "jwk",
    jwk,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const input = `${base64urlJson({ alg: "RS256", typ: "JWT", kid })}.${base64urlJson(claims)}`;
  const signature = new Uint8Array(
    await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(input)),
  );
  return `${input}.${btoa(String.fromCharCode(...signature))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "")}`;
}

/** The audience a cloud's bearer tokens carry in the test configuration. */
export function audienceOf(cloud: CloudId): string {
  return env.JWT_AUDIENCE.replace("{cloud}", cloud);
}

/** Maps identity-provider subject `subject` to directory user `userId` (the operator's step). */
export async function linkIdentity(cloud: CloudId, subject: string, userId: string) {
  await dbOf(cloud)
    .prepare(
      "INSERT INTO identities (issuer, subject, user_id, linked_by, created_at) VALUES (?1, ?2, ?3, 'operator', ?4)",
    )
    .bind(env.JWT_ISSUER, subject, userId, new Date().toISOString())
    .run();
}
