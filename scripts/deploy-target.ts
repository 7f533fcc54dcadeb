/**
 * What deploying one cloud needs from `wrangler.toml`: the cloud's environment and its public
 * origin, which the site is built for (canonical and language links name it) and which the
 * Worker builds invitation links from and accepts cookie-carrying writes from.
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
