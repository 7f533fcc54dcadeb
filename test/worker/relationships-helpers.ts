/**
 * Helpers for the invitation and relationship tests: fresh partners, links and customers per
 * test (no shared data, no shared rate-limit keys), the API calls the flows make, an app with
 * an injected clock, and a D1 binding whose batches fail.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { CLOUDS, type CloudId } from "../../src/domain/clouds.ts";
import type { Role } from "../../src/domain/roles.ts";
import { createApp } from "../../worker/app.ts";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { checkedResponse } from "./contract.ts";
import {
  apiRequest,
  call,
  createPartnerUser,
  dbOf,
  DEMO_PASSWORD,
  signIn,
  type CallInit,
} from "./helpers.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

let passwordHash: Promise<string> | undefined;

/** A customer of its own with its admin user (`admin@{prefix}.{suffix}`). */
export async function createCustomerAdmin(cloud: CloudId) {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const db = dbOf(cloud);
  const customerId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const prefix = `c${customerId.replaceAll("-", "").slice(0, 12)}`;
  const domain = `${prefix}.${CLOUDS[cloud].domainSuffix}`;
  const email = `admin@${domain}`;
  const companyName = `Customer ${prefix}`;
  const now = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        `INSERT INTO customers (id, company_name, company_name_key, domain_prefix, domain, country,
           address_line1, city, postal_code, contact_first_name, contact_last_name, contact_email,
           language, culture, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'US', '1 Main St', 'Redmond', '98052', 'Ada', 'Admin',
           'ada@example.org', 'en', 'en-US', ?6, ?6)`,
      )
      .bind(customerId, companyName, companyName.toLowerCase(), prefix, domain, now),
    db
      .prepare(
        `INSERT INTO users (id, email, display_name, kind, customer_id, roles, password_hash,
           must_change_password, status, created_at, updated_at)
         VALUES (?1, ?2, 'Customer admin', 'customer', ?3, '[]', ?4, 0, 'active', ?5, ?5)`,
      )
      .bind(userId, email, customerId, await passwordHash, now),
  ]);
  return { customerId, userId, email, companyName, domain };
}

/** A fresh partner with one signed-in user. */
export async function signedInPartner(
  cloud: CloudId,
  options: {
    roles?: Role[];
    type?: "direct_reseller" | "indirect_reseller" | "indirect_provider";
  } = {},
) {
  const user = await createPartnerUser(cloud, options);
  return { ...user, cookie: await signIn(cloud, user.email) };
}

/** A fresh customer whose admin is signed in. */
export async function signedInCustomer(cloud: CloudId) {
  const customer = await createCustomerAdmin(cloud);
  return { ...customer, cookie: await signIn(cloud, customer.email) };
}

/** Links indirect reseller `resellerId` to indirect provider `providerId`. */
export async function linkPartners(cloud: CloudId, resellerId: string, providerId: string) {
  await dbOf(cloud)
    .prepare("INSERT INTO partner_links (reseller_id, provider_id, created_at) VALUES (?1, ?2, ?3)")
    .bind(resellerId, providerId, new Date().toISOString())
    .run();
}

/** A fresh indirect reseller (signed in) linked to a fresh indirect provider. */
export async function indirectPair(cloud: CloudId) {
  const reseller = await signedInPartner(cloud, { type: "indirect_reseller" });
  const provider = await createPartnerUser(cloud, { type: "indirect_provider" });
  await linkPartners(cloud, reseller.partnerId, provider.partnerId);
  return { reseller, provider };
}

export interface CreatedInvitationBody {
  id: string;
  url: string;
  expiresAt: string;
  email: { subject: string; body: string };
}

/** The token of an invitation link: everything after `#`. */
export function tokenOf(url: string): string {
  return url.slice(url.indexOf("#") + 1);
}

