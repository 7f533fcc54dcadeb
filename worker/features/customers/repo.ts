/**
 * Customer reads (SPEC §7). A partner sees a customer only through an active relationship of
 * its own, so every query starts from `relationships` with the caller's partner id; anything
 * else simply has no row (404). Each read is one statement: one D1 round trip.
 */
import { hasAdminRelationship, holdsAdminRole } from "../admin-relationships/access.ts";
import type { CloudId } from "../../../src/domain/clouds.ts";
import { countryRule, type CountryCode } from "../../../src/domain/countries.ts";
import {
  companyNameKey,
  type Address,
  type Customer,
  type CustomerCreateRequest,
  type CustomerFilters,
  type CustomerRelationship,
  type CustomerUpdateRequest,
  type PrimaryContact,
  type Subscription,
} from "../../../src/domain/schemas/customer.ts";
import type { AuditEntry } from "../../lib/audit.ts";
import { newId } from "../../lib/crypto.ts";
import { insertAuditWhen, whenAudited } from "../../lib/guarded-write.ts";
import { IDEMPOTENCY_TTL_MS, type IdempotencyClaim } from "../../lib/idempotency.ts";
import {
  assignments,
  insertWhere,
  join,
  prefixEnd,
  prepare,
  raw,
  sql,
  type Sql,
} from "../../lib/sql.ts";

/** The columns of a customer as its partner sees it (detail and list alike). */
interface RelationshipColumns {
  relationship_since: string;
  indirect_reseller_id: string | null;
  indirect_reseller_name: string | null;
  delegated_admin: number;
}

export interface CustomerRow extends RelationshipColumns {
  id: string;
  company_name: string;
  domain: string;
  country: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string | null;
  postal_code: string | null;
  contact_first_name: string;
  contact_last_name: string;
  contact_email: string;
  contact_phone: string | null;
  language: string;
  culture: string;
  organization_registration_number: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** JSON array built by the query. */
  subscriptions: string;
}

/** A list row: what a list item shows, and its page position. */
export interface CustomerListRow extends RelationshipColumns {
  id: string;
  company_name: string;
  domain: string;
  country: string;
  branch: ListBranch;
  sort_key: string;
}

/** An export row: a list row and the columns only the CSV has. */
export interface CustomerExportRow extends CustomerListRow {
  city: string;
  contact_first_name: string;
  contact_last_name: string;
  contact_email: string;
  language: string;
  culture: string;
  created_at: string;
}

/** The export's columns beyond the list's (a page of the list reads only what it shows). */
const EXPORT_COLUMNS = raw(`, c.city, c.contact_first_name, c.contact_last_name, c.contact_email,
      c.language, c.culture, c.created_at`);

/** Whether the relationship `r` holds an active delegated admin grant. */
const HOLDS_DELEGATED_ADMIN = `EXISTS (SELECT 1 FROM delegated_admin_grants g
    WHERE g.partner_id = r.partner_id AND g.customer_id = r.customer_id AND g.state = 'active')`;

const RELATIONSHIP_COLUMNS = raw(`
  r.created_at AS relationship_since, r.indirect_reseller_id, ir.name AS indirect_reseller_name,
  ${HOLDS_DELEGATED_ADMIN} AS delegated_admin`);

/**
 * A list item as SQLite writes it: the JSON of a `CustomerListItem` (the contract tests
 * hold every answer to the schema), its relationship as {@link toRelationship} maps the same
 * columns of a customer's detail.
 */
const LIST_ITEM = raw(`json_object('id', c.id, 'companyName', c.company_name, 'domain', c.domain,
    'country', c.country, 'relationship', json_object(
      'since', r.created_at,
      'indirectReseller', CASE WHEN r.indirect_reseller_id IS NOT NULL AND ir.name IS NOT NULL
        THEN json_object('id', r.indirect_reseller_id, 'name', ir.name) END,
      'delegatedAdmin', json(CASE WHEN ${HOLDS_DELEGATED_ADMIN} THEN 'true' ELSE 'false' END))) AS item`);

