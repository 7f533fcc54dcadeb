/**
 * The invitation and partner-link pages beyond the main story: where they exist (never in
 * China), what each role and partner type sees, revoking an invitation and the page its link
 * then shows, and the acceptance page without a token.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES, LOCALE_IDS } from "../../src/domain/locales.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";
import { axeViolations } from "./axe.ts";
import { baseURL, launch, newContext, submitSignIn } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in through the page's sign-in notice and waits to be back on `path`. */
async function signInFrom(page: Page, path: string, username: string) {
  await page.goto(path);
  await page.getByTestId("sign-in-notice").getByRole("link").click();
  await submitSignIn(page, username, DEMO_PASSWORD);
  await page.waitForURL(`**${path}`);
}

describe("where the invitation pages exist", () => {
  it("has no invitation, indirect provider or acceptance page in China, and no link to one", async () => {
    for (const locale of LOCALE_IDS) {
      const segment = LOCALES[locale].segment;
      for (const route of ["invitations/", "invitations/accept/", "indirect-providers/"]) {
        const response = await fetch(`${baseURL()}/china/${segment}/${route}`);
        expect(response.status, `china/${segment}/${route}`).toBe(404);
      }
      const home = await (await fetch(`${baseURL()}/china/${segment}/`)).text();
      expect(home).not.toMatch(/href="[^"]*\/(invitations|indirect-providers)\//);
      // The audit log is every cloud's.
      expect(home).toContain(`href="/china/${segment}/audit/"`);
      expect((await fetch(`${baseURL()}/china/${segment}/audit/`)).status).toBe(200);
    }
  });

  it("links every other cloud's home to its pages, and switches China to its home", async () => {
    for (const cloud of ["global", "usgov", "germany"]) {
      const home = await (await fetch(`${baseURL()}/${cloud}/ru-ru/`)).text();
      for (const route of ["invitations/", "indirect-providers/", "audit/"]) {
        expect(home).toContain(`href="/${cloud}/ru-ru/${route}"`);
      }
    }
    const page = await (await fetch(`${baseURL()}/global/en/invitations/`)).text();
    expect(page).toContain('href="/usgov/en/invitations/"');
    expect(page).toContain('href="/china/en/"');
    expect(page).not.toContain('href="/china/en/invitations/');
  });
});

describe("invitation and partner-link pages", () => {
  it("asks a signed-out reader to sign in, in their language, with no accessibility violation", async () => {
    const context = await newContext(browser, "ru-RU");
    const page = await context.newPage();
    for (const path of ["/usgov/ru-ru/invitations/", "/germany/fr-fr/indirect-providers/"]) {
      await page.goto(path);
      const notice = page.getByTestId("sign-in-notice");
      await notice.waitFor();
      expect(await notice.getByRole("link").getAttribute("href")).toContain(
        `returnTo=${encodeURIComponent(path)}`,
      );
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  it("lets a helpdesk agent see the invitations but not request or revoke one", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInFrom(page, "/global/en/invitations/", "helpdesk@fabrikam.example");
    await page.getByTestId("read-only-notice").waitFor();
    expect(await page.getByTestId("invitation-composer").isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId("invitation-table").isVisible()).toBe(true);
    expect(await page.getByTestId("revoke-invitation").filter({ visible: true }).count()).toBe(0);
    await page.goto("/global/en/indirect-providers/");
    await page.getByTestId("providers-row").first().waitFor();
    expect(await page.getByTestId("invite-with-provider").filter({ visible: true }).count()).toBe(
      0,
    );
    expect(await page.getByTestId("invitation-composer").isVisible()).toBe(false);
    await context.close();
  });

  it("points a direct reseller from the indirect providers page to the invitations page", async () => {
    const context = await newContext(browser, "fr-FR");
    const page = await context.newPage();
    await signInFrom(page, "/germany/fr-fr/indirect-providers/", "agent@contoso.example");
    const link = page.getByRole("link", { name: "Accéder aux relations de revendeur" });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe("/germany/fr-fr/invitations/");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("shows an indirect provider the resellers linked to it", async () => {
    const context = await newContext(browser, "ru-RU");
    const page = await context.newPage();
    await signInFrom(page, "/global/ru-ru/indirect-providers/", "admin@northwind.example");
    const row = page.getByTestId("resellers-row").filter({ hasText: "Fabrikam Resellers" });
    await row.waitFor();
    expect(await page.getByTestId("providers-table").isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("revokes an invitation, after which its link shows that it was withdrawn", async () => {
    const partner = await newContext(browser, "ru-RU");
    const page = await partner.newPage();
    await signInFrom(page, "/global/ru-ru/invitations/", "admin@fabrikam.example");
    const composer = page.getByTestId("invitation-composer");
    await composer.locator('select[name="locale"]').selectOption("en");
    await composer.getByRole("button", { name: "Создать приглашение" }).click();
    await page.getByTestId("invitation-link").waitFor();
    const url = (await page.getByTestId("invitation-link").textContent()) ?? "";
    expect(url).toContain("/global/en/invitations/accept/#");
    expect(await page.getByTestId("draft-subject").textContent()).toBe(
      "Fabrikam Resellers invites you to a reseller relationship",
    );
    await expect
      .poll(() => page.getByTestId("invitation-row").first().textContent())
      .toContain("Ожидает ответа");
    expect(await axeViolations(page)).toEqual([]);

    // Litware's admin opens the link and signs in, but has not accepted yet…
    const customer = await newContext(browser);
    const acceptPage = await customer.newPage();
    await acceptPage.goto(url);
    await acceptPage.getByTestId("accept-sign-in").click();
    await submitSignIn(acceptPage, "admin@litware.onmicrosoft.com", DEMO_PASSWORD);
    await acceptPage.getByTestId("accept-invitation").waitFor();

    // …when Fabrikam revokes it.
    await page.getByTestId("revoke-invitation").first().click();
    const dialog = page.locator("dialog[open]");
    expect(await dialog.locator("h2").textContent()).toBe("Отозвать это приглашение?");
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByTestId("confirm-revoke").click();
    await expect
      .poll(() => page.getByTestId("invitation-row").first().textContent())
      .toContain("Отозвано");

    await acceptPage.getByTestId("accept-invitation").click();
    await acceptPage.getByTestId("accept-revoked").waitFor();
    expect(await axeViolations(acceptPage)).toEqual([]);
    await Promise.all([partner.close(), customer.close()]);
  });

  it("explains what to do when the page is opened without an invitation link", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/germany/en/invitations/accept/");
    const missing = page.locator('[data-state="missing"]');
    await missing.waitFor();
    expect(await missing.textContent()).toContain("No invitation found");
    // A new page: going to the same address with a fragment would not load it again.
    const linked = await context.newPage();
    await linked.goto("/germany/en/invitations/accept/#not-a-real-token");
    await linked.getByTestId("accept-invalid").waitFor();
    // The language links keep the reader on this page (the token stays in the tab).
    expect(
      await linked
        .getByTestId("language-switcher")
        .locator('a[hreflang="ru-RU"]')
        .getAttribute("href"),
    ).toBe("/germany/ru-ru/invitations/accept/");
    expect(await axeViolations(linked)).toEqual([]);
    await context.close();
  });
});
