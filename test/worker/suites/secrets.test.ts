/**
 * Secrets at rest (SPEC §7, Guarantees: tokens and passwords stored only as hashes, temporary
 * passwords never stored in clear, never logged). After whole flows through the API — create a
 * customer, sign in as its admin with the temporary password and change it, reset it, create an
 * invitation and accept it, sign in and out, and the same writes meeting a database fault — a
 * dump of every table and every line the Worker logged hold no raw invitation token, password
 * or session token.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { CLOUD_IDS, hasFeature, type CloudId } from "../../../src/domain/clouds.ts";
import { customerBody, partnerSession } from "../customers-fixtures.ts";
import { call } from "../helpers.ts";
import { signedInCustomer, tokenOf } from "../relationships-helpers.ts";
import { sendWithFault } from "./faulty-database.ts";
import { dumpDatabase, report, SIZE } from "./support.ts";

const CLOUDS_UNDER_TEST: CloudId[] = SIZE === "deep" ? [...CLOUD_IDS] : ["global", "germany"];
const LOG_METHODS = ["log", "info", "warn", "error", "debug"] as const;

/** The session token a sign-in answered with (the cookie's value). */
function sessionTokenOf(response: Response): string {
  const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  return cookie.slice(cookie.indexOf("=") + 1);
}

async function expectStatus(response: Response, status: number, what: string) {
  expect(response.status, `${what}: ${await response.clone().text()}`).toBe(status);
  return response;
}

/** Runs every flow that handles a secret in `cloud`; returns the secrets it saw. */
async function flows(cloud: CloudId): Promise<{ kind: string; value: string }[]> {
  const secrets: { kind: string; value: string }[] = [];
  const api = `/api/v1/${cloud}`;
  const partner = await partnerSession(cloud);
  secrets.push({
    kind: "session token",
    value: partner.cookie.slice(partner.cookie.indexOf("=") + 1),
  });

  // Create a customer: its admin's temporary password is answered once.
  const created = await expectStatus(
    await call(`${api}/customers`, { cookie: partner.cookie, body: customerBody(cloud) }),
    201,
    "create",
  );
  const { customer, adminAccount } = (await created.json<unknown>()) as {
    customer: { id: string };
    adminAccount: { userPrincipalName: string; temporaryPassword: string };
  };
  secrets.push({ kind: "temporary password", value: adminAccount.temporaryPassword });

  // Reset it: another temporary password.
  const reset = await expectStatus(
    await call(`${api}/customers/${customer.id}/admin-password`, {
      method: "POST",
      cookie: partner.cookie,
    }),
    201,
    "reset",
  );
  const { temporaryPassword } = (await reset.json<unknown>()) as { temporaryPassword: string };
  secrets.push({ kind: "temporary password", value: temporaryPassword });

  // A colleague added by the partner's global admin, then their password reset: each
  // temporary password is answered once.
  const domain = partner.email.slice(partner.email.indexOf("@") + 1);
  const added = await expectStatus(
    await call(`${api}/users`, {
      cookie: partner.cookie,
      body: { displayName: "Colleague", email: `colleague@${domain}`, roles: ["sales_agent"] },
    }),
    201,
    "add user",
  );
  const colleague = (await added.json<unknown>()) as {
    user: { id: string };
    temporaryPassword: string;
  };
  secrets.push({ kind: "temporary password", value: colleague.temporaryPassword });
  const userReset = await expectStatus(
    await call(`${api}/users/${colleague.user.id}/password`, { cookie: partner.cookie, body: {} }),
    201,
    "reset user password",
  );
  secrets.push({
    kind: "temporary password",
    value: ((await userReset.json<unknown>()) as { temporaryPassword: string }).temporaryPassword,
  });

  // The customer admin signs in with it and chooses a password of their own.
  const signIn = async (username: string, password: string) => {
    const response = await expectStatus(
      await call(`${api}/session`, { body: { username, password } }),
      200,
      `sign-in ${username}`,
    );
    const token = sessionTokenOf(response);
    secrets.push({ kind: "session token", value: token });
    return `pp_session=${token}`;
  };
  const first = await signIn(adminAccount.userPrincipalName, temporaryPassword);
  const chosen = `Chosen!${crypto.randomUUID().slice(0, 12)}`;
  secrets.push({ kind: "password", value: chosen });
  await expectStatus(
    await call(`${api}/session/password`, {
      cookie: first,
      body: { currentPassword: temporaryPassword, newPassword: chosen },
    }),
    204,
    "change password",
  );
  const admin = await signIn(adminAccount.userPrincipalName, chosen);

  if (hasFeature(cloud, "resellerInvitations")) {
    // Another partner invites the customer; the token is answered once, in the link.
    const other = await partnerSession(cloud);
    secrets.push({
      kind: "session token",
      value: other.cookie.slice(other.cookie.indexOf("=") + 1),
    });
    const invite = async () => {
      const response = await expectStatus(
        await call(`${api}/invitations`, { cookie: other.cookie, body: { locale: "ru-RU" } }),
        201,
        "invite",
      );
      const { id, url } = (await response.json<unknown>()) as { id: string; url: string };
      const token = tokenOf(url);
      secrets.push({ kind: "invitation token", value: token });
      return { id, token };
    };
    const { token } = await invite();
    await expectStatus(
      await call(`${api}/invitations/preview`, { body: { token } }),
      200,
      "preview",
    );
    // Where a customer has one partner only (usgov), a customer of no partner yet accepts.
    const acceptor = hasFeature(cloud, "multipartner")
      ? admin
      : (await signedInCustomer(cloud)).cookie;
    secrets.push({ kind: "session token", value: acceptor.slice(acceptor.indexOf("=") + 1) });
    // An accept that meets a database fault is logged by the Worker: the log must not hold it.
    await expectStatus(
      (
        await sendWithFault(
          cloud,
          { path: `${api}/invitations/accept`, cookie: acceptor, body: { token } },
          { kind: "fail-statement", at: 0 },
        )
      ).response,
      500,
      "faulted accept",
    );
    await expectStatus(
      await call(`${api}/invitations/accept`, { cookie: acceptor, body: { token } }),
      200,
      "accept",
    );
    // A second invitation, previewed, then revoked.
    const revoked = await invite();
    await call(`${api}/invitations/preview`, { body: { token: revoked.token } });
    await expectStatus(
      await call(`${api}/invitations/${revoked.id}`, { method: "DELETE", cookie: other.cookie }),
      204,
      "revoke",
    );
  }

  // A create that meets a fault after its hashing: its temporary password is never answered.
  await expectStatus(
    (
      await sendWithFault(
        cloud,
        { path: `${api}/customers`, cookie: partner.cookie, body: customerBody(cloud) },
        { kind: "transient-after" },
      )
    ).response,
    503,
    "faulted create",
  );
  // Bad credentials are logged, if at all, without the password tried.
  const wrong = `Wrong!${crypto.randomUUID().slice(0, 12)}`;
  secrets.push({ kind: "password", value: wrong });
  await call(`${api}/session`, {
    body: { username: adminAccount.userPrincipalName, password: wrong },
  });
  await expectStatus(
    await call(`${api}/session`, { method: "DELETE", cookie: admin }),
    204,
    "sign out",
  );
  return secrets;
}

