/**
 * SPEC §9: every read is one D1 round trip, every write one batch, whatever the outcome —
 * counted on the real binding for each invitation and relationship endpoint. A signed-in read is
 * one batch (its session check and the read); an anonymous read (preview) one statement.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import { dbOf } from "./helpers.ts";
import {
  callApp,
  countingRoundTrips,
  indirectPair,
  invite,
  related,
  signedInCustomer,
} from "./relationships-helpers.ts";

const app = createApp();

/** The response status and the round trips one request made. */
async function tripsOf(path: string, init: { method?: string; body?: unknown; cookie?: string }) {
  const { db, trips } = countingRoundTrips(dbOf("global"));
  const response = await callApp(app, `/api/v1/global${path}`, init, { DB_GLOBAL: db });
  return { status: response.status, trips };
}

describe("D1 round trips per request", () => {
  it("reads make one round trip and writes one batch, on success and refusal alike", async () => {
    const { reseller, provider } = await indirectPair("global");
    const customer = await signedInCustomer("global");
    const { partner, customer: served } = await related("global");
    const invitation = await invite("global", reseller.cookie, {
      indirectProviderId: provider.partnerId,
    });
    const spare = await invite("global", reseller.cookie);
    const cases: [
      string,
      string,
      { method?: string; body?: unknown; cookie?: string },
      number,
      string,
    ][] = [
      ["create", "/invitations", { cookie: reseller.cookie, body: { locale: "en" } }, 201, "batch"],
      [
        "create, not linked",
        "/invitations",
        {
          cookie: reseller.cookie,
          body: { locale: "en", indirectProviderId: crypto.randomUUID() },
        },
        400,
        "batch",
      ],
      ["list", "/invitations?state=pending", { cookie: reseller.cookie }, 200, "batch"],
      ["providers", "/indirect-providers", { cookie: reseller.cookie }, 200, "batch"],
      ["preview", "/invitations/preview", { body: { token: invitation.token } }, 200, "first"],
      ["preview, unknown", "/invitations/preview", { body: { token: "nope" } }, 404, "first"],
      [
        "accept",
        "/invitations/accept",
        { cookie: customer.cookie, body: { token: invitation.token } },
        200,
        "batch",
      ],
      [
        "accept, used",
        "/invitations/accept",
        { cookie: customer.cookie, body: { token: invitation.token } },
        409,
        "batch",
      ],
      [
        "accept, unknown",
        "/invitations/accept",
        { cookie: customer.cookie, body: { token: "nope" } },
        404,
        "batch",
      ],
      [
        "revoke",
        `/invitations/${spare.id}`,
        { method: "DELETE", cookie: reseller.cookie },
        204,
        "batch",
      ],
      [
        "remove",
        `/customers/${served.customerId}/relationship`,
        { method: "DELETE", cookie: partner.cookie, body: { acknowledgeLegalNotice: true } },
        200,
        "batch",
      ],
      [
        "remove, not theirs",
        `/customers/${customer.customerId}/relationship`,
        { method: "DELETE", cookie: partner.cookie, body: { acknowledgeLegalNotice: true } },
        404,
        "batch",
      ],
      [
        "revoke delegated admin",
        `/customers/${served.customerId}/delegated-admin`,
        { method: "DELETE", cookie: partner.cookie },
        204,
        "batch",
      ],
    ];
    for (const [name, path, init, status, trip] of cases) {
      expect(await tripsOf(path, init), name).toEqual({ status, trips: [trip] });
    }
  });
});
