/**
 * Invitation tokens (SPEC §7, Guarantees): 256 bits from the CSPRNG, handed out once in the
 * personal link's fragment (never sent to a server in a Referer or a log line), stored only as
 * a hash, valid for a configurable number of days.
 */
import type { CloudId } from "../../../src/domain/clouds.ts";
import { LOCALES, type Locale } from "../../../src/domain/locales.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";

/** 32 bytes = 256 bits. */
const TOKEN_BYTES = 32;
const DEFAULT_TTL_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh token: 43 base64url characters. */
export function newInvitationToken(): string {
  return randomToken(TOKEN_BYTES);
}

/**
 * What the database keeps of a token. The cloud is part of the hashed text, so a token means
 * nothing in another cloud's database even if both were ever merged.
 *
 * @example
 * await tokenHash("global", token); // 64 hex characters
 */
export function tokenHash(cloud: CloudId, token: string): Promise<string> {
  return sha256Hex(`invitation:${cloud}:${token}`);
}

/**
 * How long an invitation stays valid: `INVITATION_TTL_DAYS` (1–365) or 30 days.
 *
 * @example
 * invitationTtlMs("7"); // 604800000
 */
export function invitationTtlMs(configured: string | undefined): number {
  const days = Number(configured);
  const valid = Number.isInteger(days) && days >= 1 && days <= 365;
  return (valid ? days : DEFAULT_TTL_DAYS) * DAY_MS;
}

/**
 * The personal link of an invitation: the acceptance page of its cloud, in its locale, with the
 * token in the fragment.
 *
 * @example
 * invitationUrl("https://portal.example", "usgov", "fr-FR", token);
 * // "https://portal.example/usgov/fr-fr/invitations/accept/#<token>"
 */
export function invitationUrl(origin: string, cloud: CloudId, locale: Locale, token: string) {
  return `${origin}/${cloud}/${LOCALES[locale].segment}/invitations/accept/#${token}`;
}
