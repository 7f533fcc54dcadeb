import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newContext } from "./browser.ts";
import {
  createCustomer,
  expectAccessible,
  newCustomerBody,
  pageAs,
  signedIn,
  type SignedIn,
} from "./customers-helpers.ts";

/**
 * Granular delegated admin in Russian on the global cloud: Contoso requests two roles for a
 * customer of its own (its legacy delegated admin privileges revoked), the customer's admin
 * approves in Russian, Contoso assigns the roles to its support group, a member of the group
 * resets the customer admin's password, and an admin agent outside the group is refused with
 * the localized message. In French, Contoso replaces a new customer's legacy delegated admin
 * privileges with a granular request from the "replace with granular" page, whose report gives
 * the approval link and the email draft. Every page passes axe.
 */
let browser: Browser;
let admin: SignedIn;

beforeAll(async () => {
  browser = await launch();
  admin = await signedIn(browser, "global", "admin@contoso.example");
});

afterAll(async () => {
  await browser?.close();
});

/** A context signed in as a customer's admin whose temporary password it changes first. */
async function customerAdmin(username: string, temporaryPassword: string): Promise<BrowserContext> {
  const context = await newContext(browser, "ru-RU");
  const api = context.request;
  const newPassword = "Approval!2026Ok";
  expect(
    (
      await api.post("/api/v1/global/session", { data: { username, password: temporaryPassword } })
    ).status(),
  ).toBe(200);
  const changed = await api.post("/api/v1/global/session/password", {
    data: { currentPassword: temporaryPassword, newPassword },
  });
  expect(changed.status(), await changed.text()).toBe(204);
  // A password change ends the sessions: sign in with the new one.
  expect(
    (
      await api.post("/api/v1/global/session", { data: { username, password: newPassword } })
    ).status(),
  ).toBe(200);
  return context;
}

