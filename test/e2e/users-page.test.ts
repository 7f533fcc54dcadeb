/**
 * The users page: a global admin adds a sales agent (the temporary password shown once, with
 * copy) and a group with that user in it; the new user signs in with the password shown. Other
 * roles see why they cannot use the page. axe-clean at every step.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { launch, newContext, submitSignIn } from "./browser.ts";
import { signIn } from "./customers-helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("users page", () => {
  it("lets a global admin add a sales agent and a group with that member", async () => {
    const context = await newContext(browser, "fr-FR");
    const page = await context.newPage();
    await signIn(page, "usgov", "fr-fr", "admin@contoso.example", "/usgov/fr-fr/users/");
    const table = page.getByTestId("user-table");
    await table.getByText("admin@contoso.example").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const tag = crypto.randomUUID().slice(0, 8);
    const email = `vendeur-${tag}@contoso.example`;
    const form = page.getByTestId("add-user-form");
    // Checked before it is sent: a role is required.
    await form.getByLabel("Nom d’affichage").fill(`Valérie Vendeuse ${tag}`);
    await form.getByLabel("Adresse e-mail").fill(email);
    await page.getByTestId("add-user").click();
    expect(await page.locator("#add-user-roles-error").textContent()).toBe(
      "Choisissez au moins un rôle.",
    );
    await form.getByLabel("Agent commercial").check();
    await page.getByTestId("add-user").click();

    const result = page.getByTestId("add-result");
    await result.waitFor();
    const password = (await result.getByTestId("temporary-password").textContent()) ?? "";
    expect(password).toMatch(/^.{22}$/);
    expect(await result.textContent()).toContain("Ce mot de passe ne sera plus affiché.");
    const row = page.getByTestId("user-row").filter({ hasText: email });
    await row.waitFor();
    expect(await row.textContent()).toContain("Agent commercial");
    expect(await axeViolations(page)).toEqual([]);

    // A group, and the new user in it.
    const groupName = `Ventes ${tag}`;
    await page.getByTestId("add-group-form").getByLabel("Nom du groupe").fill(groupName);
    await page.getByTestId("add-group").click();
    const groupRow = page.getByTestId("group-row").filter({ hasText: groupName });
    await groupRow.waitFor();
    expect(await groupRow.textContent()).toContain("0 membre");
    await groupRow.getByRole("button", { name: "Membres" }).click();
    const panel = page.getByTestId("members-panel");
    await panel.getByRole("heading", { name: `Membres de ${groupName}` }).waitFor();
    // The search box narrows the choices to the users whose name or email starts with it.
    await panel.getByLabel("Rechercher un utilisateur").fill(email);
    await expect
      .poll(() => panel.locator('select[name="userId"] option').allTextContents())
      .toEqual(["Choisissez un utilisateur", `Valérie Vendeuse ${tag} (${email})`]);
    await panel
      .getByLabel("Utilisateur", { exact: true })
      .selectOption({ label: `Valérie Vendeuse ${tag} (${email})` });
    await page.getByTestId("add-member").click();
    await page.getByTestId("member-list").getByText(email).waitFor();
    await expect.poll(() => groupRow.textContent()).toContain("1 membre");
    expect(await page.getByTestId("groups-status").textContent()).toContain(
      "est maintenant membre",
    );
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    // The new sales agent signs in with the password shown and must choose their own.
    const newcomer = await newContext(browser, "fr-FR");
    const theirs = await newcomer.newPage();
    await theirs.goto("/usgov/fr-fr/sign-in/");
    await submitSignIn(theirs, email, password);
    await theirs.getByTestId("change-password-form").waitFor();
    await newcomer.close();
  });

  it("shows other roles why they cannot manage users", async () => {
    const context = await newContext(browser, "ru-RU");
    const page = await context.newPage();
    await signIn(page, "global", "ru-ru", "sales@contoso.example", "/global/ru-ru/users/");
    const notice = page.getByTestId("forbidden-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("только её глобальные администраторы");
    expect(await page.getByTestId("user-table").isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
