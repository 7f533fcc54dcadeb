import { describe, expect, it } from "vitest";
import type { Role } from "../../src/domain/roles.ts";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { call, createPartnerUser, dbOf, DEMO_PASSWORD, problemOf, signIn } from "./helpers.ts";
import { createCustomer, customerBody, partnerSession } from "./customers-fixtures.ts";

/** Another user of the same partner, with `roles`, signed in. */
async function colleague(partnerId: string, roles: Role[]): Promise<string> {
  const email = `${roles[0]}-${crypto.randomUUID().slice(0, 8)}@colleague.example`;
  const now = new Date().toISOString();
  await dbOf("global")
    .prepare(
      `INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
       VALUES (?1, ?2, 'Colleague', 'partner', ?3, ?4, ?5, 0, 'active', ?6, ?6)`,
    )
    .bind(
      crypto.randomUUID(),
      email,
      partnerId,
      JSON.stringify(roles),
      await hashPassword(DEMO_PASSWORD),
      now,
    )
    .run();
  return signIn("global", email);
}

type Expected = Record<Role, number>;
const everyone: Expected = {
  global_admin: 200,
  admin_agent: 200,
  sales_agent: 200,
  helpdesk_agent: 200,
};
const creators: Expected = {
  global_admin: 201,
  admin_agent: 201,
  sales_agent: 201,
  helpdesk_agent: 403,
};

describe("permissions (SPEC §6)", () => {
  it("follows the role matrix for every customer endpoint", async () => {
    const admin = await partnerSession("global");
    const { customer } = await createCustomer(admin);
    const base = "/api/v1/global";
    const endpoints: [string, (cookie: string) => Promise<Response>, Expected][] = [
      ["GET /offers", (cookie) => call(`${base}/offers`, { cookie }), everyone],
      [
        "GET /domains",
        (cookie) => call(`${base}/domains/freeprefix`, { cookie }),
        { ...everyone, helpdesk_agent: 403 },
      ],
      [
        "POST /customers",
        (cookie) => call(`${base}/customers`, { body: customerBody("global"), cookie }),
        creators,
      ],
      ["GET /customers", (cookie) => call(`${base}/customers`, { cookie }), everyone],
      [
        "GET /customers/export.csv",
        (cookie) => call(`${base}/customers/export.csv`, { cookie }),
        everyone,
      ],
      [
        "GET /customers/{id}",
        (cookie) => call(`${base}/customers/${customer.id}`, { cookie }),
        everyone,
      ],
      [
        "PATCH /customers/{id}",
        (cookie) =>
          call(`${base}/customers/${customer.id}`, {
            method: "PATCH",
            body: { language: "fr" },
            cookie,
            headers: { "If-Match": "*" },
          }),
        { global_admin: 200, admin_agent: 200, sales_agent: 403, helpdesk_agent: 403 },
      ],
      [
        "POST /customers/{id}/admin-password",
        (cookie) =>
          call(`${base}/customers/${customer.id}/admin-password`, { method: "POST", cookie }),
        { global_admin: 201, admin_agent: 201, sales_agent: 403, helpdesk_agent: 403 },
      ],
    ];
    const cookies = {} as Record<Role, string>;
    for (const role of ["global_admin", "admin_agent", "sales_agent", "helpdesk_agent"] as const) {
      cookies[role] = await colleague(admin.partnerId, [role]);
    }
    for (const [name, send, expected] of endpoints) {
      for (const role of Object.keys(expected) as Role[]) {
        const response = await send(cookies[role]);
        expect(response.status, `${name} as ${role}`).toBe(expected[role]);
        if (expected[role] === 403) expect((await problemOf(response)).code).toBe("forbidden");
        else await response.arrayBuffer();
      }
      const signedOut = await send("");
      expect(signedOut.status, `${name} signed out`).toBe(401);
    }
  });

  it("refuses customer administrators (403) and partner staff with a temporary password (403)", async () => {
    const customerAdmin = await signIn("global", "admin@litware.onmicrosoft.com");
    const asCustomer = await call("/api/v1/global/customers", { cookie: customerAdmin });
    expect(asCustomer.status).toBe(403);
    expect((await problemOf(asCustomer)).code).toBe("forbidden");

    const fresh = await createPartnerUser("global", { mustChangePassword: true });
    const cookie = await signIn("global", fresh.email);
    const response = await call("/api/v1/global/customers", {
      body: customerBody("global"),
      cookie,
    });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).code).toBe("password_change_required");
  });
});
