import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import type { CloudId } from "../../src/domain/clouds.ts";
import type { CustomerCreateRequest, CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";
import { axeViolations } from "./axe.ts";
import { submitSignIn } from "./browser.ts";

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
