/**
 * The invitation link and the CSRF origin check use the cloud's configured public origin
 * (PUBLIC_ORIGIN), never the `Host` a request arrives with.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { problemOf } from "./helpers.ts";
import { signedInPartner } from "./relationships-helpers.ts";

/** `POST /invitations` sent to `url`'s host with `headers`, as partner `cookie`. */
function inviteAt(url: string, cookie: string, headers: Record<string, string>) {
  return exports.default.fetch(`${url}/api/v1/global/invitations`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ locale: "en" }),
  });
}

describe("the configured public origin", () => {
  it("builds the invitation link from PUBLIC_ORIGIN whatever the Host header says", async () => {
    const partner = await signedInPartner("global");
    const response = await inviteAt("https://attacker.example", partner.cookie, {
      "Sec-Fetch-Site": "same-origin",
      Host: "attacker.example",
    });
    expect(response.status).toBe(201);
    const { url, email } = (await response.json<unknown>()) as {
      url: string;
      email: { body: string };
    };
    expect(url.startsWith(`${env.PUBLIC_ORIGIN}/global/en/invitations/accept/#`)).toBe(true);
    expect(email.body).not.toContain("attacker.example");
  });

  it("refuses a write whose Origin is the request's own host but not the public origin", async () => {
    const partner = await signedInPartner("global");
    const response = await inviteAt("https://attacker.example", partner.cookie, {
      Origin: "https://attacker.example",
    });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).code).toBe("csrf_rejected");
    const allowed = await inviteAt(env.PUBLIC_ORIGIN, partner.cookie, {
      Origin: env.PUBLIC_ORIGIN,
    });
    expect(allowed.status).toBe(201);
  });
});
