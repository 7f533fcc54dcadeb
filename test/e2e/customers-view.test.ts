import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerList } from "../../src/domain/schemas/customer.ts";
import { launch } from "./browser.ts";
import {
  createCustomer,
  expectAccessible,
  newCustomerBody,
  pageAs,
  signedIn,
  type SignedIn,
} from "./customers-helpers.ts";

/**
 * The customer page in French on the global cloud, as an admin agent, on customers each test
 * creates for itself (the demo customers stay as they are for other tests): an edit conflict,
 * the admin password reset, revoking delegated admin privileges and removing the relationship.
 * Each test has its own page; only the agent's session is shared.
 */
let browser: Browser;
let agent: SignedIn;

beforeAll(async () => {
  browser = await launch();
  agent = await signedIn(browser, "global", "agent@contoso.example");
});

afterAll(async () => {
  await browser?.close();
});

/**
 * A customer of its own, `name` with domain `prefix`, open on the customer page (in French)
 * of a page of its own.
 */
async function openNewCustomer(name: string, prefix: string) {
  const { page, context } = await pageAs(browser, agent, "fr-FR", "/global/fr-fr/");
  const body = newCustomerBody("global", name, prefix);
  const { customer } = await createCustomer(context, "global", body);
  await page.goto(`/global/fr-fr/customers/view/?id=${customer.id}`);
  await page.getByTestId("customer-details").waitFor();
  return { page, context, customer };
}

