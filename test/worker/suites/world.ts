/**
 * A world for the isolation suite: in every cloud, victims (an indirect reseller linked to two
 * indirect providers, its customers, invitations, an API key and list cursors) and attackers
 * (partners of every type with a user per role, a customer admin, the cloud's operator, nobody
 * signed in). Every victim value is
 * unique, so a response that contains one has revealed it.
 */
import { CLOUD_IDS, hasFeature, type CloudId } from "../../../src/domain/clouds.ts";
import { ROLES, type PartnerType } from "../../../src/domain/roles.ts";
import { createApiKey } from "../api-keys-fixtures.ts";
import { createCustomer, partnerSession } from "../customers-fixtures.ts";
import { call, createPartnerUser, dbOf, signIn } from "../helpers.ts";
import { createOperator } from "../operator-helpers.ts";
import {
  addPartnerUser,
  createCustomerAdmin,
  invite,
  linkPartners,
} from "../relationships-helpers.ts";

/** What an id slot names, as far as a path or field name tells. */
export type SlotKind =
  | "customer"
  | "invitation"
  | "apiKey"
  | "prefix"
  | "cursor"
  | "partner"
  | "token"
  | "user"
  | "group"
  | "any";

export interface Victims {
  customer: string[];
  invitation: string[];
  apiKey: string[];
  prefix: string[];
  cursor: string[];
  partner: string[];
  token: string[];
  /** A colleague of the victim's global admin, and a group with them in it. */
  user: string[];
  group: string[];
  /** Every string that only a victim's data contains. */
  markers: string[];
}

export interface Attacker {
  label: string;
  /** A cloud operator: the cloud's own partners are its to see through the operator console. */
  operator?: boolean;
  /** Signs in on first use; undefined for nobody. */
  cookie: () => Promise<string | undefined>;
}

export interface CloudWorld {
  victims: Victims;
  attackers: Attacker[];
}

export type World = Record<CloudId, CloudWorld>;

function lazySignIn(cloud: CloudId, email: string): () => Promise<string> {
  let cookie: Promise<string> | undefined;
  return () => (cookie ??= signIn(cloud, email));
}

/** The `nextCursor` of a first page of one item, when there is a second. */
async function cursorOf(cloud: CloudId, cookie: string, path: string): Promise<string[]> {
  const response = await call(`/api/v1/${cloud}${path}`, { cookie });
  if (response.status !== 200) return [];
  const body = (await response.json<unknown>()) as { nextCursor?: string | null };
  return body.nextCursor ? [body.nextCursor] : [];
}

async function victimsOf(cloud: CloudId): Promise<Victims> {
  const reseller = await partnerSession(cloud, { type: "indirect_reseller" });
  const providers = [
    await createPartnerUser(cloud, { type: "indirect_provider" }),
    await createPartnerUser(cloud, { type: "indirect_provider" }),
  ];
  for (const provider of providers)
    await linkPartners(cloud, reseller.partnerId, provider.partnerId);
  const tag = reseller.partnerId.slice(0, 8);
  const customers = [
    await createCustomer(reseller, { companyName: `Victim ${tag} One` }),
    await createCustomer(reseller, { companyName: `Victim ${tag} Two` }),
  ];
  const invitations = hasFeature(cloud, "resellerInvitations")
    ? [
        await invite(cloud, reseller.cookie),
        await invite(cloud, reseller.cookie, { indirectProviderId: providers[0]?.partnerId ?? "" }),
      ]
    : [];
  const key = await createApiKey(reseller, { name: `Victim key ${tag}` });
  const colleague = await call(`/api/v1/${cloud}/users`, {
    cookie: reseller.cookie,
    body: {
      displayName: `Victim colleague ${tag}`,
      email: `colleague-${tag}@${reseller.email.split("@")[1] ?? ""}`,
      roles: ["sales_agent"],
    },
  });
  const user = ((await colleague.json<unknown>()) as { user: { id: string; email: string } }).user;
  const created = await call(`/api/v1/${cloud}/groups`, {
    cookie: reseller.cookie,
    body: { name: `Victim group ${tag}` },
  });
  const group = (await created.json<unknown>()) as { id: string; name: string };
  await call(`/api/v1/${cloud}/groups/${group.id}/members`, {
    cookie: reseller.cookie,
    body: { userId: user.id },
  });
  const cursors = (
    await Promise.all(
      [
        "/customers?limit=1",
        "/audit?limit=1",
        "/invitations?limit=1",
        "/indirect-providers?limit=1",
        "/api-keys?limit=1",
        "/users?limit=1",
      ].map((path) => cursorOf(cloud, reseller.cookie, path)),
    )
  ).flat();
  const partners = [reseller.partnerId, ...providers.map((p) => p.partnerId)];
  const names = (
    await dbOf(cloud)
      .prepare("SELECT name FROM partners WHERE id IN (?1, ?2, ?3)")
      .bind(...partners)
      .all<{ name: string }>()
  ).results.map((row) => row.name);
  const victims: Victims = {
    customer: customers.map((c) => c.customer.id),
    invitation: invitations.map((i) => i.id),
    apiKey: [key.apiKey.id],
    prefix: customers.map((c) => c.customer.domain.split(".")[0] ?? ""),
    cursor: cursors,
    partner: partners,
    token: invitations.map((i) => i.token),
    user: [user.id],
    group: [group.id],
    markers: [],
  };
  victims.markers = [
    ...victims.customer,
    ...victims.invitation,
    ...victims.apiKey,
    key.apiKey.name,
    ...victims.token,
    ...customers.map((c) => c.customer.companyName),
    ...customers.map((c) => c.customer.domain),
    ...providers.map((p) => p.email),
    user.id,
    user.email,
    group.id,
    group.name,
    reseller.email,
    ...names,
  ];
  return victims;
}

const ATTACKER_TYPES: PartnerType[] = ["direct_reseller", "indirect_reseller", "indirect_provider"];

async function attackersOf(cloud: CloudId, partners: number): Promise<Attacker[]> {
  const attackers: Attacker[] = [{ label: "nobody", cookie: () => Promise.resolve(undefined) }];
  for (let index = 0; index < partners; index++) {
    const type = ATTACKER_TYPES[index % ATTACKER_TYPES.length] ?? "direct_reseller";
    const admin = await createPartnerUser(cloud, { type });
    attackers.push({ label: `${type}:global_admin`, cookie: lazySignIn(cloud, admin.email) });
    for (const role of ROLES.filter((r) => r !== "global_admin")) {
      const email = await addPartnerUser(cloud, admin.partnerId, [role]);
      attackers.push({ label: `${type}:${role}`, cookie: lazySignIn(cloud, email) });
    }
    if (type === "indirect_reseller") {
      // A reseller of its own provider: its lists and filters have something of its own.
      const provider = await createPartnerUser(cloud, { type: "indirect_provider" });
      await linkPartners(cloud, admin.partnerId, provider.partnerId);
    }
  }
  const customerAdmin = await createCustomerAdmin(cloud);
  attackers.push({ label: "customer_admin", cookie: lazySignIn(cloud, customerAdmin.email) });
  const operator = await createOperator(cloud);
  attackers.push({ label: "operator", operator: true, cookie: lazySignIn(cloud, operator.email) });
  return attackers;
}

/** Builds the world in every cloud, with `partners` attacking partners per cloud. */
export async function buildWorld(partners: number): Promise<World> {
  const entries = await Promise.all(
    CLOUD_IDS.map(
      async (cloud) =>
        [
          cloud,
          { victims: await victimsOf(cloud), attackers: await attackersOf(cloud, partners) },
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as World;
}
