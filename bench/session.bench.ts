import { expectStatus, measure, measureSideBySide, printRatio } from "./measure.ts";

/**
 * What a signed-in request costs over an anonymous one (one D1 round trip: the session check
 * and the read in one batch), and what signing in costs over that (PBKDF2 at 100,000
 * iterations, by design slow, plus the session insert).
 */
export async function sessionBench(baseURL: string): Promise<void> {
  const signIn = () =>
    fetch(`${baseURL}/api/v1/global/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "helpdesk@contoso.example", password: "Portal!Demo2026" }),
    });
  const first = await signIn();
  const cookie = (first.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  const [health, session] = await measureSideBySide(
    [
      ["health", () => expectStatus(fetch(`${baseURL}/api/v1/health`), 200)],
      [
        "GET session",
        () =>
          expectStatus(
            fetch(`${baseURL}/api/v1/global/session`, { headers: { Cookie: cookie } }),
            200,
          ),
      ],
    ],
    { runs: 200 },
  );
  if (!health || !session) throw new Error("nothing measured");
  // Sign-in is rate limited (10 a minute per user name): stay under it.
  const login = await measure("POST session", () => expectStatus(signIn(), 200), {
    runs: 8,
    warmup: 0,
  });
  printRatio(
    "signed-in read (1 D1 round trip: session check + read) vs health (no D1)",
    session,
    health,
  );
  printRatio("sign-in (PBKDF2-SHA-256, 100k iterations) vs signed-in read", login, session);
}
