/**
 * SPEC §7: only JSON bodies are accepted on an unsafe method, whatever the length — a body-less
 * write may omit the content type only when it comes from our own origin — and a body is
 * decoded as strict UTF-8: invalid bytes, and lone surrogates written as JSON escapes, are a
 * 400, and nothing is stored. A body in another charset is refused, and so is a query string
 * whose percent-encoding is malformed or not UTF-8.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { dbOf, ORIGIN, problemOf } from "./helpers.ts";
import {
  createCustomer,
  customerBody,
  customersWithPrefix,
  partnerSession,
} from "./customers-fixtures.ts";

function send(path: string, init: RequestInit) {
  return exports.default.fetch(`${ORIGIN}${path}`, init);
}

describe("the JSON-only rule for unsafe methods", () => {
  it("refuses a non-JSON content type even with an empty body (no Origin)", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    for (const [method, path] of [
      ["POST", `/api/v1/global/customers/${customer.id}/admin-password`],
      ["DELETE", `/api/v1/global/customers/${customer.id}/delegated-admin`],
      ["POST", "/api/v1/global/invitations"],
    ] as const) {
      for (const contentType of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ]) {
        const response = await send(path, {
          method,
          headers: { Cookie: session.cookie, "Content-Type": contentType },
        });
        expect(response.status, `${method} ${path} ${contentType}`).toBe(415);
        expect((await problemOf(response)).code).toBe("unsupported_media_type");
      }
    }
    const { results } = await dbOf("global")
      .prepare(
        "SELECT action FROM audit_records WHERE target_id = ?1 AND action = 'customer.admin_password_reset'",
      )
      .bind(customer.id)
      .all();
    expect(results).toEqual([]);
  });

  it("refuses JSON declared in another charset, and takes UTF-8 however it is spelled", async () => {
    const session = await partnerSession("global");
    const write = (contentType: string, body: Record<string, unknown>) =>
      send("/api/v1/global/customers", {
        method: "POST",
        headers: {
          Cookie: session.cookie,
          "Content-Type": contentType,
          "Sec-Fetch-Site": "same-origin",
        },
        body: JSON.stringify(body),
      });
    for (const contentType of [
      "application/json; charset=iso-8859-1",
      "application/json;charset=utf-16",
      "application/json; charset=utf-8x",
      "application/json; charset=utf-8; charset=windows-1251",
    ]) {
      const body = customerBody("global");
      const response = await write(contentType, body);
      expect(response.status, contentType).toBe(415);
      expect((await problemOf(response)).code).toBe("unsupported_media_type");
      expect(await customersWithPrefix("global", body.domainPrefix)).toBe(0);
    }
    for (const contentType of [
      "application/json",
      "application/json; charset=utf-8",
      "application/json;charset=UTF-8",
      'application/json; charset="utf-8"',
    ]) {
      const response = await write(contentType, customerBody("global"));
      expect(response.status, contentType).toBe(201);
    }
  });

  it("lets a body-less write without a content type through only from our own origin", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const path = `/api/v1/global/customers/${customer.id}/delegated-admin`;
    const bare = await send(path, { method: "DELETE", headers: { Cookie: session.cookie } });
    expect(bare.status).toBe(403);
    expect((await problemOf(bare)).code).toBe("csrf_rejected");
    const sameOrigin = await send(path, {
      method: "DELETE",
      headers: { Cookie: session.cookie, "Sec-Fetch-Site": "same-origin" },
    });
    expect(sameOrigin.status).toBe(204);
  });
});

describe("request bodies are strict UTF-8", () => {
  it("answers invalid UTF-8 inside a JSON string with a 400 and stores nothing", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    const json = JSON.stringify({ ...body, companyName: "Bad@@@@Bytes" });
    const [before, after] = json.split("@@@@") as [string, string];
    const encoder = new TextEncoder();
    const bytes = new Uint8Array([
      ...encoder.encode(before),
      0xff,
      0xfe,
      0xc3,
      0x28,
      ...encoder.encode(after),
    ]);
    const response = await send("/api/v1/global/customers", {
      method: "POST",
      headers: {
        Cookie: session.cookie,
        "Content-Type": "application/json",
        "Sec-Fetch-Site": "same-origin",
        "Accept-Language": "fr-FR",
      },
      body: bytes,
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("invalid_encoding");
    expect(problem.title).not.toBe("");
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(0);
  });

  it("answers an overlong encoding and a lone surrogate with the same 400", async () => {
    const session = await partnerSession("global");
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ]) {
      const bytes = new Uint8Array([
        ...new TextEncoder().encode('{"locale":"en","x":"'),
        ...bad,
        ...new TextEncoder().encode('"}'),
      ]);
      const response = await send("/api/v1/global/invitations", {
        method: "POST",
        headers: {
          Cookie: session.cookie,
          "Content-Type": "application/json",
          "Sec-Fetch-Site": "same-origin",
        },
        body: bytes,
      });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).code).toBe("invalid_encoding");
    }
  });

  it("answers a lone surrogate written as a JSON escape with the same 400 and stores nothing", async () => {
    const session = await partnerSession("global");
    const body = customerBody("global");
    const headers = {
      Cookie: session.cookie,
      "Content-Type": "application/json",
      "Sec-Fetch-Site": "same-origin",
      "Accept-Language": "ru-RU",
    };
    // Each is valid JSON: a high or low surrogate alone, in a value or a key, or reversed.
    const lone = ["\\ud800", "x\\udfff", "\\udc00\\ud800"];
    for (const escape of lone) {
      const valued = JSON.stringify({ ...body, companyName: "@@" }).replace("@@", escape);
      const keyed = JSON.stringify({ ...body, "@@": 1 }).replace("@@", escape);
      for (const json of [valued, keyed]) {
        const response = await send("/api/v1/global/customers", {
          method: "POST",
          headers,
          body: json,
        });
        expect(response.status, json).toBe(400);
        const problem = await problemOf(response);
        expect(problem.code).toBe("invalid_encoding");
        expect(problem.title).toBe("Недопустимая кодировка текста");
        // The detail names this cause too, not only bytes that are not UTF-8.
        expect(problem.detail).toContain("одиночный суррогат");
      }
    }
    expect(await customersWithPrefix("global", body.domainPrefix)).toBe(0);
    // A pair written as escapes is one character, and an escaped backslash is no escape at all.
    const paired = JSON.stringify({ ...body, companyName: "@@" }).replace(
      "@@",
      "Emoji \\ud83d\\ude00",
    );
    const created = await send("/api/v1/global/customers", {
      method: "POST",
      headers,
      body: paired,
    });
    expect(created.status).toBe(201);
    expect((await created.json<CustomerCreated>()).customer.companyName).toBe("Emoji 😀");
    const notAnEscape = JSON.stringify({
      ...body,
      domainPrefix: `${body.domainPrefix}b`,
      companyName: "Path \\ud800",
    });
    const stored = await send("/api/v1/global/customers", {
      method: "POST",
      headers,
      body: notAnEscape,
    });
    expect(stored.status).toBe(201);
    expect((await stored.json<CustomerCreated>()).customer.companyName).toBe("Path \\ud800");
  });
});

describe("query strings are percent-encoded UTF-8", () => {
  it("answers a malformed escape or bytes that are not UTF-8 with a localized 400", async () => {
    const session = await partnerSession("global");
    const get = (query: string) =>
      send(`/api/v1/global/customers?${query}`, {
        headers: { Cookie: session.cookie, "Accept-Language": "fr-FR" },
      });
    for (const query of [
      "q=%zz",
      "q=100%",
      "q=%E0%A4",
      "q=%C0%AF",
      "q=%ED%A0%80",
      "limit=5&q%ZZ=1",
    ]) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe("invalid_encoding");
      expect(problem.detail).toContain("chaîne de requête");
    }
    const { customer } = await createCustomer(session, { companyName: "Café Über + Co" });
    for (const query of ["q=caf%C3%A9", "q=Caf%C3%A9+%C3%9Cber", "q=caf%C3%A9%20%C3%BCber%20%2B"]) {
      const response = await get(query);
      expect(response.status, query).toBe(200);
      const { items } = await response.json<{ items: { id: string }[] }>();
      expect(
        items.map((item) => item.id),
        query,
      ).toContain(customer.id);
    }
  });
});
