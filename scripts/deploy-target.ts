/**
 * What deploying one cloud needs from `wrangler.toml`: the cloud's environment and its public
 * origin, which the site is built for (canonical and language links name it) and which the
 * Worker builds invitation links from and accepts cookie-carrying writes from; and, once deployed,
 * the wait for the cloud's readiness.
 */
import { parse } from "smol-toml";
import { CLOUD_IDS, type CloudId } from "../src/domain/clouds.ts";

export interface DeployTarget {
  cloud: CloudId;
  /** `https://host[:port]`, no path. */
  origin: string;
}

/** Why `origin` cannot be a deployed cloud's origin, or undefined when it can. */
function originProblem(origin: string, placeholderAllowed: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return "is not a URL";
  }
  if (url.origin !== origin) return `is not an origin (scheme and host only: ${url.origin})`;
  if (url.protocol !== "https:") return "must be https";
  if (!placeholderAllowed && url.hostname.endsWith(".example")) {
    return "is still the example placeholder: set the cloud's real public origin";
  }
  return undefined;
}

/**
 * The target for `cloud` in the wrangler configuration `toml`. A dry run accepts the
 * placeholder origin the repository ships; a deployment does not.
 *
 * @example
 * deployTarget(readFileSync("wrangler.toml", "utf8"), "germany", { dryRun: true });
 * // { cloud: "germany", origin: "https://germany.partner-portal.example" }
 */
export function deployTarget(
  toml: string,
  cloud: string,
  { dryRun }: { dryRun: boolean },
): DeployTarget {
  if (!(CLOUD_IDS as readonly string[]).includes(cloud)) {
    throw new Error(`unknown cloud "${cloud}": one of ${CLOUD_IDS.join(", ")}`);
  }
  const config = parse(toml) as { env?: Record<string, { vars?: Record<string, unknown> }> };
  const origin = config.env?.[cloud]?.vars?.["PUBLIC_ORIGIN"];
  if (typeof origin !== "string") {
    throw new Error(`wrangler.toml: [env.${cloud}] has no PUBLIC_ORIGIN in its vars`);
  }
  const problem = originProblem(origin, dryRun);
  if (problem) throw new Error(`wrangler.toml: [env.${cloud}] PUBLIC_ORIGIN ${origin} ${problem}`);
  return { cloud: cloud as CloudId, origin };
}

/**
 * Polls `url` (a cloud's readiness, `GET /api/v1/<cloud>/health`) every `intervalMs` until it
 * answers 200, for at most `seconds`; throws with the last answer.
 *
 * @example
 * await waitUntilReady("https://germany.partner.example/api/v1/germany/health", 60);
 */
export async function waitUntilReady(
  url: string,
  seconds: number,
  intervalMs = 3000,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${url} not ready after ${seconds} s: ${last}`);
}
