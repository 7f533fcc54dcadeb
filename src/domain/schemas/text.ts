import { z } from "zod";

const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Trimmed single-line text of `min`–`max` characters (no line breaks or other controls).
 *
 * @example
 * const City = text(1, 100);
 */
export function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, { abort: true })
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      message: "validation.control_characters",
      params: { code: "control_characters" },
    });
}

/**
 * The search and sort key of a name: Unicode-lowercased (SQLite's `lower()` is ASCII-only), so
 * a starts-with search is one index range in any script.
 *
 * @example
 * nameKey("Рога и Копыта"); // "рога и копыта"
 */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}
