/**
 * The paging part of every list query (SPEC §7: `{items, nextCursor}`, keyset paging with an
 * opaque cursor, `limit` default 50, max 200).
 */
import { z } from "zod";

/**
 * A page size as a query string writes it: plain decimal digits, 1–200. Not `z.coerce.number()`,
 * which would also take `0x10`, `1e2` or ` 16 `.
 */
export const PageLimit = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/)
  .transform(Number)
  .pipe(z.number().int().max(200))
  .default(50);

/** `cursor` and `limit`, to spread into a list's query object. */
export const PAGE_QUERY = {
  cursor: z.string().max(2048).optional(),
  limit: PageLimit,
};
