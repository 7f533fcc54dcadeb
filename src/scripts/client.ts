/**
 * The typed client of the portal's API for browser modules: one function per endpoint, typed
 * with the API's own zod schemas (types only: no zod reaches the browser), and every URL built
 * here, so pages never assemble API addresses themselves. Calls go through {@link api}: the
 * page's cloud, the page's language, problem+json read the same way everywhere.
 *
 * @example
 * const page = await customers.list({ q: "Рога", limit: 20 });
 * if (page.ok) render(page.data.items);
 */
import type {
  AdminPasswordReset,
  Customer,
  CustomerCreateRequest,
  CustomerCreated,
  CustomerExportQuery,
  CustomerList,
  CustomerListQuery,
  CustomerUpdateRequest,
  DomainAvailability,
} from "../domain/schemas/customer.ts";
import type { OfferList } from "../domain/schemas/offer.ts";
import type { RemovedRelationship } from "../domain/schemas/relationship.ts";
import { api, type ApiResult } from "./api.ts";

/** `GET /customers` query as a caller writes it: every filter optional, `limit` too. */
export type CustomerListParams = Partial<CustomerListQuery>;

/** `GET /customers/export.csv` filters. */
export type CustomerExportParams = Partial<CustomerExportQuery>;

/**
 * A query string from a typed query: empty and missing values left out, `?` only when needed.
 *
 * @example
 * queryString({ q: "wing", relationship: undefined, limit: 20 }); // "?q=wing&limit=20"
 */
export function queryString(query: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API paths, relative to `/api/v1/{cloud}`: the one place they are spelled. */
export const paths = {
  offers: (): string => "/offers",
  domain: (prefix: string): string => `/domains/${encodeURIComponent(prefix)}`,
  customers: (query: CustomerListParams = {}): string => `/customers${queryString(query)}`,
  customersCsv: (query: CustomerExportParams = {}): string =>
    `/customers/export.csv${queryString(query)}`,
  customer: (id: string): string => `/customers/${encodeURIComponent(id)}`,
  adminPassword: (id: string): string => `${paths.customer(id)}/admin-password`,
  relationship: (id: string): string => `${paths.customer(id)}/relationship`,
  delegatedAdmin: (id: string): string => `${paths.customer(id)}/delegated-admin`,
};

/** Customer accounts (SPEC §7, partner endpoints). */
export const customers = {
  /** One page of the caller's customers; `nextCursor` leads to the next. */
  list(query: CustomerListParams = {}): Promise<ApiResult<CustomerList>> {
    return api<CustomerList>("GET", paths.customers(query));
  },

  /** The same list as a CSV file (headers in the page's language). */
  exportCsv(query: CustomerExportParams = {}): Promise<ApiResult<Blob>> {
    return api<Blob>("GET", paths.customersCsv(query), undefined, { read: "blob" });
  },

  /** One customer; its version is the `ETag` header (`result.headers.get("ETag")`). */
  get(id: string): Promise<ApiResult<Customer>> {
    return api<Customer>("GET", paths.customer(id));
  },

  /**
   * Creates a customer. The same `idempotencyKey` with the same body never creates a second
   * one: a retry answers 201 with `Idempotent-Replayed: true` and without the password. A retry
   * sent while the first request may still be in flight is told 409 `idempotency_in_flight`
   * with `Retry-After`: it waits that long and asks again, a few times.
   */
  async create(
    body: CustomerCreateRequest,
    idempotencyKey: string,
  ): Promise<ApiResult<CustomerCreated>> {
    for (let attempt = 0; ; attempt++) {
      const result = await api<CustomerCreated>("POST", paths.customers(), body, {
        headers: { "Idempotency-Key": idempotencyKey },
      });
      if (result.ok || result.problem.code !== "idempotency_in_flight" || attempt >= 3) {
        return result;
      }
      const seconds = Math.min(10, Math.max(1, Number(result.headers.get("Retry-After")) || 1));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  },

  /** Changes a customer made from version `etag`; 412 when someone changed it since. */
  update(id: string, body: CustomerUpdateRequest, etag: string): Promise<ApiResult<Customer>> {
    return api<Customer>("PATCH", paths.customer(id), body, { headers: { "If-Match": etag } });
  },

  /** A new temporary password for the customer's admin (shown once). */
  resetAdminPassword(id: string): Promise<ApiResult<AdminPasswordReset>> {
    return api<AdminPasswordReset>("POST", paths.adminPassword(id), {});
  },

  /**
   * Ends the caller's relationship with the customer, once the reader has acknowledged the
   * legal notice. Delegated admin privileges stay as they are.
   */
  removeRelationship(id: string): Promise<ApiResult<RemovedRelationship>> {
    return api<RemovedRelationship>("DELETE", paths.relationship(id), {
      acknowledgeLegalNotice: true,
    });
  },

  /** Revokes the caller's delegated admin privileges for the customer (204). */
  revokeDelegatedAdmin(id: string): Promise<ApiResult<null>> {
    return api<null>("DELETE", paths.delegatedAdmin(id));
  },
};

/** The cloud's offer catalog. */
export const offers = {
  list(): Promise<ApiResult<OfferList>> {
    return api<OfferList>("GET", paths.offers());
  },
};

/** Customer domains. */
export const domains = {
  /** Whether `{prefix}.{cloud suffix}` is free: advice, `customers.create` decides. */
  check(prefix: string): Promise<ApiResult<DomainAvailability>> {
    return api<DomainAvailability>("GET", paths.domain(prefix));
  },
};
