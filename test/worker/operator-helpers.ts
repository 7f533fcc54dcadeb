/**
 * Set-up for the operator tests: a cloud operator of its own per test (so no test shares a
 * sign-in or write budget with another), onboarding through the API, and direct counts.
 */
import type { CloudId } from "../../src/domain/clouds.ts";
import type { PartnerType } from "../../src/domain/roles.ts";
import type { OnboardedPartner } from "../../src/domain/schemas/operator.ts";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { call, DEMO_PASSWORD, dbOf, signIn } from "./helpers.ts";

let passwordHash: Promise<string> | undefined;

/** A cloud operator of its own (`operator-…@ops.example`), optionally with a temporary password. */
export async function createOperator(
  cloud: CloudId,
  options: { mustChangePassword?: boolean } = {},
) {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const userId = crypto.randomUUID();
  const email = `operator-${userId.slice(0, 8)}@ops.example`;
  const now = new Date().toISOString();
  await dbOf(cloud)
    .prepare(
      `INSERT INTO users (id, email, display_name, kind, roles, password_hash,
         must_change_password, status, created_at, updated_at)
       VALUES (?1, ?2, ?3, 'operator', '[]', ?4, ?5, 'active', ?6, ?6)`,
    )
    .bind(
      userId,
      email,
      `Operator ${userId.slice(0, 8)}`,
      await passwordHash,
      options.mustChangePassword ? 1 : 0,
      now,
    )
    .run();
  return { userId, email };
}

/** A signed-in operator of its own. */
export async function operatorSession(cloud: CloudId) {
  const operator = await createOperator(cloud);
  return { ...operator, cloud, cookie: await signIn(cloud, operator.email) };
}
export type OperatorSession = Awaited<ReturnType<typeof operatorSession>>;

/** A fresh, valid onboarding body: a partner and its admin in a domain nobody uses. */
export function onboardingBody(overrides: { type?: PartnerType; name?: string } = {}) {
  const tag = crypto.randomUUID().slice(0, 8);
  const emailDomain = `onboarded-${tag}.example`;
  return {
    name: overrides.name ?? `Onboarded ${tag}`,
    type: overrides.type ?? "direct_reseller",
    emailDomain,
    admin: { name: `Admin ${tag}`, email: `admin@${emailDomain}` },
  };
}

/** Onboards a partner through the API as `operator`; asserts the 201. */
export async function onboard(
  operator: OperatorSession,
  body: ReturnType<typeof onboardingBody> = onboardingBody(),
): Promise<OnboardedPartner> {
  const response = await call(`/api/v1/${operator.cloud}/operator/partners`, {
    cookie: operator.cookie,
    body,
  });
  if (response.status !== 201) {
    throw new Error(`onboarding failed: ${response.status} ${await response.text()}`);
  }
  return response.json<OnboardedPartner>();
}

/** How many rows `table` holds in `cloud` (a write that failed must leave them as they were). */
export async function rowCount(cloud: CloudId, table: string): Promise<number> {
  const row = await dbOf(cloud)
    .prepare(`SELECT COUNT(*) AS n FROM ${table}`)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
