import { describe, expect, it } from "vitest";
import { call, createPartnerUser, DEMO_PASSWORD, signIn } from "./helpers.ts";

/** The `Set-Cookie` lines of a response, by cookie name. */
function setCookies(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => [line.split("=")[0] ?? "", line]));
}

describe("the signed-in hint", () => {
  it("is set at sign-in after the session cookie: readable by the cloud's pages, not a credential", async () => {
    const user = await createPartnerUser("usgov");
    const response = await call("/api/v1/usgov/session", {
      body: { username: user.email, password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(200);
    const lines = response.headers.getSetCookie();
    expect(lines[0]).toMatch(/^pp_session=/);
    const hint = setCookies(response).get("pp_signed_in") ?? "";
    expect(hint).toMatch(/^pp_signed_in=1;/);
    expect(hint).toContain("Path=/usgov/");
    expect(hint).toContain("Secure");
    expect(hint).toContain("SameSite=Strict");
    expect(hint).not.toContain("HttpOnly");
    // The hint alone signs nobody in.
    const hintOnly = await call("/api/v1/usgov/session", { cookie: "pp_signed_in=1" });
    expect(hintOnly.status).toBe(401);
  });

  it("is cleared at sign-out and by a 401, but not by a failed sign-in", async () => {
    const user = await createPartnerUser("global");
    const cookie = await signIn("global", user.email);
    const cleared = (response: Response) =>
      /^pp_signed_in=;.*Max-Age=0.*Path=\/global\//.test(
        setCookies(response).get("pp_signed_in") ?? "",
      );

    const wrong = await call("/api/v1/global/session", {
      body: { username: user.email, password: "Wrong-password-1" },
    });
    expect(wrong.status).toBe(401);
    expect(setCookies(wrong).has("pp_signed_in")).toBe(false);

    const signedOut = await call("/api/v1/global/session", { method: "DELETE", cookie });
    expect(signedOut.status).toBe(204);
    expect(cleared(signedOut)).toBe(true);

    const ended = await call("/api/v1/global/customers", { cookie });
    expect(ended.status).toBe(401);
    expect(cleared(ended)).toBe(true);
    // The session cookie names an ended session: the browser forgets it too.
    expect(setCookies(ended).get("pp_session")).toMatch(
      /^pp_session=;.*Max-Age=0.*Path=\/api\/v1\/global\//,
    );
  });

  it("keeps the session cookie when the 401 was not about it", async () => {
    const user = await createPartnerUser("global");
    const cookie = await signIn("global", user.email);
    // A failed sign-in says nothing of the session the browser holds.
    const wrong = await call("/api/v1/global/session", {
      cookie,
      body: { username: user.email, password: "Wrong-password-1" },
    });
    expect(wrong.status).toBe(401);
    expect(setCookies(wrong).has("pp_session")).toBe(false);
    // Nor does a refused bearer token, which the request was authenticated by instead.
    const bearer = await call("/api/v1/global/customers", {
      cookie,
      headers: { Authorization: "Bearer not-a-token" },
    });
    expect(bearer.status).toBe(401);
    expect(setCookies(bearer).has("pp_session")).toBe(false);
    expect((await call("/api/v1/global/customers", { cookie })).status).toBe(200);
  });
});
