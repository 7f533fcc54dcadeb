/**
 * Links between indirect resellers and indirect providers (SPEC §6), as each side sees them:
 * only the caller's own links, only active partners.
 */
import type { LinkedPartner } from "../../../src/domain/schemas/relationship.ts";
import type { Position } from "../../lib/keyset-page.ts";
import { prepare, raw, sql } from "../../lib/sql.ts";

export interface LinkedPartnerRow {
  id: string;
  name: string;
  linked_at: string;
}

/** Which side of `partner_links` the caller is on. */
export type LinkSide = "providers" | "resellers";

const COLUMNS: Record<LinkSide, { self: string; other: string }> = {
  providers: { self: "reseller_id", other: "provider_id" },
  resellers: { self: "provider_id", other: "reseller_id" },
};

/**
 * One page of the partners linked to `partnerId`: its providers (when it is a reseller) or its
 * resellers (when it is a provider), by name, after `after`.
 */
export async function linkedPartnerPage(
  db: D1Database,
  side: LinkSide,
  partnerId: string,
  after: Position | undefined,
  limit: number,
): Promise<LinkedPartnerRow[]> {
  const { self, other } = COLUMNS[side];
  const position = after ? sql` AND (p.name, p.id) > (${after[0]}, ${after[1]})` : raw("");
  const { results } = await prepare(
    db,
    sql`SELECT p.id, p.name, l.created_at AS linked_at
       FROM partner_links l JOIN partners p ON p.id = l.${raw(other)}
       WHERE l.${raw(self)} = ${partnerId} AND p.status = 'active'${position}
       ORDER BY p.name, p.id
       LIMIT ${limit}`,
  ).all<LinkedPartnerRow>();
  return results;
}

export function toLinkedPartner(row: LinkedPartnerRow): LinkedPartner {
  return { id: row.id, name: row.name, linkedAt: row.linked_at };
}