describe("admin relationships (global, ru-RU)", () => {
  it("requests, approves, assigns to a group, and lets only the group's members act", async () => {
    const { page, context } = await pageAs(browser, admin, "ru-RU", "/global/ru-ru/");
    const prefix = `gdap${Date.now().toString(36)}`;
    const { customer, adminAccount } = await createCustomer(
      context,
      "global",
      newCustomerBody("global", "Гранулярные Права", prefix),
    );
    const revoked = await context.request.delete(
      `/api/v1/global/customers/${customer.id}/delegated-admin`,
      // A body-less write says it is same-origin, as the portal's pages do.
      { headers: { "Sec-Fetch-Site": "same-origin" } },
    );
    expect(revoked.status()).toBe(204);

    await page.goto("/global/ru-ru/admin-relationships/");
    const form = page.getByTestId("create-admin-relationship");
    await form.waitFor();
    await expect.poll(() => form.locator(`option[value="${customer.id}"]`).count()).toBe(1);
    await expectAccessible(page, "admin relationships page");
    await form.locator('[name="displayName"]').fill("Поддержка пользователей");
    // The search box narrows the customers to those whose name (or domain) starts with it.
    const choices = form.locator('[name="customerId"] option:not([value=""])');
    expect(await choices.count()).toBeGreaterThan(1);
    await form.getByLabel("Найти клиента").fill("гранулярные");
    await expect
      .poll(() => choices.evaluateAll((all) => all.map((o) => o.textContent)))
      .toEqual([`Гранулярные Права (${customer.domain})`]);
    await form.getByLabel("Найти клиента").fill("нет такого клиента");
    await expect
      .poll(() => form.locator('[name="customerId"] option[disabled]').textContent())
      .toBe("Ничего не найдено");
    await form.getByLabel("Найти клиента").fill(prefix);
    await expect.poll(() => choices.count()).toBe(1);
    await form.locator('[name="customerId"]').selectOption(customer.id);
    await form.getByLabel("Администратор пользователей").check();
    await form.getByLabel("Читатели каталогов").check();
    await form.getByLabel("Глобальный администратор").check();
    expect(await page.getByTestId("global-admin-warning").isVisible()).toBe(true);
    await form.getByLabel("Глобальный администратор").uncheck();
    expect(await page.getByTestId("global-admin-warning").isVisible()).toBe(false);
    await page.getByTestId("submit-admin-relationship").click();
    const created = page.getByTestId("admin-relationship-created");
    await created.waitFor();
    const url = (await page.getByTestId("approval-link").getAttribute("href")) ?? "";
    expect(url).toMatch(/\/global\/ru-ru\/admin-relationships\/approve\/#[\w-]{43}$/);
    expect(await created.textContent()).toContain("запрашивает роли администратора");
    await expectAccessible(page, "request created");

    // The customer's admin answers in Russian.
    const customerContext = await customerAdmin(
      adminAccount.userPrincipalName,
      adminAccount.temporaryPassword ?? "",
    );
    try {
      const approval = await customerContext.newPage();
      await approval.goto(new URL(url).pathname + new URL(url).hash);
      const request = approval.getByTestId("approve-request");
      await request.waitFor();
      const text = (await request.textContent()) ?? "";
      expect(text).toContain("Администратор пользователей");
      expect(text).toContain("Создает пользователей и группы");
      expect(text).toContain("Читатели каталогов");
      expect(approval.url()).not.toContain("#");
      await expectAccessible(approval, "approval page");
      await approval.getByTestId("approve").click();
      const approved = approval.getByTestId("approve-approved");
      await approved.waitFor();
      expect(await approved.textContent()).toContain("Вы одобрили запрос");
      await expectAccessible(approval, "approved");
    } finally {
      await customerContext.close();
    }

    // Contoso gives both roles to its support group.
    await page.goto("/global/ru-ru/admin-relationships/");
    await page.getByRole("link", { name: "Поддержка пользователей" }).first().click();
    await page.getByTestId("admin-relationship-details").waitFor();
    await expect.poll(() => page.getByTestId("relationship-state").textContent()).toBe("Действует");
    const assign = page.getByTestId("assign-form");
    await assign.waitFor();
    await assign.getByTestId("assign-group").selectOption({ label: "Поддержка клиентов" });
    await assign.getByLabel("Администратор пользователей").check();
    await assign.getByLabel("Читатели каталогов").check();
    await page.getByTestId("assign-roles").click();
    await page.getByTestId("assignment-row").waitFor();
    expect(await page.getByTestId("assignment-table").textContent()).toContain(
      "Поддержка клиентов",
    );
    const timeline = (await page.getByTestId("timeline").textContent()) ?? "";
    expect(timeline).toContain("Роли назначены группе");
    // Each entry names who made it: here the customer's admin who approved.
    expect(timeline).toContain("кто: Гранулярные Права");
    await expectAccessible(page, "relationship page");

    // A member of the group resets the customer admin's password.
    const member = await signedIn(browser, "global", "agent@contoso.example");
    const memberPage = (
      await pageAs(browser, member, "ru-RU", `/global/ru-ru/customers/view/?id=${customer.id}`)
    ).page;
    await memberPage.getByTestId("reset-password").click();
    await memberPage.getByTestId("confirm-reset").click();
    await memberPage.getByTestId("reset-result").waitFor();
    expect(
      ((await memberPage.getByTestId("temporary-password").textContent()) ?? "").length,
    ).toBeGreaterThanOrEqual(12);

    // An admin agent outside the group is refused, in Russian, naming the role.
    const outsider = await signedIn(browser, "global", "outsider@contoso.example");
    const outsiderPage = (
      await pageAs(browser, outsider, "ru-RU", `/global/ru-ru/customers/view/?id=${customer.id}`)
    ).page;
    await outsiderPage.getByTestId("reset-password").click();
    await outsiderPage.getByTestId("confirm-reset").click();
    await expect
      .poll(() => outsiderPage.getByTestId("reset-dialog").textContent())
      .toContain("Требуется роль администратора");
    expect(await outsiderPage.getByTestId("reset-dialog").textContent()).toContain(
      "«Администратор пользователей»",
    );
    await expectAccessible(outsiderPage, "refused reset");
  });

  it("replaces legacy delegated admin with granular requests, each with its link and draft", async () => {
    const { page, context } = await pageAs(browser, admin, "fr-FR", "/global/fr-fr/");
    const prefix = `repl${Date.now().toString(36)}`;
    await createCustomer(
      context,
      "global",
      newCustomerBody("global", "Remplacement Granulaire", prefix),
    );
    await page.goto("/global/fr-fr/admin-relationships/");
    await page.getByTestId("replace-dap-link").click();
    await page.waitForURL("**/global/fr-fr/admin-relationships/replace/");
    const table = page.getByTestId("legacy-customer-table");
    await table.waitFor();
    // Oldest grant first: the new customer may be on a later page.
    const box = page.getByRole("checkbox", { name: "Sélectionner Remplacement Granulaire" });
    await expect
      .poll(async () => {
        if ((await box.count()) > 0) return true;
        const more = page.locator("[data-more]");
        if (await more.isVisible()) await more.click();
        return false;
      })
      .toBe(true);
    await expectAccessible(page, "replace with granular page");

    await box.check();
    const form = page.getByTestId("replace-form");
    expect(await form.locator("[data-selected-count]").textContent()).toBe("1 client sélectionné");
    await form.locator('[name="displayName"]').fill("Remplacement du DAP");
    await form.getByLabel("Administrateur général").check();
    expect(await page.getByTestId("global-admin-warning").isVisible()).toBe(true);
    expect(await form.getByLabel("Prolonger automatiquement", { exact: false }).isDisabled()).toBe(
      true,
    );
    await form.getByLabel("Administrateur général").uncheck();
    await form.getByLabel("Lecteurs de répertoire").check();
    await page.getByTestId("submit-replace").click();

    const report = page.getByTestId("replace-report");
    await expect
      .poll(() => page.getByTestId("replace-status").textContent())
      .toContain("1 demande créée");
    const line = report.locator("li", { hasText: "Remplacement Granulaire" });
    expect(await line.textContent()).toContain("demande créée");
    const url = (await line.getByTestId("approval-link").getAttribute("href")) ?? "";
    expect(url).toMatch(/\/global\/fr-fr\/admin-relationships\/approve\/#[\w-]{43}$/);
    expect(await line.getByTestId("draft-subject").textContent()).toContain(
      "demande des rôles d’administration",
    );
    expect(await line.getByTestId("draft-body").textContent()).toContain(url);
    await line.getByTestId("copy-draft").click();
    await expect
      .poll(() => line.locator("[data-copy-status]").last().textContent())
      .toMatch(/Copié|copié automatiquement/);
    await expectAccessible(page, "replace report");

    // The customer now shows its request waiting; asking again skips it and says why.
    const row = page
      .getByTestId("legacy-customer-row")
      .filter({ hasText: "Remplacement Granulaire" });
    await expect.poll(() => row.textContent()).toContain("Une demande attend l’approbation");
    await row.getByRole("checkbox").check();
    await page.getByTestId("submit-replace").click();
    await expect
      .poll(() => report.textContent())
      .toContain("une demande de remplacement attend déjà l’approbation");
  });
});
