import { describe, expect, it } from "vitest";
import { paths, queryString } from "../../../src/scripts/client.ts";

describe("the typed client's addresses", () => {
  it("leave empty filters out of the query", () => {
    expect(queryString({ q: "wing", relationship: undefined, cursor: "", limit: 20 })).toBe(
      "?q=wing&limit=20",
    );
    expect(queryString({})).toBe("");
  });

  it("encode what the reader typed", () => {
    expect(paths.customers({ q: "Рога & Ко" })).toBe(
      "/customers?q=%D0%A0%D0%BE%D0%B3%D0%B0+%26+%D0%9A%D0%BE",
    );
    expect(paths.domain("a/b")).toBe("/domains/a%2Fb");
  });

  it("spell every endpoint of a customer under its id", () => {
    const id = "3f2c8c1e-7d3a-4b8e-9a51-0c1d2e3f4a5b";
    expect(paths.customer(id)).toBe(`/customers/${id}`);
    expect(paths.adminPassword(id)).toBe(`/customers/${id}/admin-password`);
    expect(paths.relationship(id)).toBe(`/customers/${id}/relationship`);
    expect(paths.delegatedAdmin(id)).toBe(`/customers/${id}/delegated-admin`);
    expect(paths.customersCsv({ relationship: "direct" })).toBe(
      "/customers/export.csv?relationship=direct",
    );
    expect(paths.offers()).toBe("/offers");
  });
});
