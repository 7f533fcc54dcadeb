import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { deployTarget } from "../../../scripts/deploy-target.ts";

const wranglerToml = readFileSync("wrangler.toml", "utf8");

function withOrigin(origin: string): string {
  return `[env.germany]\nname = "partner-portal-germany"\nvars = { PORTAL_CLOUDS = "germany", PUBLIC_ORIGIN = "${origin}" }\n`;
}

describe("deployTarget", () => {
  it("reads every cloud's public origin from wrangler.toml for a dry run", () => {
    for (const cloud of CLOUD_IDS) {
      expect(deployTarget(wranglerToml, cloud, { dryRun: true })).toEqual({
        cloud,
        origin: `https://${cloud}.partner-portal.example`,
      });
    }
  });

  it("refuses to deploy the placeholder origin the repository ships", () => {
    expect(() => deployTarget(wranglerToml, "germany", { dryRun: false })).toThrow(
      /PUBLIC_ORIGIN https:\/\/germany\.partner-portal\.example is still the example placeholder/,
    );
  });

  it("deploys a real https origin, with a port if it has one", () => {
    expect(
      deployTarget(withOrigin("https://partner.contoso.de"), "germany", { dryRun: false }),
    ).toEqual({ cloud: "germany", origin: "https://partner.contoso.de" });
    expect(
      deployTarget(withOrigin("https://partner.contoso.de:8443"), "germany", { dryRun: false })
        .origin,
    ).toBe("https://partner.contoso.de:8443");
  });

  it.each([
    ["http://partner.contoso.de", /must be https/],
    ["https://partner.contoso.de/", /is not an origin/],
    ["https://partner.contoso.de/portal", /is not an origin/],
    [
      "https://Partner.Contoso.de",
      /is not an origin \(scheme and host only: https:\/\/partner\.contoso\.de\)/,
    ],
    ["partner.contoso.de", /is not a URL/],
  ])("refuses PUBLIC_ORIGIN %s", (origin, message) => {
    expect(() => deployTarget(withOrigin(origin), "germany", { dryRun: true })).toThrow(message);
  });

  it("refuses an unknown cloud and an environment without PUBLIC_ORIGIN", () => {
    expect(() => deployTarget(wranglerToml, "mars", { dryRun: true })).toThrow(
      'unknown cloud "mars": one of global, usgov, germany, china',
    );
    expect(() => deployTarget("[env.china]\nname = 'x'\n", "china", { dryRun: true })).toThrow(
      "[env.china] has no PUBLIC_ORIGIN",
    );
  });
});
