/**
 * Bulk operations (SPEC §6): "remove global administrator" over 1,000 relationships in one run
 * of pages, reported per relationship and idempotent when rerun; terminate and set
 * auto-extension over a filter; "replace with granular" for customers that still have legacy
 * delegated admin privileges.
 */
import { describe, expect, it } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import { call, dbOf, problemOf } from "./helpers.ts";
import { related } from "./relationships-helpers.ts";
import { answer, requestAdmin } from "./admin-relationships-helpers.ts";
import { tokenOf } from "./relationships-helpers.ts";

const CLOUD: CloudId = "global";
const DAY = 86_400_000;

interface BulkAnswer {
  results: {
    id: string;
    outcome: "done" | "skipped";
    code: string | null;
    replacement: { id: string; url: string; email: { subject: string; body: string } } | null;
  }[];
  nextCursor: string | null;
}

/** `count` approved relationships of `partnerId` with `customerId` and `roles` (direct SQL). */
async function seedActive(
  partnerId: string,
  customerId: string,
  createdBy: string,
  count: number,
  roles: string[],
  locale = "en",
) {
  const db = dbOf(CLOUD);
  const base = Date.now() - 10 * DAY;
  const statements = Array.from({ length: count }, (_, i) => {
    const at = new Date(base + i * 1000).toISOString();
    return db
      .prepare(
        `INSERT INTO admin_relationships (id, partner_id, customer_id, display_name, roles, duration,
           duration_years, duration_months, duration_days, auto_extend_days, status, recorded_state,
           locale, token_hash, created_by, created_at, request_expires_at, decided_at, ends_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'P1Y', 1, 0, 0, 0, 'active', 'active', ?11, ?6, ?7, ?8, ?9, ?8, ?10)`,
      )
      .bind(
        crypto.randomUUID(),
        partnerId,
        customerId,
        `Seeded ${i}`,
        JSON.stringify(roles),
        crypto.randomUUID(),
        createdBy,
        at,
        new Date(base + 90 * DAY).toISOString(),
        new Date(base + 365 * DAY).toISOString(),
        locale,
      );
  });
  for (let i = 0; i < statements.length; i += 500) await db.batch(statements.slice(i, i + 500));
}

