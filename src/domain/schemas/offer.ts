import { z } from "zod";

/** One offer of a cloud's catalog (SPEC §7, `GET /offers`). */
export const Offer = z.object({
  id: z.string(),
  name: z.string(),
  minQuantity: z.number().int(),
  maxQuantity: z.number().int(),
});
export type Offer = z.infer<typeof Offer>;

/** `GET /offers`: the whole catalog of the cloud, in its display order (one page). */
export const OfferList = z.object({
  items: z.array(Offer),
  nextCursor: z.null(),
});
export type OfferList = z.infer<typeof OfferList>;
