import SwaggerParser from "@apidevtools/swagger-parser";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The Worker's OpenAPI document, checked by a standard validator. It runs in Node (the validator
 * reads the OpenAPI schemas from disk); the document is the one the Worker serves, generated from
 * its routes at `/api/v1/openapi.json` — no binding is needed to produce it.
 */
async function servedDocument(): Promise<Record<string, unknown>> {
  // Loaded by path: the Worker's sources are type-checked by their own project (worker/).
  const app = "../../worker/app.ts";
  const { createApp } = (await import(app)) as {
    createApp: () => { request: (path: string) => Promise<Response> };
  };
  const response = await createApp().request("/api/v1/openapi.json");
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

interface Document {
  paths: Record<string, Record<string, { parameters: { $ref?: string }[]; responses: object }>>;
}

describe("the API's OpenAPI document", () => {
  let document: Document;
  // The first import builds the whole Worker app, slow on a loaded machine.
  beforeAll(async () => {
    document = (await servedDocument()) as unknown as Document;
  }, 60_000);

  it("is a valid OpenAPI 3.1 document, every $ref resolved", async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect(api).toMatchObject({ openapi: "3.1.0", info: { title: "Partner Portal API" } });
  }, 30_000);

  it("documents every per-cloud operation with the cloud parameter and its problems", () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBe(67);
    for (const { path, operation } of operations.filter((o) => o.path.includes("{cloud}"))) {
      expect(operation.parameters, path).toContainEqual({
        $ref: "#/components/parameters/cloud",
      });
      expect(Object.keys(operation.responses), path).toEqual(
        expect.arrayContaining(["404", "308"]),
      );
    }
  });
});