describe("secrets at rest", () => {
  let spies: MockInstance[] = [];
  const lines: string[] = [];

  beforeEach(() => {
    spies = LOG_METHODS.map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(
          args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
        );
      }),
    );
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  it("keeps no raw token or password in any table or log line", { timeout: 600_000 }, async () => {
    const figures = {
      clouds: 0,
      secrets: 0,
      tables: 0,
      rows: 0,
      logLines: 0,
      foundInTables: 0,
      foundInLogs: 0,
    };
    const found: string[] = [];
    for (const cloud of CLOUDS_UNDER_TEST) {
      const secrets = await flows(cloud);
      const dump = await dumpDatabase(cloud);
      const rows = [...dump.entries()].flatMap(([table, tableRows]) =>
        tableRows.map((row) => `${table} ${row}`),
      );
      figures.clouds += 1;
      figures.secrets += secrets.length;
      figures.tables += dump.size;
      figures.rows += rows.length;
      for (const secret of secrets) {
        expect(secret.value.length, secret.kind).toBeGreaterThanOrEqual(12);
        for (const row of rows.filter((r) => r.includes(secret.value))) {
          figures.foundInTables += 1;
          found.push(`${cloud} ${secret.kind} in ${row.slice(0, 120)}`);
        }
        for (const line of lines.filter((l) => l.includes(secret.value))) {
          figures.foundInLogs += 1;
          found.push(`${cloud} ${secret.kind} in log: ${line.slice(0, 120)}`);
        }
      }
    }
    figures.logLines = lines.length;
    for (const spy of spies) spy.mockRestore();
    report("secrets", figures);
    // The faulted requests were logged: the logs were really captured.
    expect(lines.length).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