/**
 * The detail of the customer `customerId` (a value or an SQL expression) as partner `partnerId`
 * sees it, with that partner's subscriptions (offer names from `cloud`'s catalog). Writes append
 * it to their batch to answer with the state they left.
 */
function detailOf(partnerId: string, cloud: CloudId, customerId: string | Sql): Sql {
  return sql`
    SELECT c.id, c.company_name, c.domain, c.country, c.address_line1, c.address_line2, c.city,
      c.state, c.postal_code, c.contact_first_name, c.contact_last_name, c.contact_email,
      c.contact_phone, c.language, c.culture, c.organization_registration_number, c.version,
      c.created_at, c.updated_at, ${RELATIONSHIP_COLUMNS},
      (SELECT json_group_array(json_object('id', s.id, 'offerId', s.offer_id, 'offerName', o.name,
                'quantity', s.quantity, 'state', s.state) ORDER BY s.created_at, s.id)
         FROM subscriptions s LEFT JOIN offers o ON o.cloud = ${cloud} AND o.id = s.offer_id
        WHERE s.customer_id = c.id AND s.partner_id = r.partner_id) AS subscriptions
    FROM relationships r
    JOIN customers c ON c.id = r.customer_id
    LEFT JOIN partners ir ON ir.id = r.indirect_reseller_id
    WHERE r.partner_id = ${partnerId} AND r.customer_id = ${customerId} AND r.state = 'active'`;
}

/** The detail statement of one customer. */
export function customerDetail(
  db: D1Database,
  cloud: CloudId,
  partnerId: string,
  customerId: string,
): D1PreparedStatement {
  return prepare(db, detailOf(partnerId, cloud, customerId));
}

/** `customerId` as `partnerId` sees it, or undefined (not theirs, not in this cloud). */
export async function findCustomer(
  db: D1Database,
  cloud: CloudId,
  partnerId: string,
  customerId: string,
): Promise<{ customer: Customer; version: number } | undefined> {
  const row = await customerDetail(db, cloud, partnerId, customerId).first<CustomerRow>();
  return row ? { customer: toCustomer(row), version: row.version } : undefined;
}

function toRelationship(row: RelationshipColumns): CustomerRelationship {
  return {
    since: row.relationship_since,
    indirectReseller:
      row.indirect_reseller_id && row.indirect_reseller_name
        ? { id: row.indirect_reseller_id, name: row.indirect_reseller_name }
        : null,
    delegatedAdmin: row.delegated_admin === 1,
  };
}

