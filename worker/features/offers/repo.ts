import type { CloudId } from "../../../src/domain/clouds.ts";
import type { Offer } from "../../../src/domain/schemas/offer.ts";
import { prepare, sql } from "../../lib/sql.ts";

interface OfferRow {
  id: string;
  name: string;
  min_quantity: number;
  max_quantity: number;
}

function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    name: row.name,
    minQuantity: row.min_quantity,
    maxQuantity: row.max_quantity,
  };
}

/** The offer catalog of `cloud`, in display order (one round trip, the primary key range). */
export async function listOffers(db: D1Database, cloud: CloudId): Promise<Offer[]> {
  const { results } = await prepare(
    db,
    sql`SELECT id, name, min_quantity, max_quantity FROM offers WHERE cloud = ${cloud}
        ORDER BY sort_order, id`,
  ).all<OfferRow>();
  return results.map(toOffer);
}
