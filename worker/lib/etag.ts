/**
 * Entity tags from a row's version column, and the `If-Match` precondition (RFC 9110 §13.1.1):
 * updates must name the version they were made from, so one editor cannot silently overwrite
 * another.
 */
import { AppError } from "./problem.ts";

/** The strong ETag of version `version`. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The version an `If-Match` header requires: a number, `"*"` for any, or `null` when no listed
 * tag is one of ours (it then matches nothing: 412). Missing header → 428.
 *
 * @example
 * requiredVersion('"v3"'); // 3
 */
export function requiredVersion(header: string | undefined): number | "*" | null {
  if (header === undefined || header.trim() === "")
    throw new AppError(428, "precondition_required");
  const tags = header.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return "*";
  // If-Match uses the strong comparison: a weak tag (W/"…") never matches.
  for (const tag of tags) {
    const match = /^"v(\d{1,15})"$/.exec(tag);
    if (match) return Number(match[1]);
  }
  return null;
}

/** Whether an `If-None-Match` header lists the current `etag` (weak comparison, RFC 9110 §13.1.2). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}
