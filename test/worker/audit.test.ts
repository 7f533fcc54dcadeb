/**
 * `GET /audit` and `GET /audit/export.csv` (SPEC §7): what a global admin reads, the window
 * (≤ 90 days, last 30 by default, localized 400s), keyset pages with signed cursors, the CSV.
 */
import { describe, expect, it } from "vitest";
import { AuditList } from "../../src/domain/schemas/audit.ts";
import type { CloudId } from "../../src/domain/clouds.ts";
import { insertAudit } from "../../worker/lib/audit.ts";
import { call, createPartnerUser, dbOf, problemOf, signIn } from "./helpers.ts";
import {
  accept,
  indirectPair,
  invite,
  removeRelationship,
  signedInCustomer,
} from "./relationships-helpers.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh partner with a signed-in global admin. */
async function globalAdmin(cloud: CloudId = "global") {
  const user = await createPartnerUser(cloud);
  return { ...user, cookie: await signIn(cloud, user.email) };
}

/** Files a record for `partnerId` that happened `daysAgo` days before now. */
async function record(
  cloud: CloudId,
  partnerId: string,
  actorUserId: string,
  daysAgo: number,
  action = "customer.updated",
) {
  const id = crypto.randomUUID();
  await insertAudit(dbOf(cloud), {
    id,
    partnerId,
    actorUserId,
    action,
    targetType: "customer",
    targetId: crypto.randomUUID(),
    requestId: crypto.randomUUID(),
    occurredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
    details: { fields: ["language"] },
  }).run();
  return id;
}

/**
 * The ids of a page's records other than sign-ins: what a test filed, apart from the sign-in of
 * its own session (every sign-in is in the log; the first test here reads one).
 */
function filed(page: AuditList): string[] {
  return page.items.filter((item) => item.action !== "session.signed_in").map((item) => item.id);
}

