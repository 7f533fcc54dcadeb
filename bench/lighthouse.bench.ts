/**
 * Lighthouse scores (performance, accessibility, best practices, SEO) of every page type in
 * `en` and `ru-ru`, in Debian's Chromium, against the local Worker. Signed-in pages are audited
 * with a real session cookie; the acceptance page with an invitation link's fragment.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS } from "../test/e2e/chromium.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const LOCALES = ["en", "ru-ru"] as const;
/** The metrics the performance score is made of, printed for a page below 100. */
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
] as const;

/**
 * What the performance score is computed from (the metrics), and what the bench prints of a
 * run below 100: a performance-only run needs no other audit.
 */
const PERFORMANCE_AUDITS = [...METRICS, "long-tasks", "layout-shifts"] as const;

interface PageType {
  name: string;
  path: (locale: string) => string;
  /** Audited with the session cookie present (the browser sends it to the API only). */
  signedIn: boolean;
}

const PAGES: PageType[] = [
  { name: "home", path: (l) => `/global/${l}/`, signedIn: false },
  { name: "docs", path: (l) => `/global/${l}/docs/add-a-new-customer/`, signedIn: false },
  { name: "sign-in", path: (l) => `/global/${l}/sign-in/`, signedIn: false },
  { name: "customer list", path: (l) => `/global/${l}/customers/`, signedIn: true },
  { name: "wizard", path: (l) => `/global/${l}/customers/new/`, signedIn: true },
  { name: "customer page", path: (l) => `/global/${l}/customers/view/?id=`, signedIn: true },
  { name: "invitations", path: (l) => `/global/${l}/invitations/`, signedIn: true },
  { name: "accept", path: (l) => `/global/${l}/invitations/accept/`, signedIn: false },
  { name: "audit", path: (l) => `/global/${l}/audit/`, signedIn: true },
];

/**
 * Puts the cookies sign-in set (the session and the signed-in hint) into the browser's default
 * context, where Lighthouse opens its tabs, exactly as signing in through the page would.
 */
async function addSignInCookies(
  port: number,
  baseURL: string,
  setCookies: string[],
): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  if (!context) throw new Error("no default browser context");
  await context.addCookies(
    setCookies.map((line) => {
      const [pair = ""] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      return {
        name,
        value,
        domain: new URL(baseURL).hostname,
        path: /;\s*Path=([^;]+)/i.exec(line)?.[1] ?? "/",
        httpOnly: /;\s*HttpOnly/i.test(line),
        secure: true,
        sameSite: "Strict" as const,
      };
    }),
  );
  // Leaves the browser running: Lighthouse drives it next.
  await browser.close().catch(() => {});
}

async function signIn(baseURL: string): Promise<string[]> {
  const response = await fetch(`${baseURL}/api/v1/global/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin@contoso.example", password: "Portal!Demo2026" }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.getSetCookie();
}

/** The id of a customer the demo partner has, for the customer page. */
async function demoCustomerId(baseURL: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/v1/global/customers?limit=1`, {
    headers: { Cookie: cookie },
  });
  const body = (await response.json()) as { items: { id: string }[] };
  return body.items[0]?.id ?? "";
}

