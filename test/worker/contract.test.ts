import { describe, expect, it } from "vitest";
import { checkedResponse } from "./contract.ts";
import { ORIGIN } from "./helpers.ts";

const listCustomers = { method: "GET", url: `${ORIGIN}/api/v1/global/customers?limit=5` };

function json(body: unknown, status: number, type = "application/json") {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

describe("the contract check", () => {
  it("passes a response the document describes, and leaves it unread", async () => {
    const response = json({ items: [], nextCursor: null }, 200);
    expect(await checkedResponse(listCustomers, response)).toBe(response);
    expect(response.bodyUsed).toBe(false);
  });

  it("refuses a status, a media type or a body the document does not list", async () => {
    await expect(checkedResponse(listCustomers, json({}, 418))).rejects.toThrow(
      /GET \/api\/v1\/global\/customers → 418 is not a status the document lists/,
    );
    await expect(
      checkedResponse(listCustomers, json({ items: [], nextCursor: null }, 200, "text/plain")),
    ).rejects.toThrow(/is text\/plain, not application\/json/);
    await expect(
      checkedResponse(listCustomers, json({ items: [{ id: 1 }], nextCursor: null }, 200)),
    ).rejects.toThrow(/body: .*items\/0/);
    await expect(
      checkedResponse({ method: "DELETE", url: `${ORIGIN}/api/v1/global/session` }, json({}, 200)),
    ).rejects.toThrow(/DELETE \/api\/v1\/global\/session → 200 is not a status/);
  });
});
