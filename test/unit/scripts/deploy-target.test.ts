import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLOUD_IDS } from "../../../src/domain/clouds.ts";
import { deployTarget, waitUntilReady } from "../../../scripts/deploy-target.ts";

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

describe("waitUntilReady", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A readiness endpoint on 127.0.0.1 that answers `statuses` in turn, then the last forever. */
  async function readiness(statuses: number[]): Promise<{ url: string; asked: () => number }> {
    let asked = 0;
    server = createServer((_request, response) => {
      const status = statuses[Math.min(asked++, statuses.length - 1)] ?? 200;
      response.writeHead(status, { "Content-Type": "application/problem+json" });
      response.end(status === 200 ? '{"status":"ok"}' : '{"code":"schema_behind"}');
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/api/v1/germany/health`, asked: () => asked };
  }

  it("returns once the cloud answers 200, after its 503s", async () => {
    const endpoint = await readiness([503, 503, 200]);
    await waitUntilReady(endpoint.url, 10, 10);
    expect(endpoint.asked()).toBe(3);
  });

  it("gives up after its time with the last answer", async () => {
    const endpoint = await readiness([503]);
    await expect(waitUntilReady(endpoint.url, 0.3, 50)).rejects.toThrow(
      /not ready after 0\.3 s: 503 \{"code":"schema_behind"\}/,
    );
  });

  it("counts a refused connection as not ready yet", async () => {
    const endpoint = await readiness([200]);
    server?.close();
    await expect(waitUntilReady(endpoint.url, 0.2, 50)).rejects.toThrow(/not ready after 0\.2 s/);
  });
});