/** Runs a bulk operation page after page to its end; every page's results. */
async function run(cookie: string, body: Record<string, unknown>) {
  const results: BulkAnswer["results"] = [];
  let cursor: string | null | undefined;
  let pages = 0;
  do {
    const response = await call(`/api/v1/${CLOUD}/admin-relationships/bulk`, {
      cookie,
      body: { ...body, ...(cursor ? { cursor } : {}) },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const page = await response.json<BulkAnswer>();
    results.push(...page.results);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);
  return { results, pages };
}

async function countOf(sql: string, ...values: unknown[]): Promise<number> {
  const row = await dbOf(CLOUD)
    .prepare(sql)
    .bind(...values)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("bulk operations", () => {
  it(
    "removes global administrator from 1,000 relationships in one run, idempotent when rerun",
    { timeout: 120_000 },
    async () => {
      const { partner, customer } = await related(CLOUD);
      await seedActive(partner.partnerId, customer.customerId, partner.userId, 1000, [
        "global_administrator",
        "user_administrator",
      ]);
      await seedActive(partner.partnerId, customer.customerId, partner.userId, 3, [
        "global_reader",
      ]);
      const body = {
        action: "removeRole",
        role: "global_administrator",
        filters: { role: "global_administrator", state: "active" },
      };
      const first = await run(partner.cookie, body);
      expect(first.pages).toBe(10);
      expect(first.results).toHaveLength(1000);
      expect(first.results.every((r) => r.outcome === "done" && r.replacement)).toBe(true);
      expect(new Set(first.results.map((r) => r.id)).size).toBe(1000);
      const replacements = await countOf(
        `SELECT COUNT(*) AS n FROM admin_relationships WHERE partner_id = ?1 AND replaces_id IS NOT NULL
           AND roles = '["user_administrator"]' AND status = 'created'`,
        partner.partnerId,
      );
      expect(replacements).toBe(1000);

      const again = await run(partner.cookie, body);
      expect(again.results).toHaveLength(1000);
      expect(new Set(again.results.map((r) => `${r.outcome}:${r.code}`))).toEqual(
        new Set(["skipped:already_requested"]),
      );
      expect(
        await countOf(
          "SELECT COUNT(*) AS n FROM admin_relationships WHERE partner_id = ?1",
          partner.partnerId,
        ),
      ).toBe(2003);

      // The customer approves one replacement: the relationship it replaces ends with it.
      const [chosen] = first.results;
      const approved = await answer(
        CLOUD,
        customer.cookie,
        "approve",
        tokenOf(chosen?.replacement?.url ?? ""),
      );
      expect(approved.status).toBe(200);
      const replaced = await call(`/api/v1/${CLOUD}/admin-relationships/${chosen?.id}`, {
        cookie: partner.cookie,
      });
      expect((await replaced.json<{ relationship: { state: string } }>()).relationship.state).toBe(
        "terminated",
      );
    },
  );

  it("answers each replacement with its approval link and an email draft in the relationship's language", async () => {
    const { partner, customer } = await related(CLOUD);
    await seedActive(
      partner.partnerId,
      customer.customerId,
      partner.userId,
      1,
      ["global_administrator", "helpdesk_administrator"],
      "ru-RU",
    );
    await seedActive(
      partner.partnerId,
      customer.customerId,
      partner.userId,
      1,
      ["global_administrator", "license_administrator"],
      "fr-FR",
    );
    const { results } = await run(partner.cookie, {
      action: "removeRole",
      role: "global_administrator",
      filters: { role: "global_administrator" },
    });
    const replacements = results.map((r) => r.replacement);
    expect(replacements).toHaveLength(2);
    const russian = replacements.find((r) => r?.url.includes("/ru-ru/"));
    const french = replacements.find((r) => r?.url.includes("/fr-fr/"));
    expect(russian?.url).toContain(`/${CLOUD}/ru-ru/admin-relationships/approve/#`);
    expect(russian?.email.subject).toBe(
      `Partner ${partner.partnerId.slice(0, 8)} запрашивает роли администратора в вашей организации`,
    );
    expect(russian?.email.body).toContain(russian?.url);
    expect(russian?.email.body).toContain("Администратор службы поддержки");
    expect(russian?.email.body).not.toContain("- Глобальный администратор");
    // The duration in words, in the request's language.
    expect(russian?.email.body).toContain("на срок 1 год.");
    expect(french?.email.body).toMatch(/pour 1\san\./u);
    expect(french?.url).toContain(`/${CLOUD}/fr-fr/admin-relationships/approve/#`);
    expect(french?.email.subject).toContain("demande des rôles d’administration");
    expect(french?.email.body).toContain(french?.url);
    // The draft's link is the request's: the customer approves the replacement by it.
    expect(
      (await answer(CLOUD, customer.cookie, "preview", tokenOf(russian?.url ?? ""))).status,
    ).toBe(200);
  });

  it("terminates and sets auto-extension over a filter, saying what it skipped", async () => {
    const { partner, customer } = await related(CLOUD);
    await seedActive(partner.partnerId, customer.customerId, partner.userId, 3, ["global_reader"]);
    await seedActive(partner.partnerId, customer.customerId, partner.userId, 2, [
      "global_administrator",
    ]);
    const extend = await run(partner.cookie, { action: "setAutoExtend", autoExtend: "P180D" });
    const codes = extend.results.map((r) => String(r.code)).sort();
    expect(codes).toEqual([
      "auto_extend_not_allowed",
      "auto_extend_not_allowed",
      "null",
      "null",
      "null",
    ]);
    const rerun = await run(partner.cookie, { action: "setAutoExtend", autoExtend: "P180D" });
    expect(rerun.results.filter((r) => r.code === "unchanged")).toHaveLength(3);

    const ended = await run(partner.cookie, {
      action: "terminate",
      filters: { role: "global_administrator" },
    });
    expect(ended.results.map((r) => r.outcome)).toEqual(["done", "done"]);
    const twice = await run(partner.cookie, {
      action: "terminate",
      filters: { role: "global_administrator" },
    });
    expect(twice.results.map((r) => r.code)).toEqual(["not_active", "not_active"]);
    const missing = await call(`/api/v1/${CLOUD}/admin-relationships/bulk`, {
      cookie: partner.cookie,
      body: { action: "removeRole" },
    });
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).errors?.[0]?.path).toBe("role");
  });
});

describe("replace legacy delegated admin with granular", () => {
  it("requests a relationship per customer with DAP, which revokes DAP when approved", async () => {
    const { partner, customer } = await related(CLOUD);
    const stranger = await related(CLOUD);
    const body = {
      customerIds: [customer.customerId, stranger.customer.customerId],
      displayName: "Replaces DAP",
      roles: ["user_administrator"],
      duration: "P1Y",
      locale: "fr-FR",
    };
    const replace = () =>
      call(`/api/v1/${CLOUD}/admin-relationships/replace-delegated-admin`, {
        cookie: partner.cookie,
        body,
      });
    const first = await replace();
    expect(first.status).toBe(200);
    const { results } = await first.json<{
      results: {
        customerId: string;
        outcome: string;
        code: string | null;
        request: { url: string; email: { subject: string; body: string } } | null;
      }[];
    }>();
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ["created", null],
      ["skipped", "no_delegated_admin"],
    ]);
    // Each created request carries its link and its draft, in the language asked for.
    const created = results[0]?.request;
    expect(created?.url).toContain(`/${CLOUD}/fr-fr/admin-relationships/approve/#`);
    expect(created?.email.subject).toBe(
      `Partner ${partner.partnerId.slice(0, 8)} demande des rôles d’administration dans votre organisation`,
    );
    expect(created?.email.body).toContain(created?.url);
    expect(created?.email.body).toContain("Administrateur d’utilisateurs");
    expect(results[1]?.request).toBeNull();
    const second = await (await replace()).json<{ results: { code: string | null }[] }>();
    expect(second.results.map((r) => r.code)).toEqual(["already_requested", "no_delegated_admin"]);

    const token = tokenOf(results[0]?.request?.url ?? "");
    expect((await answer(CLOUD, customer.cookie, "approve", token)).status).toBe(200);
    expect(
      await countOf(
        "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE partner_id = ?1 AND customer_id = ?2 AND state = 'active'",
        partner.partnerId,
        customer.customerId,
      ),
    ).toBe(0);
    const third = await (await replace()).json<{ results: { code: string | null }[] }>();
    expect(third.results.map((r) => r.code)).toEqual(["no_delegated_admin", "no_delegated_admin"]);
    // An ordinary request for the same customer does not touch DAP.
    await requestAdmin(CLOUD, stranger.partner.cookie, {
      customerId: stranger.customer.customerId,
    });
  });
});

