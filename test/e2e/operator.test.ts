/**
 * The operator console in usgov, in French: the cloud's first operator (created by
 * `operator:add` in global-setup.ts) signs in with the temporary password it printed, changes
 * it and lands in the console; onboards a partner; that partner's admin signs in with the
 * temporary password shown once, changes it and adds a sales agent on the users page; the
 * operator suspends the partner and the admin's session ends. axe-core on every page of the console.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, newContext, submitSignIn } from "./browser.ts";
import { expectAccessible } from "./customers-helpers.ts";

const OPERATOR_PASSWORD = "Console!Usgov2026";
const ADMIN_PASSWORD = "Partner!Admin2026";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Changes the temporary password on the sign-in page's second step. */
async function changePassword(page: Page, password: string): Promise<void> {
  const change = page.getByTestId("change-password-form");
  await change.waitFor();
  await change.locator('input[name="newPassword"]').fill(password);
  await change.locator('input[name="confirmPassword"]').fill(password);
  await change.locator('button[type="submit"]').click();
}

describe("operator console", () => {
  it("bootstraps the operator, onboards a partner whose admin signs in, suspends it", async () => {
    const operator = inject("operator");
    const tag = crypto.randomUUID().slice(0, 8);
    const domain = `partenaire-${tag}.example`;
    const partnerName = `Partenaire ${tag}`;

    // 1. The operator signs in with the printed temporary password and must change it.
    const context = await newContext(browser, "fr-FR");
    const page = await context.newPage();
    await page.goto("/usgov/fr-fr/sign-in/");
    await submitSignIn(page, operator.email, operator.temporaryPassword);
    await changePassword(page, OPERATOR_PASSWORD);
    // An operator goes to the console, not to the partner home.
    await page.waitForURL("**/usgov/fr-fr/operator/");
    await page.getByTestId("partner-row").first().waitFor();
    expect(await page.locator("h1").textContent()).toBe("Partenaires");
    await expectAccessible(page, "partners");

    // Search: the demo partners of usgov, by a name prefix in any case.
    await page.locator("#partners-q").fill("northw");
    await page.getByTestId("partner-search").getByRole("button").click();
    await expect
      .poll(() => page.getByTestId("partner-row").allTextContents())
      .toEqual([expect.stringContaining("Northwind Distribution")]);

    // 2. Onboards a partner; the admin's temporary password is shown once, with a copy button.
    await page.getByTestId("onboard-link").click();
    await page.waitForURL("**/usgov/fr-fr/operator/onboard/");
    const form = page.getByTestId("onboard-form");
    await form.waitFor();
    await expectAccessible(page, "onboard form");
    // Refused first: an admin outside the partner's domain, said next to the field, in French.
    await form.locator('input[name="name"]').fill(partnerName);
    await form.locator('select[name="type"]').selectOption("indirect_reseller");
    await form.locator('input[name="emailDomain"]').fill(domain);
    await form.locator('input[name="admin.name"]').fill("Amélie Admin");
    await form.locator('input[name="admin.email"]').fill(`amelie@ailleurs-${tag}.example`);
    await page.getByTestId("onboard-submit").click();
    const fieldError = form.locator('[data-error-for="admin.email"]');
    await expect.poll(() => fieldError.textContent()).toContain(domain);
    await expectAccessible(page, "onboard refused");
    await form.locator('input[name="admin.email"]').fill(`amelie@${domain}`);
    await page.getByTestId("onboard-submit").click();
    const done = page.getByTestId("onboarded");
    await done.waitFor();
    expect(await page.getByTestId("admin-upn").textContent()).toBe(`amelie@${domain}`);
    const temporaryPassword = (await page.getByTestId("temporary-password").textContent()) ?? "";
    expect(temporaryPassword).toHaveLength(22);
    expect(await page.getByTestId("copy-password").isVisible()).toBe(true);
    await expectAccessible(page, "onboarded");

    // 3. The partner's page: facts and counts, its links section (an indirect reseller).
    await page.getByTestId("onboarded-detail").click();
    await page.waitForURL("**/usgov/fr-fr/operator/partner/?id=*");
    const facts = page.getByTestId("partner-facts");
    await expect.poll(() => facts.textContent()).toContain(partnerName);
    expect(await facts.textContent()).toContain("Revendeur indirect");
    await page.getByTestId("links-table").waitFor();
    await expectAccessible(page, "partner");
    // Links it to the demo provider.
    const link = page.getByTestId("link-form");
    await link.getByLabel("Rechercher un partenaire").fill("north");
    await expect
      .poll(() => link.locator("select option").allTextContents())
      .toEqual(["Northwind Distribution"]);
    await link.locator("select").selectOption({ label: "Northwind Distribution" });
    await link.getByRole("button").click();
    await expect
      .poll(() => page.getByTestId("link-row").allTextContents())
      .toEqual([expect.stringContaining("Northwind Distribution")]);

    // 4. The admin signs in with the temporary password, changes it, and reaches the partner home.
    const adminContext = await newContext(browser, "fr-FR");
    const admin = await adminContext.newPage();
    await admin.goto("/usgov/fr-fr/sign-in/");
    await submitSignIn(admin, `amelie@${domain}`, temporaryPassword);
    await changePassword(admin, ADMIN_PASSWORD);
    await admin.waitForURL("**/usgov/fr-fr/");
    await admin.getByTestId("session-user").waitFor();
    expect(await admin.getByTestId("session-user").textContent()).toBe("Amélie Admin");
    expect(await admin.getByTestId("operator-entry").isVisible()).toBe(false);
    expect(await admin.getByTestId("task-card-customers").isVisible()).toBe(true);
    // The console is not the partner's: the forbidden notice.
    await admin.goto("/usgov/fr-fr/operator/");
    await admin.getByTestId("forbidden-notice").waitFor();
    await expectAccessible(admin, "console refused to a partner");
    const customers = await adminContext.request.get("/api/v1/usgov/customers");
    expect(customers.status()).toBe(200);
    // The new admin adds a colleague: a sales agent, in the partner's own domain.
    await admin.goto("/usgov/fr-fr/users/");
    await admin.getByTestId("user-table").getByText(`amelie@${domain}`).waitFor();
    const sales = `vente@${domain}`;
    const addUser = admin.getByTestId("add-user-form");
    await addUser.getByLabel("Nom d’affichage").fill("Victor Vente");
    await addUser.getByLabel("Adresse e-mail").fill(sales);
    await addUser.getByLabel("Agent commercial").check();
    await admin.getByTestId("add-user").click();
    const added = admin.getByTestId("add-result");
    await added.waitFor();
    const salesPassword = (await added.getByTestId("temporary-password").textContent()) ?? "";
    expect(salesPassword).toHaveLength(22);
    const salesRow = admin.getByTestId("user-row").filter({ hasText: sales });
    await salesRow.waitFor();
    expect(await salesRow.textContent()).toContain("Agent commercial");
    await expectAccessible(admin, "users page");
    // The sales agent signs in with the password shown and must choose their own.
    const salesContext = await newContext(browser, "fr-FR");
    const salesPage = await salesContext.newPage();
    await salesPage.goto("/usgov/fr-fr/sign-in/");
    await submitSignIn(salesPage, sales, salesPassword);
    await salesPage.getByTestId("change-password-form").waitFor();
    await salesContext.close();

    // 5. The audit trail shows the onboarding, filtered to the partner.
    await page
      .getByRole("link", { name: "Voir les enregistrements d’audit de ce partenaire" })
      .click();
    await page.waitForURL("**/usgov/fr-fr/operator/audit/?partnerId=*");
    const rows = page.getByTestId("audit-row");
    await expect
      .poll(() => rows.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining("Partenaire intégré"),
          expect.stringContaining("Revendeur indirect lié à un fournisseur"),
        ]),
      );
    await expectAccessible(page, "audit trail");
    const download = page.waitForEvent("download");
    await page.getByTestId("audit-download").click();
    expect((await download).suggestedFilename()).toMatch(/^audit-.*\.csv$/);

    // 6. Suspends the partner: the admin's session ends at once.
    await page.goBack();
    await page.waitForURL("**/usgov/fr-fr/operator/partner/?id=*");
    const status = page.getByTestId("status-button");
    await expect.poll(() => status.textContent()).toBe("Suspendre le partenaire");
    await status.click();
    await expect.poll(() => status.textContent()).toBe("Réactiver le partenaire");
    expect(await facts.textContent()).toContain("Suspendu");
    expect((await adminContext.request.get("/api/v1/usgov/customers")).status()).toBe(401);

    // 7. The operator's home shows the console's entry, not the partner task cards.
    await page.goto("/usgov/fr-fr/");
    await page.getByTestId("operator-entry").waitFor();
    expect(await page.getByTestId("task-card-customers").isVisible()).toBe(false);
    await expectAccessible(page, "operator home");
    await adminContext.close();
    await context.close();
  });
});
