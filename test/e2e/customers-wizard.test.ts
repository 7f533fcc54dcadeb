import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerList } from "../../src/domain/schemas/customer.ts";
import { launch, newContext } from "./browser.ts";
import { expectAccessible, signIn } from "./customers-helpers.ts";

/**
 * The add-customer wizard end to end, in Russian on the germany cloud, as a sales agent: a
 * Russian customer needs a registration number and a phone, an API-only rule comes back next to
 * its field, a double click creates one customer, and the new customer is found by the
 * beginning of its Cyrillic name.
 */
let browser: Browser;
let context: BrowserContext;
let page: Page;

const COMPANY = "Ромашка Технологии";
const PREFIX = "romashkatech";

beforeAll(async () => {
  browser = await launch();
  context = await newContext(browser, "ru-RU");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  page = await context.newPage();
  await signIn(page, "germany", "ru-ru", "sales@contoso.example", "/germany/ru-ru/customers/new/");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const field = (name: string) => page.getByTestId("account-form").locator(`[name="${name}"]`);
const errorOf = (name: string) =>
  page.getByTestId("account-form").locator(`[data-error-for="${name}"]`);
const currentStep = () =>
  page.locator('[data-step-marker][aria-current="step"]').getAttribute("data-step-marker");

describe("add-customer wizard (germany, ru-RU)", () => {
  it("adapts Account info to Russia and checks the domain as it is typed", async () => {
    await page.getByTestId("account-form").waitFor();
    expect(await currentStep()).toBe("account");
    await expectAccessible(page, "account step");

    await field("address.country").selectOption("RU");
    // Russia: registration number and phone required, six-digit postal code, no state list.
    expect(await field("organizationRegistrationNumber").getAttribute("required")).not.toBeNull();
    expect(await field("primaryContact.phone").getAttribute("required")).not.toBeNull();
    expect(await page.locator("#wizard-organizationRegistrationNumber-hint").textContent()).toBe(
      "Обязательно для клиентов из страны или региона Россия.",
    );
    expect(await page.locator("#wizard-address\\.postalCode-hint").textContent()).toContain(
      "101000",
    );
    expect(await page.locator('[data-when="states"]').isHidden()).toBe(true);
    expect(
      await field("culture")
        .locator("option")
        .evaluateAll((o) => o.map((e) => e.getAttribute("value"))),
    ).toEqual(["ru-RU"]);

    await field("domainPrefix").fill("tailspintoys");
    await expect
      .poll(() => page.getByTestId("domain-availability").textContent())
      .toBe("Домен tailspintoys.onmicrosoft.de уже занят. Выберите другой префикс.");
    await field("domainPrefix").fill(PREFIX);
    await expect
      .poll(() => page.getByTestId("domain-availability").textContent())
      .toBe(`Домен ${PREFIX}.onmicrosoft.de свободен.`);
  });

  it("needs the registration number of a Russian customer, in Russian, next to the field", async () => {
    await field("companyName").fill(COMPANY);
    await field("address.line1").fill("ул. Тверская, д. 1");
    await field("address.city").fill("Москва");
    await field("address.postalCode").fill("125009");
    await field("primaryContact.firstName").fill("Иван");
    await field("primaryContact.lastName").fill("Петров");
    // In the partner's own domain: only the API knows, and says so at the end.
    await field("primaryContact.email").fill("ivan.petrov@contoso.example");
    await field("primaryContact.phone").fill("+7 495 123-45-67");
    await page.getByTestId("account-form").locator("button[type=submit]").click();
    expect(await errorOf("organizationRegistrationNumber").textContent()).toBe(
      "Для клиентов из страны или региона Россия регистрационный номер организации обязателен.",
    );
    expect(await field("organizationRegistrationNumber").getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
      "organizationRegistrationNumber",
    );
    expect(await currentStep()).toBe("account");
    await expectAccessible(page, "account step with errors");

    await field("organizationRegistrationNumber").fill("1027700132195");
    await page.getByTestId("account-form").locator("button[type=submit]").click();
    await page.getByTestId("subscriptions-form").waitFor();
    expect(await currentStep()).toBe("subscriptions");
  });

  it("offers the cloud's catalog with license bounds", async () => {
    const offers = page.getByTestId("offer");
    await expect.poll(() => offers.count()).toBe(3);
    await page.getByTestId("subscriptions-form").locator("button[type=submit]").click();
    expect(
      await page
        .getByTestId("subscriptions-form")
        .locator('[data-error-for="subscriptions"]')
        .textContent(),
    ).toBe("Добавьте хотя бы одну подписку.");
    await expectAccessible(page, "subscriptions step");

    await page.getByLabel("Office 365 E3 (Microsoft Cloud Germany)", { exact: true }).check();
    const quantity = page.locator('[name="quantity.o365-e3-de"]');
    await quantity.fill("9000");
    await page.getByTestId("subscriptions-form").locator("button[type=submit]").click();
    expect(await page.locator('[data-error-for="quantity.o365-e3-de"]').textContent()).toBe(
      "Укажите количество от 1 до 5000.",
    );
    await quantity.fill("5");
    await page.getByTestId("subscriptions-form").locator("button[type=submit]").click();
    await page.getByTestId("review-form").waitFor();
    expect(await currentStep()).toBe("review");
  });

  it("reviews every entry, with Edit back to its step", async () => {
    const review = page.getByTestId("review");
    const text = await review.textContent();
    for (const entry of [
      COMPANY,
      `${PREFIX}.onmicrosoft.de`,
      "1027700132195",
      "Россия",
      "125009",
      "ivan.petrov@contoso.example",
      "+7 495 123-45-67",
      "5 лицензий",
    ]) {
      expect(text).toContain(entry);
    }
    await expectAccessible(page, "review step");

    await review.getByRole("button", { name: "Изменить Подписки" }).click();
    expect(await currentStep()).toBe("subscriptions");
    await page.locator('[name="quantity.o365-e3-de"]').fill("2");
    await page.getByTestId("subscriptions-form").locator("button[type=submit]").click();
    expect(await review.textContent()).toContain("2 лицензии");
  });

  it("puts the API's errors next to their fields, in Russian, on their step", async () => {
    await page.getByTestId("create-customer").click();
    await expect.poll(currentStep).toBe("account");
    await expect
      .poll(() => errorOf("primaryContact.email").textContent())
      .toBe("Укажите адрес электронной почты клиента, а не адрес в домене вашей организации.");
    expect(await field("primaryContact.email").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "account step with an API error");
  });

  it("creates exactly one customer on a double click and shows its admin password once", async () => {
    await field("primaryContact.email").fill("ivan.petrov@romashka.example");
    await page.getByTestId("account-form").locator("button[type=submit]").click();
    await page.getByTestId("subscriptions-form").locator("button[type=submit]").click();
    await page.getByTestId("create-customer").dblclick();

    const confirmation = page.getByTestId("confirmation");
    await confirmation.waitFor();
    expect(await currentStep()).toBe("confirmation");
    expect(await page.getByTestId("admin-upn").textContent()).toBe(
      `admin@${PREFIX}.onmicrosoft.de`,
    );
    const password = (await page.getByTestId("temporary-password").textContent()) ?? "";
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await confirmation.textContent()).toContain("Этот пароль больше не будет показан.");
    await page.getByTestId("copy-password").click();
    await expect.poll(() => confirmation.locator("[data-copy-status]").textContent()).not.toBe("");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
    await expectAccessible(page, "confirmation");

    const list = await context.request.get(
      "/api/v1/germany/customers?q=%D0%A0%D0%BE%D0%BC%D0%B0%D1%88",
    );
    const body = (await list.json()) as CustomerList;
    expect(body.items.map((c) => c.companyName)).toEqual([COMPANY]);
  });

  it("finds the new customer by the beginning of its Cyrillic name", async () => {
    await page.goto("/germany/ru-ru/customers/");
    await page.getByTestId("customer-table").waitFor();
    await page.getByLabel("Название компании или домен").fill("ромаш");
    await page.getByTestId("customer-search").locator("button[type=submit]").click();
    await expect.poll(() => page.getByTestId("customer-row").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("q")).toBe("ромаш");
    const link = page.getByTestId("customer-row").getByRole("link", { name: COMPANY });
    await link.click();
    await page.waitForURL("**/germany/ru-ru/customers/view/?id=*");
    await expect.poll(() => page.locator("h1").textContent()).toBe(COMPANY);
    expect(await page.getByTestId("subscriptions-table").textContent()).toContain("2 лицензии");
  });
});

describe("add-customer wizard retry (global, en)", () => {
  it("retries a lost answer with the same Idempotency-Key: one customer, no second password", async () => {
    const retryContext = await newContext(browser);
    const retry = await retryContext.newPage();
    await signIn(retry, "global", "en", "admin@contoso.example", "/global/en/customers/new/");
    const form = retry.getByTestId("account-form");
    const fill = (name: string, value: string) => form.locator(`[name="${name}"]`).fill(value);
    // A US customer: the state list appears and is required.
    expect(await form.locator('[name="address.country"]').inputValue()).toBe("US");
    expect(await retry.locator('[data-when="states"]').isVisible()).toBe(true);
    await fill("companyName", "Lost Answer Inc.");
    await fill("domainPrefix", "lostanswer");
    await fill("address.line1", "1 Microsoft Way");
    await fill("address.city", "Redmond");
    await form.locator('[name="address.state"]').selectOption("WA");
    await fill("address.postalCode", "98052");
    await fill("primaryContact.firstName", "Lou");
    await fill("primaryContact.lastName", "Answer");
    await fill("primaryContact.email", "lou@lostanswer.example");
    await form.locator("button[type=submit]").click();
    await retry.getByLabel("Azure plan", { exact: true }).check();
    await retry.getByTestId("subscriptions-form").locator("button[type=submit]").click();
    expect(await retry.getByTestId("review").textContent()).toContain("1 license");

    // The first answer is lost on the way back, after the customer was created.
    const keys: string[] = [];
    await retry.route("**/api/v1/global/customers", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      keys.push((await route.request().headerValue("Idempotency-Key")) ?? "");
      if (keys.length > 1) return route.continue();
      const response = await route.fetch();
      expect(response.status()).toBe(201);
      await route.abort("connectionreset");
    });
    await retry.getByTestId("create-customer").click();
    await expect
      .poll(() => retry.getByTestId("form-error").textContent())
      .toContain("The portal could not be reached.");
    expect(await retry.getByTestId("create-customer").isEnabled()).toBe(true);

    await retry.getByTestId("create-customer").click();
    await retry.getByTestId("confirmation").waitFor();
    // The retry may first be told the original is still in flight (409, Retry-After), and then
    // waits and asks again: every attempt carries the one key.
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(await retry.getByTestId("admin-upn").textContent()).toBe(
      "admin@lostanswer.onmicrosoft.com",
    );
    expect(await retry.getByTestId("temporary-password").isVisible()).toBe(false);
    expect(await retry.getByTestId("confirmation").textContent()).toContain(
      "had already been created by an earlier attempt",
    );
    await expectAccessible(retry, "confirmation of a replay");
    const list = await retryContext.request.get("/api/v1/global/customers?q=Lost%20Answer");
    expect(((await list.json()) as CustomerList).items).toHaveLength(1);
    await retryContext.close();
  });
});
