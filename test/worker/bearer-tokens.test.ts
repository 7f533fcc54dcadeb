/**
 * SPEC §7: bearer JWTs from the cloud's identity provider. A token must say when it ends and
 * may not live long; it is bound to one cloud (audience); its identity is `iss` + `sub`, mapped
 * to a directory user by the operator — the mutable `email` claim is never trusted.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { JwksCache } from "../../worker/lib/jwks.ts";
import {
  audienceOf,
  bearerToken,
  call,
  createPartnerUser,
  dbOf,
  linkIdentity,
  problemOf,
} from "./helpers.ts";

const nowSeconds = () => Math.floor(Date.now() / 1000);

function asBearer(cloud: string, token: string) {
  return call(`/api/v1/${cloud}/session`, { headers: { Authorization: `Bearer ${token}` } });
}

describe("bearer JWT lifetime", () => {
  it("refuses a token without exp, with an iat ten years old, and one that claims to live too long", async () => {
    const { userId } = await createPartnerUser("global");
    const sub = crypto.randomUUID();
    await linkIdentity("global", sub, userId);
    const base = { iss: env.JWT_ISSUER, aud: audienceOf("global"), sub };
    const valid = await bearerToken({ ...base, iat: nowSeconds(), exp: nowSeconds() + 600 });
    expect((await asBearer("global", valid)).status).toBe(200);
    const refused = [
      await bearerToken({ ...base, iat: nowSeconds() }),
      await bearerToken({
        ...base,
        iat: nowSeconds() - 10 * 365 * 86_400,
        exp: nowSeconds() + 600,
      }),
      await bearerToken({ ...base, exp: nowSeconds() + 10 * 365 * 86_400 }),
    ];
    for (const token of refused) {
      const response = await asBearer("global", token);
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toBe("unauthorized");
    }
  });
});

describe("bearer JWT binding", () => {
  it("accepts a token only in the cloud its audience names", async () => {
    const global = await createPartnerUser("global");
    const usgov = await createPartnerUser("usgov");
    const sub = crypto.randomUUID();
    await linkIdentity("global", sub, global.userId);
    await linkIdentity("usgov", sub, usgov.userId);
    const claims = { iss: env.JWT_ISSUER, sub, iat: nowSeconds(), exp: nowSeconds() + 600 };
    const forGlobal = await bearerToken({ ...claims, aud: audienceOf("global") });
    expect((await asBearer("global", forGlobal)).status).toBe(200);
    expect((await asBearer("usgov", forGlobal)).status).toBe(401);
    const forUsgov = await bearerToken({ ...claims, aud: audienceOf("usgov") });
    expect(await (await asBearer("usgov", forUsgov)).json()).toMatchObject({ id: usgov.userId });
  });

  it("keys the identity on iss + sub and never on the email claim", async () => {
    const mapped = await createPartnerUser("global", { roles: ["sales_agent"] });
    const sub = crypto.randomUUID();
    await linkIdentity("global", sub, mapped.userId);
    const claims = {
      iss: env.JWT_ISSUER,
      aud: audienceOf("global"),
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
    };
    // An unmapped subject whose email claim names the demo customer admin gets nothing.
    for (const claim of ["email", "preferred_username", "upn"]) {
      const spoof = await bearerToken({
        ...claims,
        sub: crypto.randomUUID(),
        [claim]: "admin@adatum.onmicrosoft.com",
      });
      expect((await asBearer("global", spoof)).status).toBe(401);
    }
    // A mapped subject is its directory user, whatever its email claim says.
    const misleading = await bearerToken({
      ...claims,
      sub,
      email: "admin@adatum.onmicrosoft.com",
    });
    const response = await asBearer("global", misleading);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: mapped.userId, email: mapped.email });
    // The same subject from another issuer is another identity.
    const otherIssuer = await bearerToken({ ...claims, sub, iss: "https://other.test/" });
    expect((await asBearer("global", otherIssuer)).status).toBe(401);
  });

  it("ends with the user: a disabled directory user's token is refused", async () => {
    // Not a global admin: a partner's last active global admin cannot be disabled (0008).
    const { userId } = await createPartnerUser("germany", { roles: ["admin_agent"] });
    const sub = crypto.randomUUID();
    await linkIdentity("germany", sub, userId);
    const token = await bearerToken({
      iss: env.JWT_ISSUER,
      aud: audienceOf("germany"),
      sub,
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
    });
    expect((await asBearer("germany", token)).status).toBe(200);
    await dbOf("germany")
      .prepare("UPDATE users SET status = 'disabled' WHERE id = ?1")
      .bind(userId)
      .run();
    expect((await asBearer("germany", token)).status).toBe(401);
  });
});

describe("JWKS cache", () => {
  function fakeIdp(cacheControl: string | null) {
    const served: { keys: { kid: string }[] }[] = [{ keys: [{ kid: "a" }] }];
    let fetches = 0;
    return {
      rotate: (kid: string) => served.unshift({ keys: [{ kid }] }),
      get fetches() {
        return fetches;
      },
      fetch: () => {
        fetches++;
        return Promise.resolve(
          new Response(JSON.stringify(served[0]), {
            headers: {
              "Content-Type": "application/json",
              ...(cacheControl ? { "Cache-Control": cacheControl } : {}),
            },
          }),
        );
      },
    };
  }

  it("keeps keys for the max-age the identity provider gives, then fetches again", async () => {
    let now = 1_000_000;
    const idp = fakeIdp("public, max-age=600");
    const cache = new JwksCache({ fetch: idp.fetch, now: () => now });
    expect((await cache.keysFor("https://idp.test/keys", "a")).map((k) => k.kid)).toEqual(["a"]);
    now += 599_000;
    await cache.keysFor("https://idp.test/keys", "a");
    expect(idp.fetches).toBe(1);
    now += 2_000;
    await cache.keysFor("https://idp.test/keys", "a");
    expect(idp.fetches).toBe(2);
  });

  it("refreshes at once for an unknown kid, but at most once a minute", async () => {
    let now = 5_000_000;
    const idp = fakeIdp("max-age=86400");
    const cache = new JwksCache({ fetch: idp.fetch, now: () => now });
    await cache.keysFor("https://idp.test/keys", "a");
    idp.rotate("b");
    expect((await cache.keysFor("https://idp.test/keys", "b")).map((k) => k.kid)).toEqual(["b"]);
    expect(idp.fetches).toBe(2);
    // A flood of unknown kids does not become a flood of fetches.
    for (let i = 0; i < 20; i++) await cache.keysFor("https://idp.test/keys", `nope-${i}`);
    expect(idp.fetches).toBe(2);
    now += 61_000;
    await cache.keysFor("https://idp.test/keys", "nope-again");
    expect(idp.fetches).toBe(3);
  });

  it("bounds what it keeps: a short floor and a day's ceiling on max-age, a few issuers", async () => {
    let now = 0;
    const idp = fakeIdp("max-age=31536000");
    const cache = new JwksCache({ fetch: idp.fetch, now: () => now, maxEntries: 2 });
    await cache.keysFor("https://idp.test/keys", "a");
    now += 24 * 60 * 60 * 1000 + 1;
    await cache.keysFor("https://idp.test/keys", "a");
    expect(idp.fetches).toBe(2);
    const noStore = fakeIdp("no-store");
    const uncached = new JwksCache({ fetch: noStore.fetch, now: () => now });
    await uncached.keysFor("https://idp.test/keys", "a");
    await uncached.keysFor("https://idp.test/keys", "a");
    expect(noStore.fetches).toBe(1);
    for (const url of ["https://a.test/k", "https://b.test/k", "https://c.test/k"]) {
      await cache.keysFor(url, "a");
    }
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});