describe("customer page (global, fr-FR)", () => {
  it("says that someone else changed the customer, and reloads it", async () => {
    const { page, context, customer } = await openNewCustomer(
      "Fromagerie Conflit",
      "fromageconflit",
    );
    expect(await page.locator("h1").textContent()).toBe("Fromagerie Conflit");
    await expectAccessible(page, "customer page");

    await page.getByTestId("edit-customer").click();
    const form = page.getByTestId("edit-form");
    await form.locator('[name="companyName"]').fill("Fromagerie du Coin");
    expect(await form.locator('[name="address.country"]').isDisabled()).toBe(true);
    await expectAccessible(page, "edit form");

    // Meanwhile, a colleague changes the city.
    const current = await context.request.get(`/api/v1/global/customers/${customer.id}`);
    const changed = await context.request.patch(`/api/v1/global/customers/${customer.id}`, {
      headers: { "If-Match": current.headers()["etag"] ?? "" },
      data: { address: { ...customer.address, city: "Hambourg" } },
    });
    expect(changed.status()).toBe(200);

    await page.getByTestId("save-customer").click();
    const conflict = page.getByTestId("edit-conflict");
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("Quelqu’un d’autre a modifié ce client");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe(
      "edit-conflict",
    );
    await expectAccessible(page, "edit conflict");

    await page.getByTestId("reload-customer").click();
    await expect.poll(() => conflict.isHidden()).toBe(true);
    expect(await form.locator('[name="address.city"]').inputValue()).toBe("Hambourg");
    expect(await form.locator('[name="companyName"]').inputValue()).toBe("Fromagerie Conflit");
    await form.locator('[name="companyName"]').fill("Fromagerie du Coin");
    await page.getByTestId("save-customer").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Fromagerie du Coin");
    expect(await page.getByTestId("action-status").textContent()).toBe(
      "Vos modifications ont été enregistrées.",
    );
    expect(await page.getByTestId("customer-details").textContent()).toContain("Hambourg");
  });

  it("shows the API's French errors next to the edited fields", async () => {
    const { page } = await openNewCustomer("Boulangerie Erreur", "boulangerieerreur");
    await page.getByTestId("edit-customer").click();
    const form = page.getByTestId("edit-form");
    await form.locator('[name="primaryContact.email"]').fill("quelquun@contoso.example");
    await page.getByTestId("save-customer").click();
    await expect
      .poll(() => form.locator('[data-error-for="primaryContact.email"]').textContent())
      .toBe(
        "Saisissez l’adresse e-mail du client, pas une adresse du domaine de votre organisation.",
      );
    await expectAccessible(page, "edit form with an API error");
  });

  it("resets the admin password and shows the new one once", async () => {
    const { page } = await openNewCustomer("Crêperie Motdepasse", "creperiemdp");
    await page.getByTestId("reset-password").click();
    const dialog = page.getByTestId("reset-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("admin@creperiemdp.onmicrosoft.com");
    await expectAccessible(page, "reset dialog");
    await page.getByTestId("confirm-reset").click();
    const result = page.getByTestId("reset-result");
    await result.waitFor();
    expect(await dialog.isVisible()).toBe(false);
    expect(
      ((await result.getByTestId("temporary-password").textContent()) ?? "").length,
    ).toBeGreaterThanOrEqual(12);
    expect(await result.textContent()).toContain("Ce mot de passe ne sera plus affiché.");
    await expectAccessible(page, "new password");
  });

  it("revokes delegated admin privileges on their own", async () => {
    const { page, customer } = await openNewCustomer("Épicerie Privilèges", "epicerieprivileges");
    expect(await page.getByTestId("dap-state").textContent()).toBe("Actifs");
    await page.getByTestId("revoke-dap").click();
    await page.getByTestId("revoke-dialog").waitFor();
    await expectAccessible(page, "revoke dialog");
    await page.getByTestId("confirm-revoke").click();
    await expect.poll(() => page.getByTestId("dap-state").textContent()).toBe("Non détenus");
    expect(await page.getByTestId("revoke-dap").isHidden()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByTestId("dap-state").textContent()).toBe("Non détenus");

    // Another language keeps the reader on this customer; another cloud leads to its list.
    const cloudLink = page.getByTestId("cloud-switcher").locator('a[href^="/usgov/"]');
    expect(await cloudLink.getAttribute("href")).toBe("/usgov/fr-fr/customers/");
    await page.getByTestId("language-switcher").locator('a[hreflang="ru-RU"]').click();
    await page.waitForURL(`**/global/ru-ru/customers/view/?id=${customer.id}`);
    await expect.poll(() => page.getByTestId("dap-state").textContent()).toBe("Отсутствуют");
  });

  it("removes the relationship behind the legal notice; the customer leaves the list", async () => {
    const { page, context } = await pageAs(browser, agent, "fr-FR", "/global/fr-fr/");
    const { customer } = await createCustomer(
      context,
      "global",
      newCustomerBody("global", "Librairie Au Revoir", "librairieaurevoir"),
    );
    await page.goto("/global/fr-fr/customers/?q=Librairie");
    await page
      .getByTestId("customer-table")
      .getByRole("link", { name: "Librairie Au Revoir" })
      .click();
    await page.getByTestId("customer-details").waitFor();

    await page.getByTestId("remove-relationship").click();
    const dialog = page.getByTestId("remove-dialog");
    await dialog.waitFor();
    expect(await dialog.getByTestId("legal-notice").textContent()).toContain("Avis juridique");
    expect(await dialog.getByTestId("dap-note").textContent()).toContain(
      "Les privilèges d’administration délégués ne sont pas modifiés.",
    );
    // Focus is in the dialog.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")))).toBe(
      true,
    );
    await expectAccessible(page, "remove dialog");

    await dialog.getByTestId("confirm-remove").click();
    expect(await dialog.locator('[data-error-for="acknowledgeLegalNotice"]').textContent()).toBe(
      "Cochez la case pour confirmer que vous avez lu l’avis juridique.",
    );
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByTestId("acknowledge").check();
    await dialog.getByTestId("confirm-remove").click();
    const removed = page.getByTestId("relationship-removed");
    await removed.waitFor();
    const text = await removed.textContent();
    expect(text).toContain("Votre relation avec Librairie Au Revoir a pris fin.");
    expect(text).toContain("1 abonnement a été suspendu.");
    expect(text).toContain("votre organisation les détient toujours");
    await expectAccessible(page, "relationship removed");

    const list = await context.request.get("/api/v1/global/customers?q=Librairie");
    expect(((await list.json()) as CustomerList).items).toEqual([]);
    await page.goto("/global/fr-fr/customers/?q=Librairie");
    await page.getByTestId("no-match").waitFor();
    await expectAccessible(page, "list without matches");
    await page.goto(`/global/fr-fr/customers/view/?id=${customer.id}`);
    await page.getByTestId("customer-missing").waitFor();
  });
});

describe("customer page in china", () => {
  it("has no relationship removal or privilege revocation at all", async () => {
    const { context } = await pageAs(browser, agent, "en-US", "/china/en/");
    const response = await context.request.get("/china/en/customers/view/");
    const html = await response.text();
    expect(html).not.toContain('data-testid="remove-relationship"');
    expect(html).not.toContain('data-testid="revoke-dap"');
    expect(html).not.toContain("remove-dialog");
    expect(html).toContain('data-testid="reset-password"');
  });
});
