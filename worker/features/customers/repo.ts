/**
 * Customer reads (SPEC §7). A partner sees a customer only through an active relationship of
 * its own, so every query starts from `relationships` with the caller's partner id; anything
 * else simply has no row (404). Each read is one statement: one D1 round trip.
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import type {
  Customer,
  CustomerFilters,
  CustomerListItem,
  CustomerRelationship,
  Subscription,
} from "../../../src/domain/schemas/customer.ts";

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

export interface CustomerListRow extends RelationshipColumns {
  id: string;
  company_name: string;
  domain: string;
  country: string;
  city: string;
  contact_first_name: string;
  contact_last_name: string;
  contact_email: string;
  language: string;
  culture: string;
  created_at: string;
  sort_key: string;
}

const RELATIONSHIP_COLUMNS = `
  r.created_at AS relationship_since, r.indirect_reseller_id, ir.name AS indirect_reseller_name,
  EXISTS (SELECT 1 FROM delegated_admin_grants g
          WHERE g.partner_id = r.partner_id AND g.customer_id = r.customer_id AND g.state = 'active') AS delegated_admin`;

/**
 * The detail of the customer `customerIdSql` (an SQL expression) as partner ?1 sees it, with
 * that partner's subscriptions (offer names from cloud ?2's catalog). Writes append it to their
 * batch to answer with the state they left.
 */
export function customerDetailSql(customerIdSql: string): string {
  return `
    SELECT c.id, c.company_name, c.domain, c.country, c.address_line1, c.address_line2, c.city,
      c.state, c.postal_code, c.contact_first_name, c.contact_last_name, c.contact_email,
      c.contact_phone, c.language, c.culture, c.organization_registration_number, c.version,
      c.created_at, c.updated_at, ${RELATIONSHIP_COLUMNS},
      (SELECT json_group_array(json_object('id', s.id, 'offerId', s.offer_id, 'offerName', o.name,
                'quantity', s.quantity, 'state', s.state) ORDER BY s.created_at, s.id)
         FROM subscriptions s LEFT JOIN offers o ON o.cloud = ?2 AND o.id = s.offer_id
        WHERE s.customer_id = c.id AND s.partner_id = r.partner_id) AS subscriptions
    FROM relationships r
    JOIN customers c ON c.id = r.customer_id
    LEFT JOIN partners ir ON ir.id = r.indirect_reseller_id
    WHERE r.partner_id = ?1 AND r.customer_id = ${customerIdSql} AND r.state = 'active'`;
}

/** The detail statement of one customer (params ?1 partner, ?2 cloud, ?3 customer). */
export function customerDetail(
  db: D1Database,
  cloud: CloudId,
  partnerId: string,
  customerId: string,
): D1PreparedStatement {
  return db.prepare(customerDetailSql("?3")).bind(partnerId, cloud, customerId);
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

/** Maps a list row to a list item. */
export function toListItem(row: CustomerListRow): CustomerListItem {
  return {
    id: row.id,
    companyName: row.company_name,
    domain: row.domain,
    country: row.country,
    relationship: toRelationship(row),
  };
}

export interface ListPage {
  cloud: CloudId;
  partnerId: string;
  filters: CustomerFilters;
  /** Sort key and customer id of the last row already seen. */
  after: [string, string] | undefined;
  /** Rows to fetch (one more than the page, to know whether another follows). */
  limit: number;
}

/** Just past every string that starts with `prefix` (U+10FFFF sorts last in UTF-8). */
function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

/**
 * One page of the caller's customers in (company name key, id) order, as one statement. Every
 * branch is an index range of `relationships` for (partner, active): by name
 * (`relationships_list_by_name`), by domain prefix (`relationships_list_by_domain`) or by
 * reseller (`relationships_list_by_reseller`); the page position is a row-value range on the
 * same index, so the cost of a page does not grow with the number of customers. A `q` matches
 * names and domain prefixes: the two ranges are merged by the sort key.
 *
 * @example
 * const { results } = await listPage(db, { cloud, partnerId, filters: {}, after: undefined, limit: 51 }).all();
 */
export function listPage(db: D1Database, page: ListPage): D1PreparedStatement {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `?${params.length}`;
  };
  const partner = bind(page.partnerId);
  const limit = bind(page.limit);
  const { q, relationship, indirectReseller } = page.filters;
  const conditions = [`r.partner_id = ${partner}`, `r.state = 'active'`];
  if (relationship === "direct") conditions.push("r.indirect_reseller_id IS NULL");
  if (relationship === "indirect") conditions.push("r.indirect_reseller_id IS NOT NULL");
  if (indirectReseller) conditions.push(`r.indirect_reseller_id = ${bind(indirectReseller)}`);
  if (page.after) {
    conditions.push(
      `(r.company_name_key, r.customer_id) > (${bind(page.after[0])}, ${bind(page.after[1])})`,
    );
  }
  const branch = (range: string[], index = "") => `
    SELECT relationship_id, sort_key, customer_id FROM (
      SELECT r.id AS relationship_id, r.company_name_key AS sort_key, r.customer_id
      FROM relationships r ${index}
      WHERE ${[...conditions, ...range].join(" AND ")}
      ORDER BY r.company_name_key, r.customer_id LIMIT ${limit})`;
  const branches: string[] = [];
  if (q) {
    branches.push(
      branch([`r.company_name_key >= ${bind(q)}`, `r.company_name_key < ${bind(prefixEnd(q))}`]),
    );
    // Domain prefixes are ASCII letters and digits: only such a `q` can match one.
    if (/^[a-z0-9]+$/.test(q)) {
      // Named: the planner would otherwise walk the name index from the page position.
      branches.push(
        branch(
          [`r.domain_prefix >= ${bind(q)}`, `r.domain_prefix < ${bind(prefixEnd(q))}`],
          "INDEXED BY relationships_list_by_domain",
        ),
      );
    }
  } else {
    branches.push(branch([]));
  }
  const sql = `
    WITH page AS (${branches.join(" UNION ")} ORDER BY sort_key, customer_id LIMIT ${limit})
    SELECT c.id, c.company_name, c.domain, c.country, c.city, c.contact_first_name,
      c.contact_last_name, c.contact_email, c.language, c.culture, c.created_at,
      ${RELATIONSHIP_COLUMNS}, p.sort_key
    FROM page p
    JOIN relationships r ON r.id = p.relationship_id
    JOIN customers c ON c.id = r.customer_id
    LEFT JOIN partners ir ON ir.id = r.indirect_reseller_id
    ORDER BY p.sort_key, p.customer_id`;
  return db.prepare(sql).bind(...params);
}