async function auditOf(cookie: string, query = "", cloud: CloudId = "global") {
  const response = await call(`/api/v1/${cloud}/audit${query}`, { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  return AuditList.parse(await response.json());
}

describe("GET /audit", () => {
  it("shows each step of a relationship's life to the partner that took it, newest first", async () => {
    const { reseller, provider } = await indirectPair("global");
    const customer = await signedInCustomer("global");
    const invitation = await invite("global", reseller.cookie, {
      indirectProviderId: provider.partnerId,
    });
    expect((await accept("global", customer.cookie, invitation.token)).status).toBe(200);
    expect((await removeRelationship("global", reseller.cookie, customer.customerId)).status).toBe(
      200,
    );

    const { items, nextCursor } = await auditOf(reseller.cookie);
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.action)).toEqual([
      "relationship.removed",
      "invitation.accepted",
      "invitation.created",
      "session.signed_in",
    ]);
    const [removed, accepted, created, signedIn] = items;
    expect(signedIn).toMatchObject({
      actor: { id: reseller.userId },
      target: { type: "user", id: reseller.userId },
    });
    expect(created).toMatchObject({
      actor: { id: reseller.userId, name: expect.stringMatching(/^User /) as string },
      target: { type: "invitation", id: invitation.id },
      details: { locale: "en", indirectProviderId: provider.partnerId },
    });
    // The customer's admin accepted: named, as the admin of the customer the record is about.
    expect(accepted).toMatchObject({
      actor: { id: customer.userId, name: "Customer admin" },
      target: { type: "customer", id: customer.customerId, name: customer.companyName },
      details: { invitationId: invitation.id },
    });
    expect(removed).toMatchObject({
      target: { type: "customer", id: customer.customerId, name: customer.companyName },
      details: { acknowledgeLegalNotice: true },
    });
    for (const item of items) {
      expect(item.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(item.occurredAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    // The provider reads its own side of the acceptance, and nothing of the reseller's.
    const providerLog = await auditOf(await signIn("global", provider.email));
    expect(providerLog.items.map((item) => item.action)).toEqual([
      "session.signed_in",
      "invitation.accepted",
    ]);
    expect(providerLog.items[1]?.details).toMatchObject({ indirectResellerId: reseller.partnerId });
  });

  it("writes each record's actor, target, details and request as the log holds them", async () => {
    const admin = await globalAdmin();
    const db = dbOf("global");
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const file = async (id: string, actor: string, minutes: number, details = "{}") => {
      await db
        .prepare(
          `INSERT INTO audit_records (id, partner_id, actor_user_id, action, target_type, target_id, request_id, occurred_at, details)
           VALUES (?1, ?2, ?3, 'customer.updated', 'user', ?4, ?5, ?6, ?7)`,
        )
        .bind(id, admin.partnerId, actor, admin.userId, `request-${id}`, at(minutes), details)
        .run();
    };
    await file("r-system", "system:scheduler", 1, '{"fields":["language"],"n":2,"ok":true}');
    await file("r-stranger", "someone-else", 2, "not json");
    await file("r-self", admin.userId, 3, '["an","array"]');
    const page = await auditOf(admin.cookie);
    const mine = page.items.filter((item) => item.id.startsWith("r-"));
    const target = { type: "user", id: admin.userId, name: expect.any(String) as string };
    expect(mine).toEqual([
      {
        id: "r-system",
        occurredAt: expect.any(String) as string,
        action: "customer.updated",
        actor: { id: "system:scheduler", kind: "system" },
        target,
        requestId: "request-r-system",
        details: { fields: ["language"], n: 2, ok: true },
      },
      {
        id: "r-stranger",
        occurredAt: expect.any(String) as string,
        action: "customer.updated",
        actor: { id: "someone-else" },
        target,
        requestId: "request-r-stranger",
        details: {},
      },
      {
        id: "r-self",
        occurredAt: expect.any(String) as string,
        action: "customer.updated",
        actor: { id: admin.userId, name: expect.any(String) as string },
        target,
        requestId: "request-r-self",
        details: {},
      },
    ]);
  });

  it("reads the last 30 days by default, and any window of up to 90 days on request", async () => {
    const admin = await globalAdmin();
    const recent = await record("global", admin.partnerId, admin.userId, 2);
    const older = await record("global", admin.partnerId, admin.userId, 45);
    expect(filed(await auditOf(admin.cookie))).toEqual([recent]);

    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
    const wide = await auditOf(admin.cookie, `?from=${day(89)}&to=${day(0)}`);
    expect(filed(wide)).toEqual([recent, older]);
    // Dates are whole UTC days, both ends included.
    const olderDay = day(45).slice(0, 10);
    const oneDay = await auditOf(admin.cookie, `?from=${olderDay}&to=${olderDay}`);
    expect(oneDay.items.map((i) => i.id)).toEqual([older]);
    // Exactly 90 days (1 January to 31 March) is allowed.
    expect((await auditOf(admin.cookie, "?from=2026-01-01&to=2026-03-31")).items).toEqual([]);
  });

  it.each([
    ["an end before the start", "?from=2026-03-02&to=2026-03-01", "to", "window_order"],
    ["more than 90 days", "?from=2026-01-01&to=2026-04-01", "from", "window_too_long"],
    ["a day that does not exist", "?from=2026-02-30", "from", "invalid_date"],
    ["a date in another format", "?to=01/03/2026", "to", "invalid_date"],
    ["a time without a zone", "?from=2026-03-01T10:00:00", "from", "invalid_date"],
  ])("refuses %s with a localized 400", async (_name, query, path, code) => {
    const admin = await globalAdmin();
    const response = await call(`/api/v1/global/audit${query}`, {
      cookie: admin.cookie,
      language: "fr-FR",
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("validation_failed");
    expect(problem.title).toBe("Certaines valeurs ne sont pas valides");
    expect(problem.errors).toEqual([{ path, code, message: expect.any(String) as string }]);
    expect(problem.errors?.[0]?.message).not.toMatch(/^audit\./);
  });

  it("names the 90-day limit in the reader's language", async () => {
    const admin = await globalAdmin();
    const response = await call("/api/v1/global/audit/export.csv?from=2025-01-01&to=2025-12-31", {
      cookie: admin.cookie,
      language: "ru-RU",
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.message).toBe(
      "Выберите период не более 90 дней.",
    );
  });

  it("pages newest first with signed cursors that keep their window and refuse tampering", async () => {
    const admin = await globalAdmin();
    const ids: string[] = [];
    for (let day = 1; day <= 5; day++)
      ids.push(await record("global", admin.partnerId, admin.userId, day));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await auditOf(admin.cookie, `?limit=2${suffix}`);
      seen.push(...filed(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    // Five filed records and the admin's sign-in: three pages of two.
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);

    const first = await auditOf(admin.cookie, "?limit=2");
    const next = first.nextCursor ?? "";
    // Widen the window the cursor carries, keeping its signature.
    const [body = "", mac = ""] = next.split(".");
    const claims = JSON.parse(atob(body.replaceAll("-", "+").replaceAll("_", "/"))) as {
      p: string[];
    };
    claims.p[2] = "2000-01-01T00:00:00.000Z";
    const forged = btoa(JSON.stringify(claims)).replaceAll("+", "-").replaceAll("/", "_");
    const tampered = `${forged.replace(/=+$/, "")}.${mac}`;
    for (const query of [
      `?cursor=${encodeURIComponent(tampered)}`,
      "?cursor=not-a-cursor",
      // The cursor is bound to the window the client asked for.
      `?from=${new Date(Date.now() - 10 * DAY_MS).toISOString().slice(0, 10)}&cursor=${encodeURIComponent(next)}`,
    ]) {
      const response = await call(`/api/v1/global/audit${query}`, { cookie: admin.cookie });
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).code).toBe("invalid_cursor");
    }
  });
});

describe("the API reference", () => {
  it("documents both audit endpoints with their query", async () => {
    const document = (await (await call("/api/v1/openapi.json")).json<unknown>()) as {
      paths: Record<string, { get?: { parameters: { name?: string }[] } }>;
    };
    const list = document.paths["/api/v1/{cloud}/audit"]?.get;
    expect(list?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["from", "to", "cursor", "limit"]),
    );
    expect(document.paths["/api/v1/{cloud}/audit/export.csv"]?.get).toBeDefined();
  });
});

describe("GET /audit/export.csv", () => {
  it("streams the window as CSV with headers and action names in the reader's language", async () => {
    const admin = await globalAdmin();
    await record("global", admin.partnerId, admin.userId, 1, "invitation.created");
    await record("global", admin.partnerId, admin.userId, 3, "=cmd|' /C calc'!A0");
    await record("global", admin.partnerId, admin.userId, 40);
    const response = await call("/api/v1/global/audit/export.csv", {
      cookie: admin.cookie,
      language: "fr-FR",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain("audit.csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // TextDecoder drops the byte-order mark.
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    // French: semicolons, every text field quoted (SPEC §7, spreadsheet-safe).
    expect(lines[0]).toBe(
      '"Date et heure (UTC)";"Code de l’action";"Action";"ID de l’auteur";"Auteur";"Type de cible";"ID de la cible";"Cible";"ID de requête";"Détails";"ID de l’enregistrement"',
    );
    // The last 30 days, newest first (the admin's sign-in just now, then the records filed days
    // ago); an unknown action is kept as its code, never a formula.
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(';"session.signed_in";"Connexion";');
    expect(lines[2]).toContain(';"invitation.created";"Invitation créée";');
    expect(lines[3]).toContain(`;"'=cmd|' /C calc'!A0";"'=cmd|' /C calc'!A0";`);
    expect(lines[2]).toContain(`"{""fields"":[""language""]}"`);
  });
});
