import { describe, expect, it } from "vitest";
import { AcceptedInvitation, InvitationList } from "../../src/domain/schemas/invitation.ts";
import { LinkedPartnerList } from "../../src/domain/schemas/relationship.ts";
import { SessionUser } from "../../src/domain/schemas/session.ts";
import { call, DEMO_PASSWORD, dbOf, problemOf } from "./helpers.ts";
import { grantsOf, preview, relationshipsOf, tokenOf } from "./relationships-helpers.ts";

/** Signs a demo user in once; returns the cookie and who they are. */
async function demoSignIn(username: string) {
  const response = await call("/api/v1/global/session", {
    body: { username, password: DEMO_PASSWORD },
  });
  expect(response.status).toBe(200);
  const user = SessionUser.parse(await response.json());
  return { cookie: (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "", user };
}

describe("the relationship flow, end to end through the API (demo directory, global)", () => {
  it("Fabrikam invites with Northwind, Adatum accepts, Fabrikam removes its relationship", async () => {
    const fabrikam = await demoSignIn("admin@fabrikam.example");
    const fabrikamId = fabrikam.user.partner?.id ?? "";

    // 1. Fabrikam (indirect reseller) picks its linked provider and invites.
    const providers = LinkedPartnerList.parse(
      await (await call("/api/v1/global/indirect-providers", { cookie: fabrikam.cookie })).json(),
    );
    const northwind = providers.items.find((p) => p.name === "Northwind Distribution");
    expect(northwind).toBeDefined();
    const created = await call("/api/v1/global/invitations", {
      cookie: fabrikam.cookie,
      body: { locale: "en", indirectProviderId: northwind?.id },
    });
    expect(created.status).toBe(201);
    const invitation = (await created.json<unknown>()) as {
      id: string;
      url: string;
      email: { subject: string };
    };
    expect(invitation.email.subject).toBe(
      "Fabrikam Resellers and Northwind Distribution invite you to a reseller relationship",
    );
    const token = tokenOf(invitation.url);

    // 2. Adatum's admin opens the link: the page previews, then accepts.
    expect(await (await preview("global", token)).json()).toMatchObject({
      partner: { name: "Fabrikam Resellers" },
      indirectProvider: { name: "Northwind Distribution" },
    });
    const adatum = await demoSignIn("admin@adatum.onmicrosoft.com");
    expect(adatum.user.kind).toBe("customer");
    const adatumId = adatum.user.customer?.id ?? "";
    const accepted = await call("/api/v1/global/invitations/accept", {
      cookie: adatum.cookie,
      body: { token },
    });
    expect(accepted.status).toBe(200);
    AcceptedInvitation.parse(await accepted.json());

    // 3. Adatum has active relationships with Fabrikam and with Northwind (naming Fabrikam).
    expect(await relationshipsOf("global", adatumId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          partner_id: fabrikamId,
          indirect_reseller_id: null,
          state: "active",
        }),
        expect.objectContaining({
          partner_id: northwind?.id,
          indirect_reseller_id: fabrikamId,
          state: "active",
        }),
      ]),
    );
    expect((await grantsOf("global", adatumId)).filter((g) => g.state === "active")).toHaveLength(
      2,
    );
    const acceptedList = InvitationList.parse(
      await (
        await call("/api/v1/global/invitations?state=accepted", { cookie: fabrikam.cookie })
      ).json(),
    );
    expect(acceptedList.items).toContainEqual(
      expect.objectContaining({
        id: invitation.id,
        acceptedCustomer: {
          id: adatumId,
          companyName: "Adatum Corporation",
          domain: "adatum.onmicrosoft.com",
        },
      }),
    );

    const listed = async () =>
      (
        (await (
          await call("/api/v1/global/customers?q=adatum", { cookie: fabrikam.cookie })
        ).json<unknown>()) as {
          items: { id: string }[];
        }
      ).items.map((item) => item.id);
    expect(await listed()).toContain(adatumId);

    // 4. Fabrikam removes its relationship: the legal notice must be acknowledged.
    const path = `/api/v1/global/customers/${adatumId}/relationship`;
    const unacknowledged = await call(path, {
      method: "DELETE",
      cookie: fabrikam.cookie,
      body: {},
    });
    expect(unacknowledged.status).toBe(400);
    expect((await problemOf(unacknowledged)).code).toBe("acknowledgement_required");
    const removed = await call(path, {
      method: "DELETE",
      cookie: fabrikam.cookie,
      body: { acknowledgeLegalNotice: true },
    });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({
      relationship: { state: "removed" },
      delegatedAdmin: { state: "active" },
    });
    const states = Object.fromEntries(
      (await relationshipsOf("global", adatumId)).map((r) => [r.partner_id, r.state]),
    );
    expect(states).toEqual({ [fabrikamId]: "removed", [northwind?.id ?? ""]: "active" });
    expect(await listed()).not.toContain(adatumId);

    // 5. Every step left its audit record, in the log of each partner concerned.
    const { results: audit } = await dbOf("global")
      .prepare(
        `SELECT partner_id, action FROM audit_records
         WHERE (target_type = 'invitation' AND target_id = ?1) OR (target_type = 'customer' AND target_id = ?2)
         ORDER BY rowid`,
      )
      .bind(invitation.id, adatumId)
      .all<{ partner_id: string; action: string }>();
    expect(audit).toEqual([
      { partner_id: fabrikamId, action: "invitation.created" },
      { partner_id: fabrikamId, action: "invitation.accepted" },
      { partner_id: northwind?.id, action: "invitation.accepted" },
      { partner_id: fabrikamId, action: "relationship.removed" },
    ]);
  });
});
