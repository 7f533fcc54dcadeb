/**
 * The operator's lists: the cloud's partners (name prefix, type, status; keyset pages of any
 * size) and the cloud's whole audit trail (partner, actor, action, window ≤ 90 days; CSV).
 */
import { describe, expect, it } from "vitest";
import { call, createPartnerUser, problemOf } from "./helpers.ts";
import { onboard, onboardingBody, operatorSession } from "./operator-helpers.ts";

const CLOUD = "china";

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

async function allPages<T>(cookie: string, path: string, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const url = `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await call(url, { cookie });
    expect(response.status).toBe(200);
    const page = await response.json<Page<T>>();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("the cloud's partners", () => {
  it("pages a name prefix in name order, filtered by type and status", async () => {
    const operator = await operatorSession(CLOUD);
    const tag = crypto.randomUUID().slice(0, 6);
    const names = ["Delta", "alpha", "Charlie", "Bravo", "Echo"].map((n) => `Zq${tag} ${n}`);
    const created = [];
    for (const [index, name] of names.entries()) {
      const type = index % 2 === 0 ? "indirect_provider" : "direct_reseller";
      created.push(await onboard(operator, onboardingBody({ name, type })));
    }
    const base = `/api/v1/${CLOUD}/operator/partners?q=${encodeURIComponent(`zQ${tag}`)}`;
    const all = await allPages<{ name: string }>(operator.cookie, base, 2);
    expect(all.map((p) => p.name)).toEqual(
      [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );

    const providers = await allPages<{ type: string }>(
      operator.cookie,
      `${base}&type=indirect_provider`,
      1,
    );
    expect(providers).toHaveLength(3);
    expect(providers.every((p) => p.type === "indirect_provider")).toBe(true);

    const suspendedId = created[1]!.partner.id;
    await call(`/api/v1/${CLOUD}/operator/partners/${suspendedId}/suspend`, {
      method: "POST",
      cookie: operator.cookie,
    });
    const suspended = await allPages<{ id: string }>(
      operator.cookie,
      `${base}&status=suspended`,
      5,
    );
    expect(suspended.map((p) => p.id)).toEqual([suspendedId]);
    const activeResellers = await allPages<{ id: string }>(
      operator.cookie,
      `${base}&status=active&type=direct_reseller`,
      5,
    );
    expect(activeResellers).toHaveLength(1);
  });

  it("refuses a cursor of another filter and bad filters with 400", async () => {
    const operator = await operatorSession(CLOUD);
    for (let i = 0; i < 2; i++) await createPartnerUser(CLOUD);
    const first = await call(`/api/v1/${CLOUD}/operator/partners?limit=1`, {
      cookie: operator.cookie,
    });
    const { nextCursor } = await first.json<Page<unknown>>();
    expect(nextCursor).toEqual(expect.any(String));
    const other = await call(
      `/api/v1/${CLOUD}/operator/partners?limit=1&status=active&cursor=${encodeURIComponent(nextCursor!)}`,
      { cookie: operator.cookie },
    );
    expect(other.status).toBe(400);
    expect((await problemOf(other)).code).toBe("invalid_cursor");
    for (const query of ["type=distributor", "status=gone", "limit=0", "unexpected=1"]) {
      const response = await call(`/api/v1/${CLOUD}/operator/partners?${query}`, {
        cookie: operator.cookie,
      });
      expect(response.status, query).toBe(400);
    }
  });
});

describe("the cloud's audit trail", () => {
  it("shows every partner's records and the operators', filtered by partner, actor and action", async () => {
    const operator = await operatorSession(CLOUD);
    const one = await onboard(operator);
    const two = await onboard(operator);
    await call(`/api/v1/${CLOUD}/operator/partners/${two.partner.id}/suspend`, {
      method: "POST",
      cookie: operator.cookie,
    });
    type Row = {
      action: string;
      partner?: { id: string; name: string };
      actor: { id: string; name?: string };
      target: { name?: string };
    };
    const mine = await allPages<Row>(
      operator.cookie,
      `/api/v1/${CLOUD}/operator/audit?actorId=${operator.userId}`,
      2,
    );
    // The operator's sign-in is theirs too, filed under no partner.
    expect(mine.map((r) => r.action)).toEqual([
      "partner.suspended",
      "partner.onboarded",
      "partner.onboarded",
      "session.signed_in",
    ]);
    expect(mine[3]?.partner).toBeUndefined();
    expect(mine[0]).toMatchObject({
      partner: { id: two.partner.id, name: two.partner.name },
      actor: { id: operator.userId, name: `Operator ${operator.userId.slice(0, 8)}` },
      target: { name: two.partner.name },
    });
    const ofOne = await allPages<Row>(
      operator.cookie,
      `/api/v1/${CLOUD}/operator/audit?partnerId=${one.partner.id}`,
      10,
    );
    expect(ofOne.map((r) => r.action)).toEqual(["partner.onboarded"]);
    const suspensions = await allPages<Row>(
      operator.cookie,
      `/api/v1/${CLOUD}/operator/audit?action=partner.suspended&actorId=${operator.userId}`,
      10,
    );
    expect(suspensions).toHaveLength(1);

    const csv = await call(
      `/api/v1/${CLOUD}/operator/audit/export.csv?actorId=${operator.userId}&separator=comma`,
      { cookie: operator.cookie },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('"Partner ID"');
    expect(lines[1]).toContain(`"${two.partner.id}"`);
  });

  it("refuses windows over 90 days and bad filters with a localized 400", async () => {
    const operator = await operatorSession(CLOUD);
    const long = await call(`/api/v1/${CLOUD}/operator/audit?from=2026-01-01&to=2026-06-30`, {
      cookie: operator.cookie,
      language: "fr-FR",
    });
    expect(long.status).toBe(400);
    const problem = await problemOf(long);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: "from", code: "window_too_long" }),
    ]);
    expect(problem.title).toBe("Certaines valeurs ne sont pas valides");
    for (const query of ["partnerId=x", "actorId=1", "action=DROP%20TABLE", "cursor=abc"]) {
      const response = await call(`/api/v1/${CLOUD}/operator/audit?${query}`, {
        cookie: operator.cookie,
      });
      expect(response.status, query).toBe(400);
    }
  });
});
