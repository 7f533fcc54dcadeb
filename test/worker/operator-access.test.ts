/**
 * Who reaches the operator console (SPEC §6: operators reach only operator endpoints; partner
 * staff and customer admins never reach them) — every operation of the OpenAPI document, both
 * ways — and a session of one cloud is worthless in another.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../src/domain/clouds.ts";
import { ROLES } from "../../src/domain/roles.ts";
import { call, problemOf, signIn } from "./helpers.ts";
import { createOperator, operatorSession, type OperatorSession } from "./operator-helpers.ts";
import { addPartnerUser, signedInCustomer, signedInPartner } from "./relationships-helpers.ts";
import { documentedOperations, fillPath, type DocumentedOperation } from "./suites/support.ts";

const CLOUD = "global";

/** The operations a partner or customer admin uses, and the operator's own. */
let partnerOperations: DocumentedOperation[];
let operatorOperations: DocumentedOperation[];

beforeAll(async () => {
  const operations = await documentedOperations();
  // Signing in and out, an invitation's preview (a capability anyone with the link holds), and
  // the cloud's readiness (anonymous: it tells a monitor the database answers, nothing more).
  const open = new Set(["/session", "/session/password", "/invitations/preview", "/health"]);
  partnerOperations = operations.filter(
    (o) => !o.path.startsWith("/operator/") && !open.has(o.path),
  );
  operatorOperations = operations.filter((o) => o.path.startsWith("/operator/"));
  expect(operatorOperations.length).toBeGreaterThanOrEqual(10);
  expect(partnerOperations.length).toBeGreaterThanOrEqual(15);
});

function send(operation: DocumentedOperation, cookie: string | undefined, ids: string[] = []) {
  const values = Object.fromEntries(
    operation.pathParams.map((name, i) => [name, ids[i] ?? crypto.randomUUID()]),
  );
  const bodies: Record<string, unknown> = {
    "POST /operator/partners": {
      name: "Probe Partners",
      type: "direct_reseller",
      emailDomain: "probe.example",
      admin: { name: "Probe", email: "admin@probe.example" },
    },
    "PUT /operator/partners/{id}/name": { name: "Probe Partners" },
    "POST /operator/partner-links": { resellerId: ids[0], providerId: ids[1] },
  };
  const key = `${operation.method} ${operation.path}`;
  const body = bodies[key] ?? (operation.body ? {} : undefined);
  return call(`/api/v1/${CLOUD}${fillPath(operation.path, values)}`, {
    method: operation.method,
    ...(cookie ? { cookie } : {}),
    ...(body === undefined ? {} : { body }),
  });
}

describe("operators reach only operator endpoints", () => {
  it("answers an operator 403 or 404 on every partner and customer endpoint", async () => {
    const operator = await operatorSession(CLOUD);
    const partner = await signedInPartner(CLOUD);
    const outcomes: string[] = [];
    for (const operation of partnerOperations) {
      const response = await send(operation, operator.cookie, [partner.partnerId]);
      if (![403, 404].includes(response.status)) {
        outcomes.push(`${operation.method} ${operation.path} → ${response.status}`);
      }
      await response.arrayBuffer();
    }
    expect(outcomes).toEqual([]);
  });

  it("answers partner staff of every role and customer admins 403 on every operator endpoint, nobody 401", async () => {
    const partner = await signedInPartner(CLOUD, { type: "indirect_reseller" });
    const provider = await signedInPartner(CLOUD, { type: "indirect_provider" });
    const staff = [partner.cookie];
    for (const role of ROLES.filter((r) => r !== "global_admin")) {
      staff.push(await signIn(CLOUD, await addPartnerUser(CLOUD, partner.partnerId, [role])));
    }
    const customer = await signedInCustomer(CLOUD);
    const outcomes: string[] = [];
    for (const operation of operatorOperations) {
      for (const [who, cookie, expected] of [
        ...staff.map((c, i) => [`staff ${i}`, c, 403] as const),
        ["customer admin", customer.cookie, 403] as const,
        ["nobody", undefined, 401] as const,
      ]) {
        const response = await send(operation, cookie, [partner.partnerId, provider.partnerId]);
        const { code } = await problemOf(response);
        if (response.status !== expected || (expected === 403 && code !== "forbidden")) {
          outcomes.push(
            `${who}: ${operation.method} ${operation.path} → ${response.status} ${code}`,
          );
        }
      }
    }
    expect(outcomes).toEqual([]);
    // Nothing was changed by the refused writes.
    const again = await call(`/api/v1/${CLOUD}/customers`, { cookie: partner.cookie });
    expect(again.status).toBe(200);
  });

  it("keeps an operator with a temporary password out until it is changed", async () => {
    const operator = await createOperator(CLOUD, { mustChangePassword: true });
    const cookie = await signIn(CLOUD, operator.email);
    const response = await call(`/api/v1/${CLOUD}/operator/partners`, { cookie });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).code).toBe("password_change_required");
  });
});

describe("an operator's session belongs to its cloud", () => {
  let operator: OperatorSession;
  beforeAll(async () => {
    operator = await operatorSession(CLOUD);
  });

  it.each(CLOUD_IDS.filter((cloud) => cloud !== CLOUD))(
    "is a 401 in %s, and the operator of one cloud is no one in another",
    async (other) => {
      const response = await call(`/api/v1/${other}/operator/partners`, {
        cookie: operator.cookie,
      });
      expect(response.status).toBe(401);
      const signInElsewhere = await call(`/api/v1/${other}/session`, {
        body: { username: operator.email, password: "Portal!Demo2026" },
      });
      expect(signInElsewhere.status).toBe(401);
    },
  );

  it("cannot read another cloud's partner through its own cloud", async () => {
    const elsewhere = await signedInPartner("china");
    const response = await call(`/api/v1/${CLOUD}/operator/partners/${elsewhere.partnerId}`, {
      cookie: operator.cookie,
    });
    expect(response.status).toBe(404);
  });
});
