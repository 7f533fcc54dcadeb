/**
 * The API keys page: a global admin creates a key with some of their permissions, sees it once
 * (copy button, then gone), the key works against the API, and revoking it (after a
 * confirmation) ends it at once; only global admins reach the page; axe-clean throughout.
 */
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

describe("API keys page", () => {
  it("lets a global admin create a key in French, see it once, use it and revoke it", async () => {
    const context = await newContext(browser, "fr-FR");
    const page = await context.newPage();
    await signIn(page, "usgov", "fr-fr", "admin@contoso.example", "/usgov/fr-fr/api-keys/");
    const form = page.getByTestId("api-key-form");
    await form.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Nothing chosen: said at the fields, nothing sent.
    await page.getByTestId("create-api-key").click();
    expect(await page.locator("#api-key-name-error").textContent()).not.toBe("");
    expect(await page.locator("#api-key-permissions-error").textContent()).toBe(
      "Choisissez au moins une autorisation.",
    );

    const name = `Intégration ${crypto.randomUUID().slice(0, 8)}`;
    await form.getByLabel("Nom", { exact: true }).fill(name);
    await form.getByLabel("Consulter et exporter les clients").check();
    await form.getByLabel("Créer des clients").check();
    await form.getByLabel("Expire après").selectOption("30");
    await page.getByTestId("create-api-key").click();

    const shown = page.getByTestId("api-key-secret");
    await shown.waitFor();
    const secret = (await shown.textContent()) ?? "";
    expect(secret).toMatch(/^pk_usgov_[\w-]{110}$/);
    expect(await page.getByTestId("api-key-secret-block").textContent()).toContain(
      "La clé n’est affichée qu’une seule fois.",
    );
    expect(await axeViolations(page)).toEqual([]);

    // The key works, as automation would send it (no cookie).
    const api = await newContext(browser);
    const read = await api.request.get("/api/v1/usgov/customers", {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(read.status()).toBe(200);

    // Stored: the key leaves the page for good.
    await page.getByTestId("api-key-stored").click();
    expect(await page.getByTestId("api-key-secret-block").isVisible()).toBe(false);
    expect(await page.content()).not.toContain(secret);

    // The list: the new key, active; revoked after a confirmation.
    await page.reload();
    const row = page.getByTestId("api-key-row").filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain("Active");
    expect(await row.textContent()).toContain("Créer des clients");
    await row.getByTestId("revoke-api-key").click();
    const dialog = page.getByTestId("api-key-revoke-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Révoquer la clé « ${name} » ?`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId("confirm-revoke-api-key").click();
    await expect.poll(() => row.textContent()).toContain("Révoquée");
    expect(await page.getByTestId("api-key-status").textContent()).toBe(
      `La clé « ${name} » est révoquée.`,
    );
    expect(await row.getByTestId("revoke-api-key").isVisible()).toBe(false);
    const refused = await api.request.get("/api/v1/usgov/customers", {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(refused.status()).toBe(401);
    expect(await axeViolations(page)).toEqual([]);
    await api.close();
    await context.close();
  });

  it("counts the keys in Russian and is only for global admins", async () => {
    const context = await newContext(browser, "ru-RU");
    const page = await context.newPage();
    await signIn(page, "germany", "ru-ru", "admin@northwind.example", "/germany/ru-ru/api-keys/");
    await page.getByTestId("api-key-form").waitFor();
    const created = await context.request.post("/api/v1/germany/api-keys", {
      data: { name: "Отчеты", permissions: ["customers.read"], expiresInDays: 7 },
    });
    expect(created.status()).toBe(201);
    await page.reload();
    await page.getByTestId("api-key-row").first().waitFor();
    expect(await page.getByTestId("api-key-status").textContent()).toMatch(
      /^Показан[оы]? \d+ ключ(а|ей)?\.$/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    const agent = await newContext(browser);
    const agentPage = await agent.newPage();
    await signIn(agentPage, "global", "en", "agent@contoso.example", "/global/en/api-keys/");
    const notice = agentPage.getByTestId("forbidden-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Only global admins can manage API keys.");
    expect(await agentPage.getByTestId("api-key-form").isVisible()).toBe(false);
    expect(await axeViolations(agentPage)).toEqual([]);
    await agent.close();
  });
});
