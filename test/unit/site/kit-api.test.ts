import { describe, expect, it } from "vitest";
import { api, call, callFile } from "../../../src/scripts/kit/api.ts";
import { Messages } from "../../../src/scripts/kit/messages.ts";

/** The messages a page root renders (only the dataset is read). */
const messages = new Messages({
  dataset: { msgNetwork: "The portal could not be reached." },
} as unknown as HTMLElement);

const problemJson = (status: number, body: object) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8" },
  });

describe("the typed client's addresses", () => {
  it("come from the Worker's routes, with the cloud and the ids as path parameters", () => {
    const id = "3f2c8c1e-7d3a-4b8e-9a51-0c1d2e3f4a5b";
    const param = { cloud: "germany", id };
    expect(api.customers[":id"].$path({ param })).toBe(`/api/v1/germany/customers/${id}`);
    expect(api.customers[":id"]["admin-password"].$path({ param })).toBe(
      `/api/v1/germany/customers/${id}/admin-password`,
    );
    expect(api.customers[":id"].relationship.$path({ param })).toBe(
      `/api/v1/germany/customers/${id}/relationship`,
    );
    expect(api.session.password.$path({ param: { cloud: "usgov" } })).toBe(
      "/api/v1/usgov/session/password",
    );
  });

  it("encode what the reader typed into the query", () => {
    const path = api.customers.$path({
      param: { cloud: "global" },
      query: { q: "Рога & Ко", limit: "20" },
    });
    expect(path).toBe(
      "/api/v1/global/customers?q=%D0%A0%D0%BE%D0%B3%D0%B0+%26+%D0%9A%D0%BE&limit=20",
    );
  });
});

describe("call", () => {
  it("answers the JSON body of a success, typed by its route", async () => {
    const answer = Response.json({ domain: "wingtip.onmicrosoft.com", available: false });
    const result = await call(Promise.resolve(answer as never), messages);
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      data: { domain: "wingtip.onmicrosoft.com", available: false },
    });
  });

  it("answers null for 204", async () => {
    const result = await call(Promise.resolve(new Response(null, { status: 204 }) as never));
    expect(result).toMatchObject({ ok: true, status: 204, data: null });
  });

  it("answers a problem+json refusal as its problem, headers kept", async () => {
    const problem = { title: "Conflict", status: 412, code: "precondition_failed" };
    const result = await call(Promise.resolve(problemJson(412, problem) as never), messages);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(412);
    expect(result.problem).toEqual(problem);
    expect(result.headers.get("Content-Type")).toContain("problem+json");
  });

  it("answers a refusal without a JSON body as an empty problem", async () => {
    const result = await call(
      Promise.resolve(new Response("Bad gateway", { status: 502 }) as never),
    );
    expect(result).toMatchObject({ ok: false, status: 502, problem: {} });
  });

  it("turns a network failure into status 0 and the page's message, never a throw", async () => {
    const result = await call(Promise.reject(new TypeError("Failed to fetch")), messages);
    expect(result).toMatchObject({
      ok: false,
      status: 0,
      problem: { title: "The portal could not be reached." },
    });
  });

  it("reads a download as a Blob, and a body that breaks off as a network failure", async () => {
    const file = await callFile(Promise.resolve(new Response("a;b\r\n1;2\r\n") as never), messages);
    expect(file.ok && (await file.data.text())).toBe("a;b\r\n1;2\r\n");

    const broken = new Response(
      new ReadableStream({
        start(controller) {
          controller.error(new TypeError("network error"));
        },
      }),
    );
    const failed = await callFile(Promise.resolve(broken as never), messages);
    expect(failed).toMatchObject({ ok: false, status: 0 });
  });
});