/** Creates an invitation through the API (201 expected) and returns it with its token. */
export async function invite(
  cloud: CloudId,
  cookie: string,
  body: { locale?: string; indirectProviderId?: string } = {},
) {
  const response = await call(`/api/v1/${cloud}/invitations`, {
    cookie,
    body: { locale: "en", ...body },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const invitation = (await response.json<unknown>()) as CreatedInvitationBody;
  return { ...invitation, token: tokenOf(invitation.url) };
}

/** `POST /invitations/accept` as the customer admin of `cookie`. */
export function accept(cloud: CloudId, cookie: string, token: string, language?: string) {
  return call(`/api/v1/${cloud}/invitations/accept`, {
    cookie,
    body: { token },
    ...(language ? { language } : {}),
  });
}

/** `POST /invitations/preview`, with no session. */
export function preview(cloud: CloudId, token: string) {
  return call(`/api/v1/${cloud}/invitations/preview`, { body: { token } });
}

/**
 * A fresh partner (signed in, with `roles`) and a fresh customer with an active relationship
 * and delegated admin privileges, made through the API (invite, accept).
 */
export async function related(cloud: CloudId, roles: Role[] = ["global_admin"]) {
  const partner = await signedInPartner(cloud, { roles: ["global_admin"] });
  const customer = await signedInCustomer(cloud);
  const invitation = await invite(cloud, partner.cookie);
  const accepted = await accept(cloud, customer.cookie, invitation.token);
  expect(accepted.status).toBe(200);
  const staff = roles.includes("global_admin")
    ? partner
    : await createPartnerUserOf(cloud, partner.partnerId, roles);
  return { partner: { ...partner, cookie: staff.cookie }, customer };
}

/** Another user of partner `partnerId`, with `roles`; returns the user's email. */
export async function addPartnerUser(
  cloud: CloudId,
  partnerId: string,
  roles: Role[],
): Promise<string> {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const email = `staff-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const now = new Date().toISOString();
  await dbOf(cloud)
    .prepare(
      `INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash,
         must_change_password, status, created_at, updated_at)
       VALUES (?1, ?2, 'Staff', 'partner', ?3, ?4, ?5, 0, 'active', ?6, ?6)`,
    )
    .bind(crypto.randomUUID(), email, partnerId, JSON.stringify(roles), await passwordHash, now)
    .run();
  return email;
}

/** Another signed-in user of partner `partnerId`, with `roles`. */
async function createPartnerUserOf(cloud: CloudId, partnerId: string, roles: Role[]) {
  return { cookie: await signIn(cloud, await addPartnerUser(cloud, partnerId, roles)) };
}

/** An active subscription of partner `partnerId` for customer `customerId`. */
export async function addSubscription(cloud: CloudId, partnerId: string, customerId: string) {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await dbOf(cloud)
    .prepare(
      `INSERT INTO subscriptions (id, customer_id, partner_id, offer_id, quantity, state, created_at, updated_at)
       VALUES (?1, ?2, ?3, 'm365-business-basic', 5, 'active', ?4, ?4)`,
    )
    .bind(id, customerId, partnerId, now)
    .run();
  return id;
}

/** `DELETE /customers/{id}/relationship` with the acknowledgement (or the `body` given). */
export function removeRelationship(
  cloud: CloudId,
  cookie: string,
  customerId: string,
  body: unknown = { acknowledgeLegalNotice: true },
  language?: string,
) {
  return call(`/api/v1/${cloud}/customers/${customerId}/relationship`, {
    method: "DELETE",
    cookie,
    body,
    ...(language ? { language } : {}),
  });
}

/** `DELETE /customers/{id}/delegated-admin`. */
export function revokeDelegatedAdmin(cloud: CloudId, cookie: string, customerId: string) {
  return call(`/api/v1/${cloud}/customers/${customerId}/delegated-admin`, {
    method: "DELETE",
    cookie,
  });
}

/**
 * A request the way `call` sends it, for an app made by `createApp(...)` and an environment of
 * the test's choosing (an injected clock, a failing database, another setting).
 */
export async function callApp(
  app: ReturnType<typeof createApp>,
  path: string,
  init: CallInit = {},
  bindings: Partial<typeof env> & Record<string, unknown> = {},
): Promise<Response> {
  const request = apiRequest(path, init);
  return checkedResponse(request, await app.fetch(request, { ...env, ...bindings }));
}

/** The app with its clock set `offsetMs` from the real one. */
export function appAt(offsetMs: number) {
  return createApp({ now: () => Date.now() + offsetMs });
}

/**
 * `db` whose every batch gets one more statement that fails after all the real ones ran, so
 * D1 must roll the whole batch back.
 */
export function failingBatches(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) =>
          target.batch([...statements, target.prepare("INSERT INTO no_such_table (x) VALUES (1)")]);
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function"
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

const ROUND_TRIPS = new Set(["first", "all", "run", "raw"]);

/**
 * `db` that counts its round trips to D1 (a statement run alone, or a batch) in `trips`.
 *
 * @example
 * const { db, trips } = countingRoundTrips(dbOf("global"));
 */
export function countingRoundTrips(db: D1Database) {
  const trips: string[] = [];
  // D1's batch needs the real statements (it reads their private fields), not the proxies.
  const real = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const statement = (wrapped: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(wrapped, {
      get(target, property) {
        if (property === "bind") {
          return (...values: unknown[]) => statement(target.bind(...values));
        }
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== "function") return value;
        if (ROUND_TRIPS.has(String(property))) trips.push(String(property));
        return (value as (...args: unknown[]) => unknown).bind(target);
      },
    });
    real.set(proxy, wrapped);
    return proxy;
  };
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => statement(target.prepare(sql));
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          trips.push("batch");
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function"
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { db: counted, trips };
}

/**
 * `db` whose batches wait until `parties` of them have been sent (or `waitMs` has passed), then
 * all run at once: every request has done its reads before any write, the worst race there is.
 */
export function batchesReleasedTogether(
  db: D1Database,
  parties: number,
  waitMs = 1_000,
): D1Database {
  let arrived = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
    setTimeout(resolve, waitMs);
  });
  return new Proxy(db, {
    get(target, property) {
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          arrived += 1;
          if (arrived >= parties) open();
          await gate;
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function"
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** The audit records whose target is `targetId`, in the order they were written. */
export async function auditRecords(cloud: CloudId, targetId: string) {
  const { results } = await dbOf(cloud)
    .prepare(
      `SELECT partner_id, actor_user_id, action, target_type, target_id, request_id, details
       FROM audit_records WHERE target_id = ?1 ORDER BY rowid`,
    )
    .bind(targetId)
    .all<{
      partner_id: string | null;
      actor_user_id: string;
      action: string;
      target_type: string;
      target_id: string;
      request_id: string;
      details: string;
    }>();
  return results;
}

/** A customer's relationships, as stored, in the order they were created. */
export async function relationshipsOf(cloud: CloudId, customerId: string) {
  const { results } = await dbOf(cloud)
    .prepare(
      `SELECT id, partner_id, indirect_reseller_id, state FROM relationships
       WHERE customer_id = ?1 ORDER BY rowid`,
    )
    .bind(customerId)
    .all<{ id: string; partner_id: string; indirect_reseller_id: string | null; state: string }>();
  return results;
}

/** A customer's delegated admin grants, as stored. */
export async function grantsOf(cloud: CloudId, customerId: string) {
  const { results } = await dbOf(cloud)
    .prepare(
      "SELECT partner_id, state FROM delegated_admin_grants WHERE customer_id = ?1 ORDER BY rowid",
    )
    .bind(customerId)
    .all<{ partner_id: string; state: string }>();
  return results;
}

/** The stored state of an invitation. */
export async function invitationState(cloud: CloudId, id: string) {
  return dbOf(cloud)
    .prepare("SELECT state, accepted_customer_id FROM invitations WHERE id = ?1")
    .bind(id)
    .first<{ state: string; accepted_customer_id: string | null }>();
}

/**
 * How many cells of the whole database (every column of every table, as text) contain `text`.
 */
export async function occurrencesInDatabase(cloud: CloudId, text: string): Promise<number> {
  const db = dbOf(cloud);
  const { results: tables } = await db
    .prepare(
      `SELECT name FROM sqlite_master
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
    )
    .all<{ name: string }>();
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(["invitations", "audit_records"]),
  );
  let count = 0;
  for (const { name } of tables) {
    const { results: columns } = await db
      .prepare("SELECT name FROM pragma_table_info(?1)")
      .bind(name)
      .all<{ name: string }>();
    const matches = columns.map((c) => `instr(CAST("${c.name}" AS TEXT), ?1) > 0`).join(" OR ");
    const row = await db
      .prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE ${matches}`)
      .bind(text)
      .first<{ n: number }>();
    count += row?.n ?? 0;
  }
  return count;
}
