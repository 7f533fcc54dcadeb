/**
 * A relationship's timeline names its actors, resolved in the detail's own batch by the audit
 * log's rules: the partner sees its staff, its API keys, the customer's admin and the scheduled
 * run; the customer's admin sees its own people by name and nobody of the partner's.
 */
import { describe, expect, it } from "vitest";
import type { AdminRelationshipDetail } from "../../src/domain/schemas/admin-relationship.ts";
import { advanceAdminRelationships } from "../../worker/features/admin-relationships/expiry.ts";
import { call, dbOf } from "./helpers.ts";
import { related } from "./relationships-helpers.ts";
import { answer, requestAdmin } from "./admin-relationships-helpers.ts";
import { createApiKey } from "./api-keys-fixtures.ts";

const CLOUD = "global";

async function timelineOf(cookie: string, id: string) {
  const response = await call(`/api/v1/${CLOUD}/admin-relationships/${id}`, { cookie });
  expect(response.status).toBe(200);
  return (await response.json<AdminRelationshipDetail>()).timeline;
}

describe("the timeline's actors", () => {
  it("names partner staff, an API key, the customer's admin and the scheduled run", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, {
      customerId: customer.customerId,
      duration: "P20D",
    });
    expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(200);
    // Ending within 30 days: the scheduled run records it as expiring.
    await advanceAdminRelationships(dbOf(CLOUD), Date.now() + 1000);
    // No key may act on admin relationships today (keys hold no such permission); a record a
    // key made about one, as the trail may hold, is named by the key's name all the same.
    const key = await createApiKey({ ...partner, cloud: CLOUD }, { name: "Nightly sync" });
    await dbOf(CLOUD)
      .prepare(
        `INSERT INTO audit_records (id, partner_id, actor_user_id, action, target_type, target_id,
           request_id, occurred_at, details)
         VALUES (?1, ?2, ?3, 'adminRelationship.autoExtendSet', 'admin_relationship', ?4, 'req', ?5, '{}')`,
      )
      .bind(
        crypto.randomUUID(),
        partner.partnerId,
        key.apiKey.id,
        created.id,
        new Date(Date.now() + 2000).toISOString(),
      )
      .run();
    const terminated = await call(`/api/v1/${CLOUD}/admin-relationships/${created.id}`, {
      cookie: customer.cookie,
      method: "DELETE",
    });
    expect(terminated.status).toBe(200);

    const partnerSees = await timelineOf(partner.cookie, created.id);
    expect(partnerSees.map((entry) => [entry.action, entry.actor])).toEqual([
      [
        "adminRelationship.created",
        { id: partner.userId, name: `User ${partner.partnerId.slice(0, 8)}` },
      ],
      ["adminRelationship.approved", { id: customer.userId, name: "Customer admin" }],
      // Now; the two after it were recorded a second or two ahead.
      ["adminRelationship.terminated", { id: customer.userId, name: "Customer admin" }],
      ["adminRelationship.expiring", { id: "system:scheduler", kind: "system" }],
      [
        "adminRelationship.autoExtendSet",
        { id: key.apiKey.id, name: "Nightly sync", kind: "apiKey" },
      ],
    ]);

    const customerSees = await timelineOf(customer.cookie, created.id);
    expect(customerSees.map((entry) => entry.actor)).toEqual([
      { id: partner.userId },
      { id: customer.userId, name: "Customer admin" },
      { id: customer.userId, name: "Customer admin" },
      { id: "system:scheduler", kind: "system" },
      { id: key.apiKey.id },
    ]);
  });

  it("names the customer's admin in the partner's audit log too", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, { customerId: customer.customerId });
    expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(200);
    const response = await call(`/api/v1/${CLOUD}/audit`, { cookie: partner.cookie });
    expect(response.status).toBe(200);
    const { items } = await response.json<{
      items: { action: string; actor: { id: string; name?: string } }[];
    }>();
    expect(items.find((item) => item.action === "adminRelationship.approved")?.actor).toEqual({
      id: customer.userId,
      name: "Customer admin",
    });
  });
});
