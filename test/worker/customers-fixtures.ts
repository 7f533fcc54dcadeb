/**
 * Shared set-up for the customer, offer and domain tests: a signed-in partner of its own per
 * test, a valid customer body for each cloud, and direct database checks.
 */
import type { CloudId } from "../../src/domain/clouds.ts";
import type { PartnerType, Role } from "../../src/domain/roles.ts";
import type { CustomerCreated } from "../../src/domain/schemas/customer.ts";
import { call, createPartnerUser, dbOf, signIn } from "./helpers.ts";

/** A partner of its own with one signed-in user. */
export async function partnerSession(
  cloud: CloudId,
  options: { roles?: Role[]; type?: PartnerType } = {},
) {
  const user = await createPartnerUser(cloud, options);
  return { ...user, cloud, cookie: await signIn(cloud, user.email) };
}
export type PartnerSession = Awaited<ReturnType<typeof partnerSession>>;

/** A fresh domain prefix nobody else uses. */
export function uniquePrefix(): string {
  return `t${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
}

const CLOUD_DEFAULTS = {
  global: {
    offer: "m365-business-basic",
    address: {
      country: "US",
      line1: "1 Microsoft Way",
      city: "Redmond",
      state: "WA",
      postalCode: "98052",
    },
    culture: "en-US",
  },
  usgov: {
    offer: "m365-gcc-g3",
    address: {
      country: "US",
      line1: "1600 Defense Pkwy",
      city: "Arlington",
      state: "VA",
      postalCode: "22202",
    },
    culture: "en-US",
  },
  germany: {
    offer: "o365-e1-de",
    address: { country: "DE", line1: "Unter den Linden 17", city: "Berlin", postalCode: "10117" },
    culture: "de-DE",
  },
  china: {
    offer: "o365-e1-cn",
    address: {
      country: "CN",
      line1: "Jianguo Road 88",
      city: "Beijing",
      state: "BJ",
      postalCode: "100022",
    },
    culture: "zh-CN",
  },
} as const;

/** A valid `POST /customers` body for `cloud`, with a fresh domain prefix. */
export function customerBody(cloud: CloudId = "global", overrides: Record<string, unknown> = {}) {
  const defaults = CLOUD_DEFAULTS[cloud];
  return {
    companyName: "Fourth Coffee",
    domainPrefix: uniquePrefix(),
    address: { ...defaults.address },
    primaryContact: {
      firstName: "Ana",
      lastName: "Bowman",
      email: "ana@fourthcoffee.example",
      phone: "+1 425 555 0100",
    },
    language: "en",
    culture: defaults.culture,
    subscriptions: [{ offerId: defaults.offer, quantity: 10 }],
    ...overrides,
  };
}

/** Creates a customer as `session` and returns the answer (asserting 201). */
export async function createCustomer(
  session: PartnerSession,
  overrides: Record<string, unknown> = {},
): Promise<CustomerCreated> {
  const response = await call(`/api/v1/${session.cloud}/customers`, {
    body: customerBody(session.cloud, overrides),
    cookie: session.cookie,
  });
  if (response.status !== 201)
    throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json<unknown>()) as CustomerCreated;
}

/** How many audit records a request left. */
export async function auditRecordsOf(cloud: CloudId, response: Response): Promise<number> {
  const row = await dbOf(cloud)
    .prepare("SELECT COUNT(*) AS n FROM audit_records WHERE request_id = ?1")
    .bind(response.headers.get("X-Request-Id"))
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** How many customers have `prefix` in `cloud`. */
export async function customersWithPrefix(cloud: CloudId, prefix: string): Promise<number> {
  const row = await dbOf(cloud)
    .prepare("SELECT COUNT(*) AS n FROM customers WHERE domain_prefix = ?1")
    .bind(prefix.toLowerCase())
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The current ETag of a customer as `session` sees it. */
export async function etagOf(session: PartnerSession, customerId: string): Promise<string> {
  const response = await call(`/api/v1/${session.cloud}/customers/${customerId}`, {
    cookie: session.cookie,
  });
  if (response.status !== 200) throw new Error(`get failed: ${response.status}`);
  return response.headers.get("ETag") ?? "";
}

/**
 * Inserts `count` customers with active relationships to `partnerId` straight into the database
 * (two statements), named `${name} 00001`…; for paging and export volume.
 */
export async function seedCustomers(
  cloud: CloudId,
  partnerId: string,
  count: number,
  options: { name?: string; indirectResellerId?: string } = {},
): Promise<void> {
  const db = dbOf(cloud);
  const tag = crypto.randomUUID().slice(0, 8);
  const name = options.name ?? `Bulk ${tag}`;
  const numbers = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)`;
  const id = `printf('%08x-0000-4000-8000-%012d', ?3, i)`;
  const now = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        `${numbers}
         INSERT INTO customers (id, company_name, company_name_key, domain_prefix, domain, country, address_line1,
           city, state, postal_code, contact_first_name, contact_last_name, contact_email, language, culture, created_at, updated_at)
         SELECT ${id}, printf('%s %05d', ?2, i), lower(printf('%s %05d', ?2, i)), printf('b%s%05d', ?4, i),
           printf('b%s%05d.example', ?4, i), 'US', '1 Main St', 'Seattle', 'WA', '98101', 'Ann', 'Lee',
           'ann@example.com', 'en', 'en-US', ?5, ?5 FROM n`,
      )
      .bind(count, name, Number.parseInt(tag, 16), tag, now),
    db
      .prepare(
        `${numbers}
         INSERT INTO relationships (id, partner_id, customer_id, indirect_reseller_id, state, company_name_key, domain_prefix, created_at)
         SELECT lower(hex(randomblob(16))), ?2, ${id}, ?4, 'active', lower(printf('%s %05d', ?5, i)), printf('b%s%05d', ?6, i), ?7 FROM n`,
      )
      .bind(
        count,
        partnerId,
        Number.parseInt(tag, 16),
        options.indirectResellerId ?? null,
        name,
        tag,
        now,
      ),
  ]);
}