describe("the customers to replace legacy delegated admin for", () => {
  const list = (cookie: string, query = "") =>
    call(`/api/v1/${CLOUD}/admin-relationships/replace-delegated-admin/customers${query}`, {
      cookie,
    });

  it("lists the partner's customers with DAP, oldest grant first, a page at a time", async () => {
    const { partner, customer } = await related(CLOUD);
    const second = await related(CLOUD);
    // The second customer becomes this partner's too, later; then its DAP is revoked.
    const third = await related(CLOUD);
    const db = dbOf(CLOUD);
    const later = new Date(Date.now() + 1000).toISOString();
    for (const [other, revoked] of [
      [second.customer.customerId, false],
      [third.customer.customerId, true],
    ] as const) {
      await db.batch([
        db
          .prepare(
            `INSERT INTO relationships (id, partner_id, customer_id, state, company_name_key, domain_prefix, created_at)
             SELECT ?1, ?2, id, 'active', company_name_key, domain_prefix, ?3 FROM customers WHERE id = ?4`,
          )
          .bind(crypto.randomUUID(), partner.partnerId, later, other),
        db
          .prepare(
            `INSERT INTO delegated_admin_grants (id, partner_id, customer_id, state, granted_at)
             VALUES (?1, ?2, ?3, ?4, ?5)`,
          )
          .bind(
            crypto.randomUUID(),
            partner.partnerId,
            other,
            revoked ? "revoked" : "active",
            later,
          ),
      ]);
    }
    const first = await list(partner.cookie, "?limit=1");
    expect(first.status).toBe(200);
    const page = await first.json<{
      items: { id: string; requested: boolean; companyName: string }[];
      nextCursor: string | null;
    }>();
    expect(page.items.map((item) => [item.id, item.requested])).toEqual([
      [customer.customerId, false],
    ]);
    expect(page.items[0]?.companyName).toBe(customer.companyName);
    const replaced = await call(`/api/v1/${CLOUD}/admin-relationships/replace-delegated-admin`, {
      cookie: partner.cookie,
      body: {
        customerIds: [second.customer.customerId],
        displayName: "Granular",
        roles: ["directory_readers"],
        duration: "P90D",
      },
    });
    expect(replaced.status).toBe(200);
    const rest = await (
      await list(partner.cookie, `?limit=1&cursor=${encodeURIComponent(page.nextCursor ?? "")}`)
    ).json<{ items: { id: string; requested: boolean }[]; nextCursor: string | null }>();
    expect(rest).toEqual({
      items: [expect.objectContaining({ id: second.customer.customerId, requested: true })],
      nextCursor: null,
    });
    // Another partner's list holds only its own; its cursor is not this partner's.
    const theirs = await (await list(second.partner.cookie)).json<{ items: { id: string }[] }>();
    expect(theirs.items.map((item) => item.id)).toEqual([second.customer.customerId]);
    expect(
      (await list(second.partner.cookie, `?cursor=${encodeURIComponent(page.nextCursor ?? "")}`))
        .status,
    ).toBe(400);
    // A customer admin is no partner staff.
    expect((await list(customer.cookie)).status).toBe(403);
  });
});
