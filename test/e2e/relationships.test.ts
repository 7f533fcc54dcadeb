/**
 * The relationship story across three accounts, in the global cloud and in French: Fabrikam (an
 * indirect reseller) invites with Northwind; Adatum's admin opens the link, signs in, changes
 * the temporary password (global-setup.ts) and accepts; Adatum is in both partners' lists;
 * Fabrikam removes its relationship; every step is in the audit log.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditList } from "../../src/domain/schemas/audit.ts";
import type { CustomerList } from "../../src/domain/schemas/customer.ts";
import { TASK_PAGES } from "../../src/site/tasks.ts";
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

const NEW_PASSWORD = "Adatum-Nouveau-2026!";

async function customerNames(context: BrowserContext): Promise<CustomerList["items"]> {
  const response = await context.request.get("/api/v1/global/customers?limit=200");
  expect(response.status()).toBe(200);
  return ((await response.json()) as CustomerList).items;
}

async function noViolations(page: Page, what: string) {
  await page.waitForLoadState("networkidle");
  expect(await axeViolations(page), what).toEqual([]);
}

describe("relationship story (global, fr-FR)", () => {
  it("Fabrikam invites with Northwind, Adatum accepts, both see it, Fabrikam removes it, the log has each step", async () => {
    // 1. Fabrikam signs in from the indirect providers page and comes back to it.
    const fabrikam = await newContext(browser, "fr-FR");
    await fabrikam.grantPermissions(["clipboard-read", "clipboard-write"]);
    const partnerPage = await fabrikam.newPage();
    await partnerPage.goto("/global/fr-fr/indirect-providers/");
    await partnerPage.getByTestId("sign-in-notice").getByRole("link").click();
    await submitSignIn(partnerPage, "admin@fabrikam.example");
    await partnerPage.waitForURL("**/global/fr-fr/indirect-providers/");

    // 2. It picks Northwind and French, and gets the draft with the personal link.
    const northwindRow = partnerPage
      .getByTestId("providers-row")
      .filter({ hasText: "Northwind Distribution" });
    await northwindRow.getByRole("button", { name: /Northwind Distribution/ }).click();
    const composer = partnerPage.getByTestId("invitation-composer");
    expect(
      await composer.locator('select[name="indirectProviderId"] option:checked').textContent(),
    ).toBe("Northwind Distribution");
    expect(await composer.locator('select[name="locale"]').inputValue()).toBe("fr-FR");
    await noViolations(partnerPage, "indirect providers page");
    await composer.getByRole("button", { name: "Créer l’invitation" }).click();
    const link = partnerPage.getByTestId("invitation-link");
    await link.waitFor();
    const url = (await link.textContent()) ?? "";
    expect(url).toMatch(new RegExp(`^${baseURL()}/global/fr-fr/invitations/accept/#[\\w-]{43}$`));
    expect(await partnerPage.getByTestId("draft-subject").textContent()).toBe(
      "Fabrikam Resellers et Northwind Distribution vous invitent à établir une relation de revendeur",
    );
    expect(await partnerPage.getByTestId("draft-body").inputValue()).toContain(url);
    expect(await partnerPage.getByTestId("keep-link-note").isVisible()).toBe(true);
    const mailto = (await partnerPage.getByTestId("open-in-email").getAttribute("href")) ?? "";
    expect(mailto).toMatch(/^mailto:\?subject=[^&]+&body=/);
    expect(decodeURIComponent(mailto.slice(mailto.indexOf("&body=") + 6))).toContain(url);
    await partnerPage.getByTestId("copy-draft").click();
    await expect
      .poll(() => partnerPage.getByTestId("copy-status").textContent())
      .toContain("copiés");
    expect(await partnerPage.evaluate(() => navigator.clipboard.readText())).toContain(url);
    await noViolations(partnerPage, "draft");

    // 3. Adatum's admin opens the link.
    const adatum = await newContext(browser, "fr-FR");
    const acceptPage = await adatum.newPage();
    await acceptPage.goto(url);
    await acceptPage.getByTestId("accept-invite").waitFor();
    expect(await acceptPage.locator("h2#invite-title").textContent()).toBe(
      "Fabrikam Resellers et Northwind Distribution invitent votre organisation à établir une relation de revendeur",
    );
    // The token left the address bar at once.
    expect(new URL(acceptPage.url()).hash).toBe("");
    await noViolations(acceptPage, "acceptance page, signed out");

    // 4. Signs in with the temporary password, changes it, and comes back to the invitation.
    await acceptPage.getByTestId("accept-sign-in").click();
    await submitSignIn(acceptPage, "admin@adatum.onmicrosoft.com");
    const change = acceptPage.getByTestId("change-password-form");
    await change.waitFor();
    await change.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    await change.locator('input[name="confirmPassword"]').fill(NEW_PASSWORD);
    await change.locator('button[type="submit"]').click();
    await acceptPage.waitForURL("**/global/fr-fr/invitations/accept/");
    const acceptButton = acceptPage.getByTestId("accept-invitation");
    await acceptButton.waitFor();
    expect(await acceptPage.locator("h2#invite-title").textContent()).toContain(
      "Fabrikam Resellers",
    );
    await noViolations(acceptPage, "acceptance page, signed in");
    // A second tab opens the same link now: it will find the invitation used.
    const secondTab = await adatum.newPage();
    await secondTab.goto(url);
    await secondTab.getByTestId("accept-invitation").waitFor();
    await acceptButton.click();
    const done = acceptPage.getByTestId("accept-done");
    await done.waitFor();
    expect(await done.locator("li").allTextContents()).toEqual(
      expect.arrayContaining(["Fabrikam Resellers", "Northwind Distribution"]),
    );
    await noViolations(acceptPage, "acceptance page, accepted");

    // The other tab still holds the token: its acceptance finds the invitation used.
    await secondTab.getByTestId("accept-invitation").click();
    await secondTab.getByTestId("accept-used").waitFor();
    await noViolations(secondTab, "acceptance page, used");
    // And the link itself no longer opens an invitation (a new tab: the same address with a
    // fragment would not load the page again).
    const thirdTab = await adatum.newPage();
    await thirdTab.goto(url);
    await thirdTab.getByTestId("accept-invalid").waitFor();

    // 5. Adatum is in Fabrikam's list, and in Northwind's, naming Fabrikam.
    const inFabrikam = (await customerNames(fabrikam)).find(
      (c) => c.companyName === "Adatum Corporation",
    );
    expect(inFabrikam?.relationship.indirectReseller).toBeNull();
    const northwind = await newContext(browser, "fr-FR");
    const signedIn = await northwind.request.post("/api/v1/global/session", {
      data: { username: "admin@northwind.example", password: DEMO_PASSWORD },
    });
    expect(signedIn.status()).toBe(200);
    const inNorthwind = (await customerNames(northwind)).find(
      (c) => c.companyName === "Adatum Corporation",
    );
    expect(inNorthwind?.relationship.indirectReseller?.name).toBe("Fabrikam Resellers");
    const adatumId = inFabrikam?.id ?? "";

    // The invitation shows as accepted by Adatum on Fabrikam's invitations page.
    await partnerPage.goto("/global/fr-fr/invitations/");
    const accepted = partnerPage
      .getByTestId("invitation-row")
      .filter({ hasText: "Adatum Corporation" });
    await accepted.first().waitFor();
    expect(await accepted.first().textContent()).toContain("Acceptée");

    // 6. Fabrikam removes its relationship, acknowledging the legal notice.
    if (TASK_PAGES.customers.built) {
      await partnerPage.goto(`/global/fr-fr/customers/view/?id=${adatumId}`);
      await partnerPage.getByTestId("remove-relationship").click();
      const dialog = partnerPage.locator("dialog[open]");
      await dialog.locator('[name="acknowledgeLegalNotice"]').check();
      await dialog.getByTestId("confirm-remove").click();
      await expect.poll(() => partnerPage.locator("dialog[open]").count()).toBe(0);
    } else {
      // The customer page (customers/view/) is not built yet: the same request it sends.
      const removed = await fabrikam.request.delete(
        `/api/v1/global/customers/${adatumId}/relationship`,
        {
          data: { acknowledgeLegalNotice: true },
          headers: { "Content-Type": "application/json" },
        },
      );
      expect(removed.status()).toBe(200);
    }
    await expect
      .poll(async () => (await customerNames(fabrikam)).some((c) => c.id === adatumId))
      .toBe(false);
    // Northwind's relationship is its own: it stays.
    expect((await customerNames(northwind)).some((c) => c.id === adatumId)).toBe(true);

    // 7. Fabrikam's audit log has each step, in French; Northwind's has the acceptance.
    await partnerPage.goto("/global/fr-fr/audit/");
    const rows = partnerPage.getByTestId("audit-row");
    await rows.first().waitFor();
    const forAdatum = await rows.allTextContents();
    expect(forAdatum.find((row) => row.includes("Relation supprimée"))).toContain(
      "Adatum Corporation",
    );
    expect(forAdatum.find((row) => row.includes("Invitation acceptée"))).toContain(
      "Adatum Corporation",
    );
    expect(forAdatum.some((row) => row.includes("Invitation créée"))).toBe(true);
    await noViolations(partnerPage, "audit page");
    const northwindLog = (await (
      await northwind.request.get("/api/v1/global/audit")
    ).json()) as AuditList;
    expect(
      northwindLog.items.some(
        (item) => item.action === "invitation.accepted" && item.target.id === adatumId,
      ),
    ).toBe(true);

    await Promise.all([fabrikam.close(), adatum.close(), northwind.close()]);
  });
});
