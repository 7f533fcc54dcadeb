/**
 * The audit log page: global admins only; the last 30 days first, actions in the reader's
 * language, a period of the reader's choosing (checked before it is sent), the CSV download.
 */
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { launch, newContext } from "./browser.ts";
import { signIn } from "./customers-helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("audit log page", () => {
  it("shows a global admin's activity in Russian, filters by period and downloads the CSV", async () => {
    const context = await newContext(browser, "ru-RU");
    const page = await context.newPage();
    await signIn(page, "global", "ru-ru", "admin@northwind.example", "/global/ru-ru/audit/");

    // Something to read: an invitation created and revoked just now, through the API.
    const created = await context.request.post("/api/v1/global/invitations", {
      data: { locale: "ru-RU" },
      headers: { "Accept-Language": "ru-RU" },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // A body-less write must show it comes from the portal's own pages, as a browser's does.
    const revoked = await context.request.delete(`/api/v1/global/invitations/${id}`, {
      headers: { "Sec-Fetch-Site": "same-origin" },
    });
    expect(revoked.status()).toBe(204);

    const filter = page.getByTestId("audit-filter");
    await filter.getByRole("button").click();
    const rows = page.getByTestId("audit-row").filter({ hasText: id });
    await expect.poll(() => rows.count()).toBe(2);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain("Приглашение отозвано");
    expect(texts[1]).toContain("Приглашение создано");
    expect(texts[1]).toContain("Nina Northwind");
    // The sign-in that opened this page is in the log too, named in Russian.
    const signIns = page.getByTestId("audit-row").filter({ hasText: "Вход в систему" });
    expect(await signIns.count()).toBeGreaterThan(0);
    expect(await signIns.first().textContent()).toContain("Nina Northwind");
    // "N entries shown", in the right Russian plural form.
    expect(await page.getByTestId("audit-status").textContent()).toMatch(
      /^Показан[аоы] \d+ запис(ь|и|ей)\.$/,
    );
    expect(await axeViolations(page)).toEqual([]);

    const download = page.waitForEvent("download");
    await page.getByTestId("audit-download").click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await file.path()) ?? "", "utf8");
    // Russian spreadsheets split on ";": the default separator here, every text field quoted.
    expect(csv.startsWith('\uFEFF"Дата и время (UTC)";"Код действия";"Действие";')).toBe(true);
    expect(csv).toContain(';"invitation.revoked";"Приглашение отозвано";');

    // A period long past: nothing in it.
    await filter.getByLabel("С", { exact: true }).fill("2025-01-01");
    await filter.getByLabel("По", { exact: true }).fill("2025-01-31");
    await filter.getByRole("button").click();
    await page.getByTestId("audit-empty").waitFor();
    expect(await page.getByTestId("audit-row").count()).toBe(0);
    await context.close();
  });

  it("says what is wrong with a period before asking the API", async () => {
    const context = await newContext(browser, "fr-FR");
    const page = await context.newPage();
    await signIn(page, "germany", "fr-fr", "admin@fabrikam.example", "/germany/fr-fr/audit/");
    await page.locator("caption").filter({ hasText: "Activité du" }).waitFor();
    const filter = page.getByTestId("audit-filter");
    const from = filter.getByLabel("Du", { exact: true });
    const to = filter.getByLabel("Au", { exact: true });

    await from.fill("2026-03-10");
    await to.fill("2026-03-01");
    await filter.getByRole("button").click();
    expect(await to.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#audit-to-error").textContent()).toBe(
      "La date de fin ne doit pas précéder la date de début.",
    );

    await from.fill("2025-01-01");
    await to.fill("2025-06-30");
    await filter.getByRole("button").click();
    expect(await page.locator("#audit-from-error").textContent()).toBe(
      "Choisissez une période de 90 jours au plus.",
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("audit-from");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("is only for global admins", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "global", "en", "helpdesk@fabrikam.example", "/global/en/audit/");
    const notice = page.getByTestId("forbidden-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Only global admins can see the audit log.");
    expect(await page.getByTestId("audit-table").isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
