/**
 * The local demo directory of SPEC §8, as SQL for one cloud's database. Local use only: it is
 * never a migration. Ids are derived from the cloud and a name, so running it again inserts
 * nothing new (`INSERT OR IGNORE`), and each cloud has its own ids.
 */
import { CLOUDS, type CloudId } from "../../src/domain/clouds.ts";
import { hashPassword } from "../lib/crypto.ts";

/** Every demo user's password. */
export const DEMO_PASSWORD = "Portal!Demo2026";

/** A stable UUID-shaped id for `name` in `cloud`. */
export async function demoId(cloud: CloudId, name: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${cloud}:${name}`),
  );
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function sql(value: string | number | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

function insert(table: string, row: Record<string, string | number | null>): string {
  const columns = Object.keys(row);
  return `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => sql(row[c] ?? null)).join(", ")});`;
}

interface DemoAddress {
  country: string;
  line1: string;
  city: string;
  state: string | null;
  postalCode: string;
  language: string;
  culture: string;
}

const ADDRESSES: Record<CloudId, DemoAddress> = {
  global: {
    country: "US",
    line1: "1 Microsoft Way",
    city: "Redmond",
    state: "WA",
    postalCode: "98052",
    language: "en",
    culture: "en-US",
  },
  usgov: {
    country: "US",
    line1: "1600 Defense Pkwy",
    city: "Arlington",
    state: "VA",
    postalCode: "22202",
    language: "en",
    culture: "en-US",
  },
  germany: {
    country: "DE",
    line1: "Unter den Linden 17",
    city: "Berlin",
    state: null,
    postalCode: "10117",
    language: "de",
    culture: "de-DE",
  },
  china: {
    country: "CN",
    line1: "Jianguo Road 88",
    city: "Beijing",
    state: null,
    postalCode: "100022",
    language: "zh-Hans",
    culture: "zh-CN",
  },
};

/** The offer the demo subscriptions use in each cloud (see the offer catalog migration). */
const DEMO_OFFER: Record<CloudId, string> = {
  global: "m365-business-basic",
  usgov: "m365-gcc-g3",
  germany: "o365-e1-de",
  china: "o365-e1-cn",
};

const PARTNERS = [
  { key: "contoso", name: "Contoso Partners", type: "direct_reseller" },
  { key: "fabrikam", name: "Fabrikam Resellers", type: "indirect_reseller" },
  { key: "northwind", name: "Northwind Distribution", type: "indirect_provider" },
] as const;

const PARTNER_USERS = [
  {
    email: "admin@contoso.example",
    name: "Ana Contoso",
    partner: "contoso",
    roles: ["global_admin"],
  },
  {
    email: "agent@contoso.example",
    name: "Alex Agent",
    partner: "contoso",
    roles: ["admin_agent"],
  },
  { email: "sales@contoso.example", name: "Sam Sales", partner: "contoso", roles: ["sales_agent"] },
  {
    email: "helpdesk@contoso.example",
    name: "Hana Helpdesk",
    partner: "contoso",
    roles: ["helpdesk_agent"],
  },
  {
    email: "admin@fabrikam.example",
    name: "Farid Fabrikam",
    partner: "fabrikam",
    roles: ["global_admin"],
  },
  {
    email: "admin@northwind.example",
    name: "Nina Northwind",
    partner: "northwind",
    roles: ["global_admin"],
  },
] as const;

const CUSTOMERS = [
  { prefix: "adatum", name: "Adatum Corporation", contact: ["Ada", "Tum"], partner: null },
  { prefix: "litware", name: "Litware Inc.", contact: ["Lior", "Ware"], partner: null },
  { prefix: "tailspintoys", name: "Tailspin Toys", contact: ["Tali", "Spin"], partner: "contoso" },
  { prefix: "wingtiptoys", name: "Wingtip Toys", contact: ["Wim", "Tip"], partner: "contoso" },
] as const;

/**
 * The SQL that loads the demo directory into `cloud`'s database.
 *
 * @example
 * const statements = await demoSeedSql("germany");
 */
export async function demoSeedSql(
  cloud: CloudId,
  now = "2026-01-15T09:00:00.000Z",
): Promise<string[]> {
  const suffix = CLOUDS[cloud].domainSuffix;
  const address = ADDRESSES[cloud];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const id = (name: string) => demoId(cloud, name);
  const statements: string[] = [];

  for (const partner of PARTNERS) {
    statements.push(
      insert("partners", {
        id: await id(`partner:${partner.key}`),
        name: partner.name,
        name_key: partner.name.toLocaleLowerCase(),
        type: partner.type,
        email_domain: `${partner.key}.example`,
        status: "active",
        created_at: now,
        updated_at: now,
      }),
    );
  }
  statements.push(
    insert("partner_links", {
      reseller_id: await id("partner:fabrikam"),
      provider_id: await id("partner:northwind"),
      created_at: now,
    }),
  );
  for (const user of PARTNER_USERS) {
    statements.push(
      insert("users", {
        id: await id(`user:${user.email}`),
        email: user.email,
        display_name: user.name,
        kind: "partner",
        partner_id: await id(`partner:${user.partner}`),
        customer_id: null,
        roles: JSON.stringify(user.roles),
        password_hash: passwordHash,
        must_change_password: 0,
        status: "active",
        created_at: now,
        updated_at: now,
      }),
    );
  }
  // The cloud's operator (SPEC §6, Cloud operator): in production the first one is added with
  // `npm run operator:add`; the demo has one per cloud.
  const operatorEmail = `operator@${cloud}.example`;
  statements.push(
    insert("users", {
      id: await id(`user:${operatorEmail}`),
      email: operatorEmail,
      display_name: "Olga Operator",
      kind: "operator",
      partner_id: null,
      customer_id: null,
      roles: "[]",
      password_hash: passwordHash,
      must_change_password: 0,
      status: "active",
      created_at: now,
      updated_at: now,
    }),
  );
  for (const customer of CUSTOMERS) {
    const customerId = await id(`customer:${customer.prefix}`);
    const domain = `${customer.prefix}.${suffix}`;
    statements.push(
      insert("customers", {
        id: customerId,
        company_name: customer.name,
        company_name_key: customer.name.toLocaleLowerCase(),
        domain_prefix: customer.prefix,
        domain,
        country: address.country,
        address_line1: address.line1,
        address_line2: null,
        city: address.city,
        state: address.state,
        postal_code: address.postalCode,
        contact_first_name: customer.contact[0],
        contact_last_name: customer.contact[1],
        contact_email: `${customer.contact[0].toLowerCase()}@${customer.prefix}.example`,
        contact_phone: "+1 425 555 0100",
        language: address.language,
        culture: address.culture,
        organization_registration_number: null,
        version: 1,
        created_at: now,
        updated_at: now,
      }),
      insert("users", {
        id: await id(`user:admin@${domain}`),
        email: `admin@${domain}`,
        display_name: `${customer.name} administrator`,
        kind: "customer",
        partner_id: null,
        customer_id: customerId,
        roles: "[]",
        password_hash: passwordHash,
        must_change_password: 0,
        status: "active",
        created_at: now,
        updated_at: now,
      }),
    );
    if (customer.partner) {
      const partnerId = await id(`partner:${customer.partner}`);
      statements.push(
        insert("relationships", {
          id: await id(`relationship:${customer.partner}:${customer.prefix}`),
          partner_id: partnerId,
          customer_id: customerId,
          indirect_reseller_id: null,
          state: "active",
          company_name_key: customer.name.toLocaleLowerCase(),
          domain_prefix: customer.prefix,
          created_at: now,
          removed_at: null,
        }),
        insert("delegated_admin_grants", {
          id: await id(`dap:${customer.partner}:${customer.prefix}`),
          partner_id: partnerId,
          customer_id: customerId,
          state: "active",
          granted_at: now,
          revoked_at: null,
        }),
        insert("subscriptions", {
          id: await id(`subscription:${customer.partner}:${customer.prefix}`),
          customer_id: customerId,
          partner_id: partnerId,
          offer_id: DEMO_OFFER[cloud],
          quantity: 25,
          state: "active",
          created_at: now,
          updated_at: now,
        }),
      );
    }
  }
  return statements;
}
