/**
 * The scheduled run (SPEC §6): states the clock moves — expiring, expired, request_expired —
 * and auto-extensions land in the audit trail once, whenever and however often it runs; the
 * partner's home count follows the clock between runs.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import { advanceAdminRelationships } from "../../worker/features/admin-relationships/expiry.ts";
import { dbOf } from "./helpers.ts";
import { related } from "./relationships-helpers.ts";
import { answer, auditCount, DAY, later, requestAdmin } from "./admin-relationships-helpers.ts";

const CLOUD = "global";

async function endsAt(id: string): Promise<string | null> {
  const row = await dbOf(CLOUD)
    .prepare("SELECT ends_at FROM admin_relationships WHERE id = ?1")
    .bind(id)
    .first<{ ends_at: string | null }>();
  return row?.ends_at ?? null;
}

describe("the scheduled run", () => {
  it("records expiring, expired, request_expired and auto-extensions once each", async () => {
    const { partner, customer } = await related(CLOUD);
    const request = async (overrides: Record<string, unknown>, approve = true) => {
      const created = await requestAdmin(CLOUD, partner.cookie, {
        customerId: customer.customerId,
        ...overrides,
      });
      if (approve) {
        expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(200);
      }
      return created.id;
    };
    const fixed = await request({ duration: "P60D" });
    const extending = await request({ duration: "P30D", autoExtend: "P180D" });
    const unanswered = await request({}, false);
    const start = Date.now();
    const firstEnd = await endsAt(extending);

    const at31 = await later(CLOUD, 31 * DAY, partner.email);
    expect(await (await at31("/admin-relationships/summary")).json()).toEqual({ expiring: 1 });

    const first = await advanceAdminRelationships(dbOf(CLOUD), start + 31 * DAY);
    expect(first.extended).toBeGreaterThanOrEqual(1);
    expect(await auditCount(CLOUD, fixed, "adminRelationship.expiring")).toBe(1);
    expect(await auditCount(CLOUD, extending, "adminRelationship.extended")).toBe(1);
    expect(Date.parse((await endsAt(extending)) ?? "") - Date.parse(firstEnd ?? "")).toBe(
      180 * DAY,
    );
    expect(await auditCount(CLOUD, unanswered, "adminRelationship.request_expired")).toBe(0);

    // Again at the same instant: nothing left to do.
    expect(await advanceAdminRelationships(dbOf(CLOUD), start + 31 * DAY)).toEqual({
      extended: 0,
      moved: 0,
    });
    expect(await auditCount(CLOUD, fixed, "adminRelationship.expiring")).toBe(1);
    expect(await auditCount(CLOUD, extending, "adminRelationship.extended")).toBe(1);

    await advanceAdminRelationships(dbOf(CLOUD), start + 61 * DAY);
    expect(await auditCount(CLOUD, fixed, "adminRelationship.expired")).toBe(1);

    // The Worker's own cron handler, over every cloud it holds.
    const controller = createScheduledController({
      scheduledTime: new Date(start + 91 * DAY),
      cron: "*/15 * * * *",
    });
    await worker.scheduled(controller, env);
    expect(await auditCount(CLOUD, unanswered, "adminRelationship.request_expired")).toBe(1);
    expect(await auditCount(CLOUD, fixed, "adminRelationship.expired")).toBe(1);
    const at91 = await later(CLOUD, 91 * DAY, partner.email);
    const detail = await (
      await at91(`/admin-relationships/${fixed}`)
    ).json<{
      timeline: { action: string }[];
    }>();
    expect(detail.timeline.map((entry) => entry.action)).toEqual([
      "adminRelationship.created",
      "adminRelationship.approved",
      "adminRelationship.expiring",
      "adminRelationship.expired",
    ]);
  });
});