/** The fragment of a real invitation link (`#…`), as a customer admin would open it. */
async function invitationFragment(baseURL: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/v1/global/invitations`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: baseURL, "Content-Type": "application/json" },
    body: JSON.stringify({ locale: "en" }),
  });
  if (response.status !== 201) throw new Error(`invitation failed: ${response.status}`);
  return new URL(((await response.json()) as { url: string }).url).hash;
}

type Run = Awaited<ReturnType<typeof lighthouse>>;

/**
 * One Lighthouse run of `url` over `categories`; a run whose trace recording failed (a runtime
 * error, for which Lighthouse asks to run it again) is run again, at most twice.
 */
async function audit(
  url: string,
  port: number,
  categories: readonly string[],
  onlyAudits?: readonly string[],
): Promise<Run> {
  let run: Run;
  for (let attempt = 0; attempt < 3; attempt++) {
    run = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...categories],
      ...(onlyAudits ? { onlyAudits: [...onlyAudits] } : {}),
      // Screenshots are not scored: left out, the audits take less of the bench's time.
      disableFullPageScreenshot: true,
      skipAudits: ["screenshot-thumbnails", "final-screenshot"],
    });
    if (!run?.lhr.runtimeError) break;
  }
  return run;
}

/** Prints one row per page type and locale; returns how many rows are below 100 anywhere. */
export async function lighthouseBench(baseURL: string): Promise<void> {
  const setCookies = await signIn(baseURL);
  const cookie = setCookies[0]?.split(";")[0] ?? "";
  const customerId = await demoCustomerId(baseURL, cookie);
  const fragment = await invitationFragment(baseURL, cookie);
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", ...CHROMIUM_FLAGS],
  });
  let below = 0;
  try {
    console.log(
      `${"page".padEnd(16)}${"locale".padEnd(8)}${CATEGORIES.map((c) => c.padStart(16)).join("")}`,
    );
    // Signed-out pages first, in a browser without a session; then the signed-in ones.
    // LIGHTHOUSE_PAGES=wizard,audit audits only those page types.
    const only = (process.env.LIGHTHOUSE_PAGES ?? "").split(",").filter(Boolean);
    const pages = PAGES.filter((p) => only.length === 0 || only.includes(p.name));
    const ordered = [...pages.filter((p) => !p.signedIn), ...pages.filter((p) => p.signedIn)];
    let withSession = false;
    for (const page of ordered) {
      if (page.signedIn && !withSession) {
        await addSignInCookies(chrome.port, baseURL, setCookies);
        withSession = true;
      }
      for (const locale of LOCALES) {
        const suffix = { "customer page": customerId, accept: fragment }[page.name] ?? "";
        const path = page.path(locale) + suffix;
        const first = await audit(`${baseURL}${path}`, chrome.port, CATEGORIES);
        // Performance varies from run to run on a shared machine: its score is the median of
        // three runs, as Lighthouse itself advises; the other categories come from the first.
        // When the first two agree, they are the median whatever the third says: it is not run.
        const performanceOf = (run: Run) => run?.lhr.categories["performance"]?.score ?? 0;
        const runs = [
          first,
          await audit(`${baseURL}${path}`, chrome.port, ["performance"], PERFORMANCE_AUDITS),
        ];
        if (performanceOf(runs[0]) !== performanceOf(runs[1])) {
          runs.push(
            await audit(`${baseURL}${path}`, chrome.port, ["performance"], PERFORMANCE_AUDITS),
          );
        }
        const result = [...runs].sort((a, b) => performanceOf(a) - performanceOf(b))[1];
        const categories: Record<string, { score: number | null } | undefined> = {
          ...first?.lhr.categories,
          performance: result?.lhr.categories["performance"],
        };
        const scores = CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100));
        if (scores.some((s) => s < 100)) below++;
        const failing = Object.values(first?.lhr.audits ?? {})
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
          .map((a) => a.id);
        const consoleErrors = (
          (
            first?.lhr.audits["errors-in-console"]?.details as
              { items?: { description?: string; url?: string }[] } | undefined
          )?.items ?? []
        ).map((item) => `${item.description ?? ""} ${item.url ?? ""}`.trim());
        console.log(
          `${page.name.padEnd(16)}${locale.padEnd(8)}${scores.map((s) => String(s).padStart(16)).join("")}${failing.length ? `   (${failing.join(", ")})` : ""}`,
        );
        for (const error of consoleErrors) console.log(`${"".padEnd(24)}console: ${error}`);
        if ((categories["performance"]?.score ?? 0) < 1) {
          const scored = runs.map((run) => Math.round(performanceOf(run) * 100));
          console.log(`${"".padEnd(24)}performance runs: ${scored.join(", ")} (median shown)`);
          const metrics = METRICS.map((id) => result?.lhr.audits[id])
            .filter((a) => a && a.score !== null && a.score < 1)
            .map((a) => `${a?.id} ${a?.displayValue ?? ""} (${Math.round((a?.score ?? 0) * 100)})`);
          console.log(`${"".padEnd(24)}performance: ${metrics.join("; ")}`);
          const runtimeError = result?.lhr.runtimeError;
          if (runtimeError)
            console.log(`${"".padEnd(24)}error: ${runtimeError.code} ${runtimeError.message}`);
          const longTasks = (
            (
              result?.lhr.audits["long-tasks"]?.details as
                { items?: { url?: string; duration?: number }[] } | undefined
            )?.items ?? []
          ).map(
            (item) =>
              `${(item.url ?? "?").replace(baseURL, "")} ${Math.round(item.duration ?? 0)} ms`,
          );
          if (longTasks.length) console.log(`${"".padEnd(24)}long tasks: ${longTasks.join("; ")}`);
          if (process.env.LIGHTHOUSE_DEBUG) {
            for (const id of ["mainthread-work-breakdown", "bootup-time"]) {
              const items =
                (result?.lhr.audits[id]?.details as { items?: unknown[] } | undefined)?.items ?? [];
              console.log(`${"".padEnd(24)}${id}: ${JSON.stringify(items)}`);
            }
            console.log(
              `${"".padEnd(24)}benchmarkIndex: ${result?.lhr.environment.benchmarkIndex}`,
            );
          }
          const shifted = (
            (
              result?.lhr.audits["layout-shifts"]?.details as
                { items?: { node?: { selector?: string } }[] } | undefined
            )?.items ?? []
          ).map((item) => item.node?.selector ?? "?");
          if (shifted.length) console.log(`${"".padEnd(24)}shifted: ${shifted.join("; ")}`);
        }
      }
    }
    console.log(`${below} of ${pages.length * LOCALES.length} page audits below 100 somewhere`);
  } finally {
    chrome.kill();
  }
}
