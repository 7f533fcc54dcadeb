/**
 * Admin relationships (granular delegated admin, SPEC §6): the lifecycle against the injected
 * clock, the customer admin's answers, single-use approval under concurrency, auto-extension,
 * validation, permissions, and tenant and cloud isolation.
 */
import { describe, expect, it } from "vitest";
import type {
  AdminRelationship,
  AdminRelationshipDetail,
} from "../../src/domain/schemas/admin-relationship.ts";
import { call, problemOf } from "./helpers.ts";
import { related, signedInCustomer, signedInPartner } from "./relationships-helpers.ts";
import {
  answer,
  auditCount,
  DAY,
  later,
  requestAdmin,
  requestBody,
} from "./admin-relationships-helpers.ts";

const CLOUD = "global";
const path = (rest = "") => `/api/v1/${CLOUD}/admin-relationships${rest}`;

describe("admin relationship lifecycle", () => {
  it("goes created → approval_pending → active → expiring → expired by the clock", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, {
      customerId: customer.customerId,
      locale: "ru-RU",
    });
    expect(created.relationship).toMatchObject({
      state: "created",
      duration: "P60D",
      endsAt: null,
    });
    expect(created.url).toMatch(/\/global\/ru-ru\/admin-relationships\/approve\/#[\w-]{43}$/);
    expect(created.email.subject).toContain("запрашивает роли администратора");
    expect(created.email.body).toContain("Администратор пользователей");
    expect(created.email.body).toContain(created.url);

    const preview = await answer(CLOUD, customer.cookie, "preview", created.token);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      roles: ["user_administrator", "directory_readers"],
      displayName: "Support 2027",
    });
    const pending = await call(path(`/${created.id}`), { cookie: partner.cookie });
    expect((await pending.json<AdminRelationshipDetail>()).relationship.state).toBe(
      "approval_pending",
    );

    const approved = await answer(CLOUD, customer.cookie, "approve", created.token);
    expect(approved.status).toBe(200);
    const active = await approved.json<AdminRelationship>();
    expect(active.state).toBe("active");
    expect(Date.parse(active.endsAt ?? "") - Date.parse(active.decidedAt ?? "")).toBe(60 * DAY);
    expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(409);

    const at31 = await later(CLOUD, 31 * DAY, partner.email);
    const expiring = await (
      await at31(`/admin-relationships/${created.id}`)
    ).json<AdminRelationshipDetail>();
    expect(expiring.relationship.state).toBe("expiring");
    const listed = await (
      await at31("/admin-relationships?state=expiring")
    ).json<{ items: AdminRelationship[] }>();
    expect(listed.items.map((item) => item.id)).toEqual([created.id]);
    const within = await (
      await at31("/admin-relationships?expiringWithinDays=30")
    ).json<{ items: AdminRelationship[] }>();
    expect(within.items.map((item) => item.id)).toEqual([created.id]);

    const at61 = await later(CLOUD, 61 * DAY, partner.email);
    const expired = await (
      await at61(`/admin-relationships/${created.id}`)
    ).json<AdminRelationshipDetail>();
    expect(expired.relationship.state).toBe("expired");
    expect(expired.timeline.map((entry) => entry.action)).toEqual([
      "adminRelationship.created",
      "adminRelationship.opened",
      "adminRelationship.approved",
    ]);
    // An expired relationship cannot be terminated: it has ended.
    expect((await at61(`/admin-relationships/${created.id}`, { method: "DELETE" })).status).toBe(
      409,
    );
  });

  it("expires an unanswered request after 90 days", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, { customerId: customer.customerId });
    const at91 = await later(CLOUD, 91 * DAY, customer.email);
    const late = await at91("/admin-relationships/approval/approve", {
      body: { token: created.token },
    });
    expect(late.status).toBe(410);
    expect((await problemOf(late)).code).toBe("admin_relationship_request_expired");
    const listed = await (
      await at91("/admin-relationships?state=request_expired")
    ).json<{ items: AdminRelationship[] }>();
    expect(listed.items.map((item) => item.id)).toEqual([created.id]);
    expect(await auditCount(CLOUD, created.id, "adminRelationship.approved")).toBe(0);
  });

  it("lets the customer admin reject, after which the link is used", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, { customerId: customer.customerId });
    const rejected = await answer(CLOUD, customer.cookie, "reject", created.token);
    expect(rejected.status).toBe(200);
    expect((await rejected.json<AdminRelationship>()).state).toBe("rejected");
    const again = await answer(CLOUD, customer.cookie, "approve", created.token, {
      language: "fr-FR",
    });
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({
      code: "admin_relationship_decided",
      title: "Demande déjà traitée",
    });
  });

  it("is terminated by either side, once", async () => {
    const { partner, customer } = await related(CLOUD);
    for (const side of ["partner", "customer"] as const) {
      const created = await requestAdmin(CLOUD, partner.cookie, {
        customerId: customer.customerId,
      });
      expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(200);
      const cookie = side === "partner" ? partner.cookie : customer.cookie;
      const ended = await call(path(`/${created.id}`), { method: "DELETE", cookie });
      expect(ended.status).toBe(200);
      expect((await ended.json<AdminRelationship>()).state).toBe("terminated");
      const twice = await call(path(`/${created.id}`), { method: "DELETE", cookie });
      expect(twice.status).toBe(409);
      expect(await auditCount(CLOUD, created.id, "adminRelationship.terminated")).toBe(1);
    }
    const mine = await call(path(), { cookie: customer.cookie });
    expect((await mine.json<{ items: AdminRelationship[] }>()).items).toHaveLength(2);
  });

  it("binds a request that names no customer to the customer whose admin approves it", async () => {
    const partner = await signedInPartner(CLOUD);
    const customer = await signedInCustomer(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie);
    const approved = await answer(CLOUD, customer.cookie, "approve", created.token);
    expect(approved.status).toBe(200);
    expect((await approved.json<AdminRelationship>()).customer?.id).toBe(customer.customerId);
  });
});

