/**
 * Who may read the audit log, and what: only a partner's global admins (SPEC §6), only their own
 * partner's records, only in the cloud they signed in to; one D1 round trip per read over the
 * partner's index (SPEC §9).
 */
import { describe, expect, it } from "vitest";
import { AuditList } from "../../src/domain/schemas/audit.ts";
import type { CloudId } from "../../src/domain/clouds.ts";
import type { Role } from "../../src/domain/roles.ts";
import { createApp } from "../../worker/app.ts";
import { auditPage } from "../../worker/features/audit/repo.ts";
import { insertAudit } from "../../worker/lib/audit.ts";
import { call, createPartnerUser, dbOf, problemOf, signIn } from "./helpers.ts";
import { callApp, countingRoundTrips, signedInCustomer } from "./relationships-helpers.ts";

/** Files a record for `partnerId` a minute ago (or at `occurredAt`). */
async function addRecord(
  cloud: CloudId,
  partnerId: string,
  actorUserId: string,
  target: { type: string; id: string } = { type: "invitation", id: crypto.randomUUID() },
) {
  const id = crypto.randomUUID();
  await insertAudit(dbOf(cloud), {
    id,
    partnerId,
    actorUserId,
    action: "invitation.created",
    targetType: target.type,
    targetId: target.id,
    requestId: crypto.randomUUID(),
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
  }).run();
  return id;
}

/** A fresh partner with one signed-in user of `roles`, and one record of its own. */
async function partnerWithRecord(cloud: CloudId, roles: Role[] = ["global_admin"]) {
  const user = await createPartnerUser(cloud, { roles });
  const recordId = await addRecord(cloud, user.partnerId, user.userId);
  return { ...user, recordId, cookie: await signIn(cloud, user.email) };
}

async function idsOf(cloud: CloudId, cookie: string, query = "") {
  const response = await call(`/api/v1/${cloud}/audit${query}`, { cookie });
  expect(response.status).toBe(200);
  return AuditList.parse(await response.json());
}

describe("audit access", () => {
  it.each([["admin_agent"], ["sales_agent"], ["helpdesk_agent"]] as const)(
    "is 403 for a %s, on the list and the export",
    async (role) => {
      const agent = await partnerWithRecord("global", [role]);
      for (const path of ["/audit", "/audit/export.csv", "/audit?from=nonsense"]) {
        const response = await call(`/api/v1/global${path}`, { cookie: agent.cookie });
        expect(response.status, path).toBe(403);
        expect((await problemOf(response)).code).toBe("forbidden");
      }
    },
  );

  it("is 401 signed out and 403 for a customer's admin", async () => {
    expect((await call("/api/v1/global/audit")).status).toBe(401);
    const customer = await signedInCustomer("global");
    expect((await call("/api/v1/global/audit", { cookie: customer.cookie })).status).toBe(403);
  });

  it("never shows another partner's records, nor the names of its people", async () => {
    const mine = await partnerWithRecord("global");
    const theirs = await partnerWithRecord("global");
    // A record of theirs whose actor and target are my user.
    const odd = await addRecord("global", theirs.partnerId, mine.userId, {
      type: "user",
      id: mine.userId,
    });
    // Each log holds its partner's records and its own user's sign-in, nobody else's.
    const myLog = await idsOf("global", mine.cookie);
    expect(myLog.items.map((item) => [item.action, item.actor.id])).toEqual([
      ["session.signed_in", mine.userId],
      ["invitation.created", mine.userId],
    ]);
    expect(myLog.items[1]?.id).toBe(mine.recordId);
    const theirLog = await idsOf("global", theirs.cookie);
    const signIns = theirLog.items.filter((item) => item.action === "session.signed_in");
    expect(signIns.map((item) => item.actor.id)).toEqual([theirs.userId]);
    const records = theirLog.items.filter((item) => item.action !== "session.signed_in");
    expect(records.map((item) => item.id).sort()).toEqual([theirs.recordId, odd].sort());
    const foreign = theirLog.items.find((item) => item.id === odd);
    expect(foreign?.actor).toEqual({ id: mine.userId });
    expect(foreign?.target).toEqual({ type: "user", id: mine.userId });
    const csv = await (
      await call("/api/v1/global/audit/export.csv", { cookie: mine.cookie })
    ).text();
    expect(csv).toContain(mine.recordId);
    expect(csv).not.toContain(theirs.recordId);
    expect(csv).not.toContain(odd);
  });

  it("keeps each cloud apart: a session, and a cursor, mean nothing in another cloud", async () => {
    const admin = await partnerWithRecord("germany");
    await addRecord("germany", admin.partnerId, admin.userId);
    expect((await call("/api/v1/usgov/audit", { cookie: admin.cookie })).status).toBe(401);
    const first = await idsOf("germany", admin.cookie, "?limit=1");
    expect(first.nextCursor).not.toBeNull();
    const global = await partnerWithRecord("global");
    const foreign = await call(
      `/api/v1/global/audit?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? "")}`,
      { cookie: global.cookie },
    );
    expect(foreign.status).toBe(400);
    expect((await problemOf(foreign)).code).toBe("invalid_cursor");
  });
});

describe("audit reads", () => {
  // A signed-in read is one batch: the session check and the read, in one round trip.
  it("make one D1 round trip; a refused request makes none", async () => {
    const app = createApp();
    const admin = await partnerWithRecord("global");
    const agent = await partnerWithRecord("global", ["admin_agent"]);
    const cases: [string, string, string, number, string[]][] = [
      ["list", "/audit?limit=1", admin.cookie, 200, ["batch"]],
      ["window", "/audit?from=2026-01-01&to=2026-02-01", admin.cookie, 200, ["batch"]],
      ["export", "/audit/export.csv", admin.cookie, 200, ["batch"]],
      ["bad window", "/audit?from=2026-03-01&to=2026-01-01", admin.cookie, 400, []],
      ["not a global admin", "/audit", agent.cookie, 403, []],
    ];
    for (const [name, path, cookie, status, trips] of cases) {
      const counted = countingRoundTrips(dbOf("global"));
      const response = await callApp(
        app,
        `/api/v1/global${path}`,
        { cookie },
        {
          DB_GLOBAL: counted.db,
        },
      );
      await response.arrayBuffer();
      expect({ status: response.status, trips: counted.trips }, name).toEqual({ status, trips });
    }
  });

  it.each([
    ["first page", undefined],
    ["next page", ["2026-01-02T00:00:00.000Z", "id"] as [string, string]],
  ])("read the %s as a range of the partner's index, in order", async (_name, after) => {
    let sql = "";
    let params: unknown[] = [];
    const fake = {
      prepare: (text: string) => {
        sql = text;
        return { bind: (...values: unknown[]) => ((params = values), {}) };
      },
    } as unknown as D1Database;
    auditPage(fake, {
      reader: { kind: "partner", partnerId: "p" },
      window: { from: "2026-01-01T00:00:00.000Z", toExclusive: "2026-02-01T00:00:00.000Z" },
      after,
      limit: 51,
    });
    const { results } = await dbOf("global")
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    const plan = results.map((row) => row.detail);
    expect(plan[0]).toMatch(
      /^SEARCH a USING INDEX audit_records_by_partner \(partner_id=\? AND (occurred_at|\(occurred_at,id\))[<>]/,
    );
    expect(plan.filter((line) => line.startsWith("SCAN"))).toEqual([]);
    expect(plan.some((line) => line.includes("TEMP B-TREE"))).toBe(false);
  });
});
