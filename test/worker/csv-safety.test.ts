/**
 * SPEC §7: the CSV exports are spreadsheet-safe whatever separator a spreadsheet splits on —
 * every text field quoted, formula starts neutralised in every cell, `separator=comma|semicolon`
 * with a default by locale (fr-FR and ru-RU: semicolon).
 */
import { describe, expect, it } from "vitest";
import { call, problemOf } from "./helpers.ts";
import { createCustomer, customerBody, partnerSession } from "./customers-fixtures.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

/** Every piece a spreadsheet could make a cell of, splitting on `,` or on `;`. */
function cellsUnderEitherSeparator(line: string): string[] {
  return line.split(/[,;]/).map((piece) => piece.replace(/^"+/, ""));
}

async function exportOf(cookie: string, query: string, language?: string) {
  const response = await call(`/api/v1/global/customers/export.csv${query}`, {
    cookie,
    ...(language ? { language } : {}),
  });
  return { response, text: await response.text() };
}

describe("GET /customers/export.csv is spreadsheet-safe", () => {
  it("quotes every text field and neutralises formula starts in every cell, for both separators", async () => {
    const session = await partnerSession("global");
    await createCustomer(session, customerBody("global", { companyName: "Semi;=2+5;Corp" }));
    await createCustomer(session, customerBody("global", { companyName: "@SUM(1,2),=cmd" }));
    for (const separator of ["comma", "semicolon"]) {
      const { response, text } = await exportOf(session.cookie, `?separator=${separator}`);
      expect(response.status).toBe(200);
      const lines = text
        .replace(/^\uFEFF/, "")
        .split("\r\n")
        .filter(Boolean);
      expect(lines).toHaveLength(3);
      const sep = separator === "comma" ? "," : ";";
      for (const line of lines) {
        // Every field quoted: the line is "…"<sep>"…"<sep>… (empty cells stay empty).
        const fields = line.split(new RegExp(`${sep}(?=(?:[^"]*"[^"]*")*[^"]*$)`));
        for (const field of fields) expect(field, line).toMatch(/^(".*"|)$/s);
        for (const cell of cellsUnderEitherSeparator(line)) {
          expect(FORMULA_START.test(cell), `${separator}: ${cell} in ${line}`).toBe(false);
        }
      }
      const semi = lines.find((line) => line.includes("Semi"));
      expect(semi).toContain(`"Semi;'=2+5;Corp"`);
    }
  });

  it("defaults to a semicolon in French and Russian, a comma in English, and refuses others", async () => {
    const session = await partnerSession("global");
    await createCustomer(session);
    const header = async (language: string) =>
      (await exportOf(session.cookie, "", language)).text.replace(/^\uFEFF/, "").split("\r\n")[0];
    expect(await header("en")).toMatch(/^"[^"]+","/);
    expect(await header("fr-FR")).toMatch(/^"[^"]+";"/);
    expect(await header("ru-RU")).toMatch(/^"[^"]+";"/);
    const bad = await call("/api/v1/global/customers/export.csv?separator=tab", {
      cookie: session.cookie,
    });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors?.[0]?.path).toBe("separator");
  });
});

describe("GET /audit/export.csv is spreadsheet-safe", () => {
  it("quotes every text field and takes the separator choice", async () => {
    const session = await partnerSession("global");
    await createCustomer(session, customerBody("global", { companyName: "=HYPERLINK(1;2)" }));
    const response = await call("/api/v1/global/audit/export.csv?separator=semicolon", {
      cookie: session.cookie,
    });
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line.startsWith('"'), line).toBe(true);
      for (const cell of cellsUnderEitherSeparator(line)) {
        expect(FORMULA_START.test(cell), cell).toBe(false);
      }
    }
  });
});