describe("auto-extension", () => {
  it("is refused with global administrator, and nothing is stored", async () => {
    const partner = await signedInPartner(CLOUD);
    const refused = await call(path(), {
      cookie: partner.cookie,
      language: "ru-RU",
      body: requestBody({ roles: ["global_administrator"], autoExtend: "P180D" }),
    });
    expect(refused.status).toBe(400);
    expect(await problemOf(refused)).toMatchObject({
      code: "auto_extend_not_allowed",
      errors: [{ path: "autoExtend", code: "auto_extend_not_allowed" }],
    });
    const list = await call(path(), { cookie: partner.cookie });
    expect((await list.json<{ items: unknown[] }>()).items).toEqual([]);
  });

  it("moves the end on by 180 days instead of expiring", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, {
      customerId: customer.customerId,
      duration: "P30D",
      autoExtend: "P180D",
    });
    const approved = await (
      await answer(CLOUD, customer.cookie, "approve", created.token)
    ).json<AdminRelationship>();
    const at40 = await later(CLOUD, 40 * DAY, partner.email);
    const { relationship } = await (
      await at40(`/admin-relationships/${created.id}`)
    ).json<AdminRelationshipDetail>();
    expect(relationship.state).toBe("active");
    expect(Date.parse(relationship.endsAt ?? "") - Date.parse(approved.endsAt ?? "")).toBe(
      180 * DAY,
    );
  });
});

describe("approval under concurrency", () => {
  it("lets exactly one of 20 concurrent approvals through", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, { customerId: customer.customerId });
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        answer(CLOUD, customer.cookie, "approve", created.token).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await auditCount(CLOUD, created.id, "adminRelationship.approved")).toBe(1);
  });
});

describe("validation and permissions", () => {
  it.each([
    ["a duration over two years", { duration: "P3Y" }, "duration"],
    ["a zero duration", { duration: "P0D" }, "duration"],
    ["a time duration", { duration: "PT5H" }, "duration"],
    ["no roles", { roles: [] }, "roles"],
    ["an unknown role", { roles: ["root"] }, "roles.0"],
    ["a role twice", { roles: ["global_reader", "global_reader"] }, "roles"],
    ["an unknown field", { extra: 1 }, "extra"],
  ])("refuses %s with a field error", async (_name, overrides, field) => {
    const partner = await signedInPartner(CLOUD);
    const response = await call(path(), { cookie: partner.cookie, body: requestBody(overrides) });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((e) => e.path)).toContain(field);
  });

  it("lets admin agents write, every partner role read, customer admins neither write", async () => {
    const { partner, customer } = await related(CLOUD, ["sales_agent"]);
    expect((await call(path(), { cookie: partner.cookie, body: requestBody() })).status).toBe(403);
    expect((await call(path(), { cookie: partner.cookie })).status).toBe(200);
    expect((await call(path(), { cookie: customer.cookie, body: requestBody() })).status).toBe(403);
    const agent = await signedInPartner(CLOUD, { roles: ["admin_agent"] });
    expect((await call(path(), { cookie: agent.cookie, body: requestBody() })).status).toBe(201);
    const partnerPreview = await call(path("/approval/preview"), {
      cookie: agent.cookie,
      body: { token: "x".repeat(43) },
    });
    expect(partnerPreview.status).toBe(403);
  });
});

describe("isolation", () => {
  it("answers 404 for another partner's, another customer's and another cloud's ids", async () => {
    const { partner, customer } = await related(CLOUD);
    const created = await requestAdmin(CLOUD, partner.cookie, { customerId: customer.customerId });
    const stranger = await signedInPartner(CLOUD);
    for (const init of [{}, { method: "DELETE" }]) {
      expect(
        (await call(path(`/${created.id}`), { ...init, cookie: stranger.cookie })).status,
      ).toBe(404);
    }
    const otherCustomer = await signedInCustomer(CLOUD);
    expect((await answer(CLOUD, otherCustomer.cookie, "preview", created.token)).status).toBe(404);
    expect((await answer(CLOUD, otherCustomer.cookie, "approve", created.token)).status).toBe(404);
    expect((await call(path(`/${created.id}`), { cookie: otherCustomer.cookie })).status).toBe(404);
    // A request for a customer the partner has no relationship with.
    const foreign = await call(path(), {
      cookie: stranger.cookie,
      body: requestBody({ customerId: customer.customerId }),
    });
    expect(foreign.status).toBe(404);
    const elsewhere = await signedInPartner("germany");
    expect(
      (
        await call(`/api/v1/germany/admin-relationships/${created.id}`, {
          cookie: elsewhere.cookie,
        })
      ).status,
    ).toBe(404);
    const germanCustomer = await signedInCustomer("germany");
    const germanApproval = await call("/api/v1/germany/admin-relationships/approval/approve", {
      cookie: germanCustomer.cookie,
      body: { token: created.token },
    });
    expect(germanApproval.status).toBe(404);
    const china = await signedInPartner("china");
    const unavailable = await call("/api/v1/china/admin-relationships", { cookie: china.cookie });
    expect(unavailable.status).toBe(404);
    expect((await problemOf(unavailable)).code).toBe("feature_unavailable");
    expect((await answer(CLOUD, customer.cookie, "approve", created.token)).status).toBe(200);
  });
});
