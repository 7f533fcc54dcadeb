import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, onTestFinished } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import type { CustomerCreateRequest, CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";
import { axeViolations } from "./axe.ts";
import { baseURL, newContext, submitSignIn } from "./browser.ts";

/**
 * Signs `username` in through the sign-in page of `cloud` × `segment`, which then opens
 * `returnTo` (a path of the same cloud and language).
 */
export async function signIn(
  page: Page,
  cloud: CloudId,
  segment: string,
  username: string,
  returnTo: string,
): Promise<void> {
  await page.goto(`/${cloud}/${segment}/sign-in/?returnTo=${encodeURIComponent(returnTo)}`);
  await submitSignIn(page, username, DEMO_PASSWORD);
  await page.waitForURL(`**${returnTo}`);
}

/** What a signed-in context holds (its session cookie), to start other contexts from. */
export type SignedIn = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * Signs `username` in once, through the sign-in page of `cloud`, and keeps the session: tests
 * then each open their own pages with it ({@link pageAs}) instead of sharing one page, and the
 * sign-in rate limit is not spent on every test.
 */
export async function signedIn(
  browser: Browser,
  cloud: CloudId,
  username: string,
): Promise<SignedIn> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await signIn(page, cloud, "en", username, `/${cloud}/en/`);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/**
 * A page of its own for the running test (closed when the test ends), in a fresh context that
 * speaks `locale` and holds the session `state`, opened at `path`.
 */
export async function pageAs(
  browser: Browser,
  state: SignedIn,
  locale: string,
  path: string,
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale, storageState: state });
  onTestFinished(() => context.close());
  const page = await context.newPage();
  await page.goto(path);
  return { page, context };
}

/** Fails with axe-core's findings when the page, in its current state, has any. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect((await axeViolations(page)).map((v) => `${state}: ${v}`)).toEqual([]);
}

/** The first offer of each cloud's catalog (worker/migrations/0002_insert_offer_catalog.sql). */
const FIRST_OFFER: Record<CloudId, string> = {
  global: "m365-business-basic",
  usgov: "m365-gcc-g3",
  germany: "o365-e1-de",
  china: "o365-e1-cn",
};

/** A valid new customer, based in Germany, of `cloud` (each test gives its own name and prefix). */
export function newCustomerBody(
  cloud: CloudId,
  name: string,
  prefix: string,
): CustomerCreateRequest {
  return {
    companyName: name,
    domainPrefix: prefix,
    address: { country: "DE", line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117" },
    primaryContact: { firstName: "Greta", lastName: "Test", email: `greta@${prefix}.example` },
    language: "de",
    culture: "de-DE",
    subscriptions: [{ offerId: FIRST_OFFER[cloud], quantity: 3 }],
  };
}

/** Creates a customer through the API with the context's session (the signed-in partner). */
export async function createCustomer(
  context: BrowserContext,
  cloud: CloudId,
  body: CustomerCreateRequest,
): Promise<CustomerCreated> {
  const response = await context.request.post(`/api/v1/${cloud}/customers`, { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CustomerCreated;
}
