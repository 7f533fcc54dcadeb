import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import type { CustomerList } from "../../src/domain/schemas/customer.ts";
import { launch, newContext } from "./browser.ts";
import { createCustomer, expectAccessible, newCustomerBody, signIn } from "./customers-helpers.ts";

/**
 * The customer list and what each role sees: paging, CSV download, the empty state, the
 * signed-out notice, and the controls a role may not use staying out of sight (SPEC §6,
 * permissions).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A signed-in page of `cloud` (en), on `path`. */
async function signedIn(
  cloud: CloudId,
  username: string,
  path: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, cloud, "en", username, path);
  return { context, page };
}

async function wingtipId(context: BrowserContext): Promise<string> {
  const response = await context.request.get("/api/v1/global/customers?q=Wingtip");
  const id = ((await response.json()) as CustomerList).items[0]?.id;
  if (!id) throw new Error("Wingtip Toys is missing from the demo data");
  return id;
}

describe("customer list", () => {
  it("searches, pages through the results and downloads them as CSV", async () => {
    const { context, page } = await signedIn(
      "usgov",
      "admin@contoso.example",
      "/usgov/en/customers/",
    );
    await page.getByTestId("add-customer").waitFor({ state: "visible" });
    // 21 matches: a page of 20, then a page of 1.
    for (let n = 1; n <= 21; n++) {
      const name = `Paging Test ${String(n).padStart(2, "0")}`;
      await createCustomer(context, "usgov", newCustomerBody("usgov", name, `pagingtest${n}`));
    }
    await page.getByLabel("Company name or domain").fill("paging test");
    await page.getByTestId("customer-search").locator("button[type=submit]").click();
    const rows = page.getByTestId("customer-row");
    await expect.poll(() => rows.count()).toBe(20);
    expect(await page.getByTestId("list-status").textContent()).toBe("20 customers shown.");
    expect(await rows.first().textContent()).toContain("Paging Test 01");
    // The country named from the page's build-time table.
    expect(await rows.first().locator('[data-cell="country"]').textContent()).toBe("Germany");
    await expectAccessible(page, "list");

    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId("list-status").textContent()).toBe("1 customer shown.");
    expect(await rows.first().textContent()).toContain("Paging Test 21");
    expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    expect(await page.locator("[data-page-number]").textContent()).toBe("Page 2");
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect.poll(() => rows.count()).toBe(20);

    // English defaults to a comma; the reader may pick the semicolon their spreadsheet expects.
    expect(await page.getByLabel("Separator").inputValue()).toBe("comma");
    await page.getByLabel("Separator").selectOption("semicolon");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").click(),
    ]);
    expect(download.suggestedFilename()).toBe("customers.csv");
    const csv = await readFile((await download.path()) ?? "", "utf8");
    expect(csv).toContain('"Customer ID";"Company name";');
    expect(csv).toContain('"Paging Test 21"');
    expect(csv).not.toContain("Tailspin Toys");

    // The search is in the address: Back returns to the unfiltered list.
    await page.goBack();
    await expect.poll(() => page.getByLabel("Company name or domain").inputValue()).toBe("");
    // Unfiltered, the 21 and the demo customers make more than one page again.
    await expect.poll(() => page.getByRole("button", { name: "Next page" }).isEnabled()).toBe(true);
    expect(await page.locator("[data-page-number]").textContent()).toBe("Page 1");
    await context.close();
  });

  it("shows an empty state to a partner without customers", async () => {
    // In china nobody invites: Fabrikam has no customers there unless it adds one.
    const { context, page } = await signedIn(
      "china",
      "admin@fabrikam.example",
      "/china/en/customers/",
    );
    await page.getByTestId("empty-state").waitFor();
    expect(await page.getByTestId("customer-table").isVisible()).toBe(false);
    expect(
      await page.getByTestId("empty-state").getByRole("link", { name: "Add customer" }).isVisible(),
    ).toBe(true);
    await expectAccessible(page, "empty list");
    await context.close();
  });

  it("asks a signed-out reader to sign in, and comes back", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/global/en/customers/?q=wing");
    const notice = page.getByTestId("sign-in-notice");
    await notice.waitFor();
    const href = await notice.getByRole("link").getAttribute("href");
    expect(href).toBe(
      `/global/en/sign-in/?returnTo=${encodeURIComponent("/global/en/customers/?q=wing")}`,
    );
    expect(await page.getByTestId("customer-search").isVisible()).toBe(false);
    await expectAccessible(page, "signed out");
    await context.close();
  });
});

describe("what each role sees", () => {
  it("helpdesk: the list and the customer, but no Add, Edit, Reset or Remove", async () => {
    const { context, page } = await signedIn(
      "global",
      "helpdesk@contoso.example",
      "/global/en/customers/",
    );
    await expect.poll(() => page.getByTestId("customer-row").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("add-customer").isVisible()).toBe(false);

    await page.goto(`/global/en/customers/view/?id=${await wingtipId(context)}`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Wingtip Toys");
    for (const control of [
      "edit-customer",
      "reset-password",
      "revoke-dap",
      "remove-relationship",
    ]) {
      expect(await page.getByTestId(control).isVisible(), control).toBe(false);
    }
    await expectAccessible(page, "customer page, helpdesk");

    await page.goto("/global/en/customers/new/");
    await page.getByTestId("forbidden-notice").waitFor();
    expect(await page.getByTestId("account-form").isVisible()).toBe(false);
    await expectAccessible(page, "wizard, helpdesk");
    await context.close();
  });

  it("sales agent: Add customer, but no Edit, Reset or Remove", async () => {
    const { context, page } = await signedIn(
      "global",
      "sales@contoso.example",
      "/global/en/customers/",
    );
    await page.getByTestId("add-customer").waitFor({ state: "visible" });
    await page.goto(`/global/en/customers/view/?id=${await wingtipId(context)}`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Wingtip Toys");
    for (const control of [
      "edit-customer",
      "reset-password",
      "revoke-dap",
      "remove-relationship",
    ]) {
      expect(await page.getByTestId(control).isVisible(), control).toBe(false);
    }
    await page.goto("/global/en/customers/new/");
    await page.getByTestId("account-form").waitFor();
    expect(await page.getByTestId("forbidden-notice").isVisible()).toBe(false);
    await context.close();
  });

  it("admin agent: Edit, Reset, Revoke and Remove", async () => {
    const { context, page } = await signedIn(
      "global",
      "agent@contoso.example",
      "/global/en/customers/",
    );
    await page.goto(`/global/en/customers/view/?id=${await wingtipId(context)}`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Wingtip Toys");
    for (const control of [
      "edit-customer",
      "reset-password",
      "revoke-dap",
      "remove-relationship",
    ]) {
      expect(await page.getByTestId(control).isVisible(), control).toBe(true);
    }
    await context.close();
  });
});
