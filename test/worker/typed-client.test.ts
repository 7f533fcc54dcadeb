import { exports } from "cloudflare:workers";
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { CustomerList, CustomerListQuery } from "../../src/domain/schemas/customer.ts";
import type { Problem } from "../../src/domain/schemas/problem.ts";
import type { SessionUser } from "../../src/domain/schemas/session.ts";
import type { AppType } from "../../worker/app.ts";
import { checkedResponse } from "./contract.ts";
import { ORIGIN } from "./helpers.ts";
import { createCustomer, partnerSession } from "./customers-fixtures.ts";

/** The browser's client, talking to the Worker under test (and checked against the document). */
function client(cookie?: string) {
  return hc<AppType>(ORIGIN, {
    headers: { "Sec-Fetch-Site": "same-origin", ...(cookie ? { Cookie: cookie } : {}) },
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      return checkedResponse(request, await exports.default.fetch(request.clone()));
    },
  });
}

type Customers = ReturnType<typeof client>["api"]["v1"][":cloud"]["customers"];

describe("AppType", () => {
  it("gives hc<AppType> each route's request and response types", () => {
    expectTypeOf<InferResponseType<Customers["$get"], 200>>().toEqualTypeOf<CustomerList>();
    expectTypeOf<InferResponseType<Customers["$get"], 401>>().toEqualTypeOf<Problem>();
    expectTypeOf<InferRequestType<Customers["$get"]>["query"]>().toEqualTypeOf<{
      q?: string | undefined;
      relationship?: CustomerListQuery["relationship"];
      indirectReseller?: string | undefined;
      cursor?: string | undefined;
      limit?: string | undefined;
    }>();
    type SignIn = ReturnType<typeof client>["api"]["v1"][":cloud"]["session"]["$post"];
    expectTypeOf<InferRequestType<SignIn>["json"]>().toEqualTypeOf<{
      username: string;
      password: string;
    }>();
    expectTypeOf<InferResponseType<SignIn, 200>>().toEqualTypeOf<SessionUser>();
  });

  it("reaches the running app with those types", async () => {
    const session = await partnerSession("global");
    const { customer } = await createCustomer(session);
    const response = await client(session.cookie).api.v1[":cloud"].customers.$get({
      param: { cloud: "global" },
      query: { q: customer.companyName, limit: "200" },
    });
    expect(response.status).toBe(200);
    if (response.status !== 200) return;
    const page = await response.json();
    expect(page.items.map((item) => item.id)).toContain(customer.id);

    const anonymous = await client().api.v1[":cloud"].customers.$get({
      param: { cloud: "global" },
      query: {},
    });
    expect(anonymous.status).toBe(401);
    if (anonymous.status === 401) expect((await anonymous.json()).code).toBe("unauthorized");
  });
});