/** Maps a detail row to the API's customer. */
export function toCustomer(row: CustomerRow): Customer {
  const subscriptions = JSON.parse(row.subscriptions) as Subscription[];
  return {
    id: row.id,
    companyName: row.company_name,
    domain: row.domain,
    address: {
      country: row.country,
      line1: row.address_line1,
      ...(row.address_line2 ? { line2: row.address_line2 } : {}),
      city: row.city,
      ...(row.state ? { state: row.state } : {}),
      ...(row.postal_code ? { postalCode: row.postal_code } : {}),
    },
    primaryContact: {
      firstName: row.contact_first_name,
      lastName: row.contact_last_name,
      email: row.contact_email,
      ...(row.contact_phone ? { phone: row.contact_phone } : {}),
    },
    language: row.language,
    culture: row.culture,
    ...(row.organization_registration_number
      ? { organizationRegistrationNumber: row.organization_registration_number }
      : {}),
    relationship: toRelationship(row),
    subscriptions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Which range of the list a row comes from: every list but a `q` search is one range by name;
 * a `q` search lists its name matches first, then the domain-prefix matches whose name does not
 * match (so no customer appears twice).
 */
export type ListBranch = "name" | "domain";

/** Where a page starts: after (branch, sort key, customer id) of the last row already seen. */
export type ListPosition = [ListBranch, string, string];

export interface ListPage {
  cloud: CloudId;
  partnerId: string;
  filters: CustomerFilters;
  after: ListPosition | undefined;
  /** Rows to fetch (one more than the page, to know whether another follows). */
  limit: number;
  /** `export`: the CSV's columns too ({@link CustomerExportRow}); a list row by default. */
  columns?: "list" | "export";
}

/**
 * One page of the caller's customers as one statement. Every range is an index range of
 * `relationships` for (partner, active) read in index order and cut at the page size, so the cost
 * of a page does not grow with the number of customers: by name (`relationships_list_by_name`,
 * or `relationships_list_by_reseller` with a reseller filter) in (company name key, id) order;
 * for a `q`, first the names that start with it, then the domain prefixes that start with it
 * (`relationships_list_by_domain`) in (domain prefix, id) order, leaving out those whose name
 * matched. The page position is a row-value range on the branch's own index. The range reads
 * only the index (its entries carry the relationship's rowid); each row of the page then looks
 * up its relationship by rowid and its customer by id.
 *
 * A page of the list has a row per customer with the item as JSON text (`item`, a
 * `CustomerListItem`) and its position (`branch`, `sort_key`, `customer_id`), in
 * {@link listOrder}; a page of the export has the columns of a {@link CustomerExportRow}.
 *
 * @example
 * const { results } = await prepare(db, listRows({ cloud, partnerId, filters: {}, after: undefined, limit: 51, columns: "export" })).all();
 */
export function listRows(page: ListPage): Sql {
  const { q, relationship, indirectReseller } = page.filters;
  const conditions = [sql`r.partner_id = ${page.partnerId}`, raw("r.state = 'active'")];
  if (relationship === "direct") conditions.push(raw("r.indirect_reseller_id IS NULL"));
  if (relationship === "indirect") conditions.push(raw("r.indirect_reseller_id IS NOT NULL"));
  if (indirectReseller) conditions.push(sql`r.indirect_reseller_id = ${indirectReseller}`);
  const column = { name: "r.company_name_key", domain: "r.domain_prefix" } as const;
  const branch = (name: ListBranch, range: Sql[], index = "") => {
    const key = raw(column[name]);
    // The page position replaces the range's lower bound, so the index range starts there.
    const bounds =
      page.after?.[0] === name
        ? [sql`(${key}, r.customer_id) > (${page.after[1]}, ${page.after[2]})`, ...range.slice(1)]
        : range;
    return sql`
      SELECT r.rowid AS relationship_rowid, ${name} AS branch, ${key} AS sort_key, r.customer_id
      FROM relationships r ${raw(index)}
      WHERE ${join([...conditions, ...bounds], " AND ")}
      ORDER BY ${key}, r.customer_id LIMIT ${page.limit}`;
  };
  // Without a `q` the page is one range, already in list order.
  let order = raw("p.sort_key, p.customer_id");
  let rows = branch("name", []);
  if (q) {
    // Lower bound first: a page position replaces it.
    const nameMatches = [
      sql`r.company_name_key >= ${q}`,
      sql`r.company_name_key < ${prefixEnd(q)}`,
    ];
    const branches: Sql[] = [];
    if (page.after?.[0] !== "domain") branches.push(branch("name", nameMatches));
    // Domain prefixes are ASCII letters and digits: only such a `q` can match one.
    if (/^[a-z0-9]+$/.test(q)) {
      const domainMatches = [
        sql`r.domain_prefix >= ${q}`,
        sql`r.domain_prefix < ${prefixEnd(q)}`,
        sql`NOT (${join(nameMatches, " AND ")})`,
      ];
      // Named: the planner would otherwise walk the name index from the page position.
      branches.push(branch("domain", domainMatches, "INDEXED BY relationships_list_by_domain"));
    }
    // The name matches, then the domain matches: concatenated, not merged.
    order = raw("p.branch = 'domain', p.sort_key, p.customer_id");
    rows = sql`
      SELECT * FROM (${join(
        branches.map((b) => sql`SELECT * FROM (${b})`),
        " UNION ALL ",
      )}) p
      ORDER BY ${order} LIMIT ${page.limit}`;
  }
  const columns =
    page.columns === "export"
      ? sql`c.id, c.company_name, c.domain, c.country, ${RELATIONSHIP_COLUMNS}, p.branch, p.sort_key${EXPORT_COLUMNS}`
      : sql`${LIST_ITEM}, p.branch, p.sort_key, p.customer_id`;
  return sql`
    WITH page AS (${rows})
    SELECT ${columns}
    FROM page p
    JOIN relationships r ON r.rowid = p.relationship_rowid
    JOIN customers c ON c.id = r.customer_id
    LEFT JOIN partners ir ON ir.id = r.indirect_reseller_id
    ORDER BY ${order}`;
}

/** The order of the list's rows (over {@link listRows}'s columns): a `q` lists name matches first. */
export function listOrder(filters: CustomerFilters): Sql {
  return raw(filters.q ? "branch = 'domain', sort_key, customer_id" : "sort_key, customer_id");
}

// ---------------------------------------------------------------------------------------------
// Writes: each one guarded batch (worker/lib/guarded-write.ts) with its audit record, ending
// with the statements that report why nothing happened, and the customer as it was left.
// ---------------------------------------------------------------------------------------------

/** The address columns of a customer: optional text stored as NULL, states upper-cased. */
function addressColumns(address: Address) {
  const country: CountryCode = address.country;
  const state = address.state?.trim() || null;
  return {
    country,
    address_line1: address.line1,
    address_line2: address.line2 || null,
    city: address.city,
    state: state && countryRule(country).states ? state.toUpperCase() : state,
    // Countries without postal codes (AE, HK) store "" (the column is NOT NULL).
    postal_code: address.postalCode ?? "",
  };
}

/** The primary contact columns of a customer. */
function contactColumns(contact: PrimaryContact) {
  return {
    contact_first_name: contact.firstName,
    contact_last_name: contact.lastName,
    contact_email: contact.email,
    contact_phone: contact.phone || null,
  };
}

/** Guard: the email domain `emailDomain` is not the partner's (nor a subdomain of it). */
function outsidePartnerDomain(partnerId: string, emailDomain: string): Sql {
  return sql`NOT EXISTS (
    SELECT 1 FROM partners p WHERE p.id = ${partnerId}
      AND (${emailDomain} = lower(p.email_domain)
        OR substr(${emailDomain}, -length(p.email_domain) - 1) = '.' || lower(p.email_domain)))`;
}

/**
 * Guard: every subscription of the JSON array `subscriptions` (`[{offerId, quantity}]`) names
 * an offer of `cloud` with the quantity in its bounds.
 */
function offersWithinBounds(cloud: CloudId, subscriptions: string): Sql {
  return sql`NOT EXISTS (
    SELECT 1 FROM json_each(${subscriptions}) s
    LEFT JOIN offers o ON o.cloud = ${cloud} AND o.id = json_extract(s.value, '$.offerId')
    WHERE o.id IS NULL OR json_extract(s.value, '$.quantity') NOT BETWEEN o.min_quantity AND o.max_quantity)`;
}

/** The catalog entries the subscriptions name, as a JSON array (read by `offerIssues`). */
function namedOffers(cloud: CloudId, subscriptions: string): Sql {
  return sql`(SELECT json_group_array(json_object('id', o.id, 'min', o.min_quantity, 'max', o.max_quantity))
     FROM offers o
     WHERE o.cloud = ${cloud} AND o.id IN (SELECT json_extract(value, '$.offerId') FROM json_each(${subscriptions})))`;
}

/** Claims the idempotency key for the customer, replacing an expired claim, keeping a live one. */
function claimKey(db: D1Database, claim: IdempotencyClaim): D1PreparedStatement {
  const expiredBefore = new Date(Date.parse(claim.now) - IDEMPOTENCY_TTL_MS).toISOString();
  return prepare(
    db,
    sql`INSERT INTO idempotency_keys (partner_id, key, request_hash, resource_id, response_status, created_at)
       VALUES (${claim.partnerId}, ${claim.key}, ${claim.hash}, ${claim.resourceId}, 201, ${claim.now})
       ON CONFLICT (partner_id, key) DO UPDATE SET
         request_hash = excluded.request_hash, resource_id = excluded.resource_id,
         response_status = excluded.response_status, created_at = excluded.created_at
       WHERE idempotency_keys.created_at < ${expiredBefore}`,
  );
}

/** What a create batch reports when it wrote nothing (or something). */
export interface CreateReport {
  created: number;
  key_hash: string | null;
  key_resource_id: string | null;
  /** When the key was claimed (ISO 8601), to tell a concurrent duplicate from a retry. */
  key_claimed_at: string | null;
  domain_taken: number;
  partner_email_domain: string | null;
  offers: string;
}

export interface CustomerInsert {
  audit: AuditEntry;
  cloud: CloudId;
  partnerId: string;
  customerId: string;
  domain: string;
  userPrincipalName: string;
  body: CustomerCreateRequest;
  /** The subscriptions with their new ids, as JSON (`[{id, offerId, quantity}]`). */
  subscriptions: string;
  emailDomain: string;
  passwordHash: string;
  claim: IdempotencyClaim | undefined;
}

/**
 * The customer, its admin user, the relationship and delegated admin grant for the partner, the
 * subscriptions and the audit record, in one batch — only if the idempotency key (if any) is
 * this request's, the domain is free, the contact is outside the partner's domain and the
 * offers are in the catalog and bounds. Answers the report and the customer the key names.
 */
export async function insertCustomer(db: D1Database, insert: CustomerInsert) {
  const { audit, body, partnerId, customerId, cloud, subscriptions, claim } = insert;
  const now = audit.occurredAt;
  const key = claim?.key ?? null;
  const keyResource = sql`(SELECT resource_id FROM idempotency_keys WHERE partner_id = ${partnerId} AND key = ${key})`;
  const audited = whenAudited(audit.id);
  const guard = join(
    [
      sql`(${key} IS NULL OR ${keyResource} = ${customerId})`,
      sql`NOT EXISTS (SELECT 1 FROM customers WHERE domain_prefix = ${body.domainPrefix})`,
      outsidePartnerDomain(partnerId, insert.emailDomain),
      offersWithinBounds(cloud, subscriptions),
    ],
    " AND ",
  );
  const nameKey = companyNameKey(body.companyName);
  const statements = [
    ...(claim ? [claimKey(db, claim)] : []),
    insertAuditWhen(db, audit, guard),
    insertWhere(
      db,
      "customers",
      {
        id: customerId,
        company_name: body.companyName,
        company_name_key: nameKey,
        domain_prefix: body.domainPrefix,
        domain: insert.domain,
        ...addressColumns(body.address),
        ...contactColumns(body.primaryContact),
        language: body.language,
        culture: body.culture,
        organization_registration_number: body.organizationRegistrationNumber || null,
        version: 1,
        created_at: now,
        updated_at: now,
      },
      audited,
    ),
    insertWhere(
      db,
      "users",
      {
        id: newId(),
        email: insert.userPrincipalName,
        display_name: `${body.companyName} administrator`,
        kind: "customer",
        customer_id: customerId,
        roles: "[]",
        password_hash: insert.passwordHash,
        must_change_password: 1,
        status: "active",
        created_at: now,
        updated_at: now,
      },
      audited,
    ),
    insertWhere(
      db,
      "relationships",
      {
        id: newId(),
        partner_id: partnerId,
        customer_id: customerId,
        indirect_reseller_id: null,
        state: "active",
        company_name_key: nameKey,
        domain_prefix: body.domainPrefix,
        created_at: now,
      },
      audited,
    ),
    insertWhere(
      db,
      "delegated_admin_grants",
      {
        id: newId(),
        partner_id: partnerId,
        customer_id: customerId,
        state: "active",
        granted_at: now,
      },
      audited,
    ),
    prepare(
      db,
      sql`INSERT INTO subscriptions (id, customer_id, partner_id, offer_id, quantity, state, created_at, updated_at)
         SELECT json_extract(value, '$.id'), ${customerId}, ${partnerId}, json_extract(value, '$.offerId'),
                json_extract(value, '$.quantity'), 'active', ${now}, ${now}
         FROM json_each(${subscriptions}) WHERE ${audited}`,
    ),
    // A claim whose write did not happen is released in the same batch.
    ...(claim
      ? [
          prepare(
            db,
            sql`DELETE FROM idempotency_keys
                WHERE partner_id = ${partnerId} AND key = ${key} AND resource_id = ${customerId}
                  AND NOT ${audited}`,
          ),
        ]
      : []),
    prepare(
      db,
      sql`SELECT ${audited} AS created,
           (SELECT request_hash FROM idempotency_keys WHERE partner_id = ${partnerId} AND key = ${key}) AS key_hash,
           ${keyResource} AS key_resource_id,
           (SELECT created_at FROM idempotency_keys WHERE partner_id = ${partnerId} AND key = ${key}) AS key_claimed_at,
           EXISTS (SELECT 1 FROM customers WHERE domain_prefix = ${body.domainPrefix} AND id <> ${customerId}) AS domain_taken,
           (SELECT email_domain FROM partners WHERE id = ${partnerId}) AS partner_email_domain,
           ${namedOffers(cloud, subscriptions)} AS offers`,
    ),
    // The customer answered with: the new one, or the one an earlier use of the key created.
    prepare(db, detailOf(partnerId, cloud, sql`COALESCE(${keyResource}, ${customerId})`)),
  ];
  const results = await db.batch(statements);
  return {
    report: results.at(-2)?.results[0] as CreateReport | undefined,
    row: results.at(-1)?.results[0] as CustomerRow | undefined,
  };
}

/** What an update batch reports. */
export interface UpdateReport {
  updated: number;
  version: number | null;
  country: string | null;
  partner_email_domain: string | null;
}

export interface CustomerUpdate {
  audit: AuditEntry;
  cloud: CloudId;
  partnerId: string;
  customerId: string;
  body: CustomerUpdateRequest;
  /** The version the change was made from; null: any. */
  version: number | null;
  /** The countries whose rules the change meets; null: any. */
  countries: string[] | null;
  /** The new contact's email domain; null: the contact is unchanged. */
  emailDomain: string | null;
}

/** The columns an update body sets. */
function updatedColumns(body: CustomerUpdateRequest): Record<string, unknown> {
  return {
    ...(body.companyName === undefined
      ? {}
      : { company_name: body.companyName, company_name_key: companyNameKey(body.companyName) }),
    ...(body.address ? addressColumns(body.address) : {}),
    ...(body.primaryContact ? contactColumns(body.primaryContact) : {}),
    ...(body.language === undefined ? {} : { language: body.language }),
    ...(body.culture === undefined ? {} : { culture: body.culture }),
    ...("organizationRegistrationNumber" in body
      ? { organization_registration_number: body.organizationRegistrationNumber || null }
      : {}),
  };
}

/**
 * The change, the copies of the name key on every relationship, and the audit record, only if
 * the customer is the partner's, the version is current, the stored country is one of
 * `countries` and the contact is outside the partner's domain. Answers the report and the
 * customer as it is after the batch.
 */
export async function updateCustomerRow(db: D1Database, update: CustomerUpdate) {
  const { audit, body, partnerId, customerId } = update;
  const audited = whenAudited(audit.id);
  const countries = update.countries && JSON.stringify(update.countries);
  const conditions = [
    sql`r.partner_id = ${partnerId} AND r.customer_id = ${customerId} AND r.state = 'active'`,
  ];
  if (update.version !== null) conditions.push(sql`c.version = ${update.version}`);
  if (countries) conditions.push(sql`c.country IN (SELECT value FROM json_each(${countries}))`);
  const guard = join(
    [
      sql`EXISTS (SELECT 1 FROM relationships r JOIN customers c ON c.id = r.customer_id
        WHERE ${join(conditions, " AND ")})`,
      ...(update.emailDomain ? [outsidePartnerDomain(partnerId, update.emailDomain)] : []),
    ],
    " AND ",
  );
  const visible = sql`FROM relationships r JOIN customers c ON c.id = r.customer_id
      WHERE r.partner_id = ${partnerId} AND r.customer_id = ${customerId} AND r.state = 'active'`;
  const results = await db.batch([
    insertAuditWhen(db, audit, guard),
    prepare(
      db,
      sql`UPDATE customers SET ${assignments(updatedColumns(body))},
           version = version + 1, updated_at = ${audit.occurredAt}
         WHERE id = ${customerId} AND ${audited}`,
    ),
    ...(body.companyName === undefined
      ? []
      : [
          prepare(
            db,
            sql`UPDATE relationships SET company_name_key = ${companyNameKey(body.companyName)}
                WHERE customer_id = ${customerId} AND ${audited}`,
          ),
        ]),
    prepare(
      db,
      sql`SELECT ${audited} AS updated, (SELECT c.version ${visible}) AS version,
           (SELECT c.country ${visible}) AS country,
           (SELECT email_domain FROM partners WHERE id = ${partnerId}) AS partner_email_domain`,
    ),
    customerDetail(db, update.cloud, partnerId, customerId),
  ]);
  return {
    report: results.at(-2)?.results[0] as UpdateReport | undefined,
    row: results.at(-1)?.results[0] as CustomerRow | undefined,
  };
}

/** What a password reset batch reports. */
export interface ResetReport {
  reset: number;
  visible: number;
  delegated: number;
  /** The actor holds a role that enables the reset through an admin relationship. */
  granted: number;
  /** The partner holds a usable admin relationship with the customer. */
  granular: number;
  user_principal_name: string | null;
}

/**
 * A new temporary password for the customer's admin (`admin@{domain}`), to be changed at next
 * sign-in, with the audit record — only if the partner has an active relationship and either
 * delegated admin privileges for the customer or, for the acting user, an admin role that
 * enables the reset (admin-relationships/access.ts), checked in this same batch.
 */
export async function resetAdminPasswordRow(
  db: D1Database,
  reset: { audit: AuditEntry; partnerId: string; customerId: string; passwordHash: string },
): Promise<ResetReport | undefined> {
  const { audit, partnerId, customerId } = reset;
  const audited = whenAudited(audit.id);
  const relationship = sql`EXISTS (SELECT 1 FROM relationships WHERE partner_id = ${partnerId} AND customer_id = ${customerId} AND state = 'active')`;
  const delegated = sql`EXISTS (SELECT 1 FROM delegated_admin_grants WHERE partner_id = ${partnerId} AND customer_id = ${customerId} AND state = 'active')`;
  const actor = { partnerId, customerId, userId: audit.actorUserId, now: audit.occurredAt };
  const granted = holdsAdminRole(actor, "resetAdminPassword");
  const adminEmail = sql`(SELECT 'admin@' || domain FROM customers WHERE id = ${customerId})`;
  const results = await db.batch([
    insertAuditWhen(
      db,
      audit,
      sql`${relationship} AND (${delegated} OR ${granted})
        AND EXISTS (SELECT 1 FROM users WHERE customer_id = ${customerId} AND email = ${adminEmail})`,
    ),
    prepare(
      db,
      sql`UPDATE users SET password_hash = ${reset.passwordHash}, must_change_password = 1,
           updated_at = ${audit.occurredAt}
         WHERE customer_id = ${customerId} AND email = ${adminEmail} AND ${audited}`,
    ),
    // Every session of the admin ends: the next one starts with the temporary password.
    prepare(
      db,
      sql`DELETE FROM sessions WHERE user_id IN
           (SELECT id FROM users WHERE customer_id = ${customerId} AND email = ${adminEmail})
         AND ${audited}`,
    ),
    prepare(
      db,
      sql`SELECT ${audited} AS reset, ${relationship} AS visible, ${delegated} AS delegated,
           ${granted} AS granted, ${hasAdminRelationship(actor)} AS granular,
           ${adminEmail} AS user_principal_name`,
    ),
  ]);
  return results.at(-1)?.results[0] as ResetReport | undefined;
}
