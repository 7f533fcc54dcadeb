import { z } from "zod";
import { PERMISSIONS, type Permission } from "../roles.ts";
import { text as singleLineText } from "./text.ts";
import { PAGE_QUERY } from "./page.ts";

/**
 * API keys (SPEC §6, API key): the bodies the API accepts and the shapes it answers with. A key
 * is a partner's named, expiring, revocable credential for automation, holding a subset of its
 * creator's permissions; its secret is shown once, in the create answer.
 */

/**
 * The permissions a key may hold, in the fixed order a key's text encodes them (bit i is
 * permission i): append only, never reorder. `apiKeys.manage` and user management are absent on
 * purpose: a key never makes keys or manages people, so a leaked key cannot outlive itself.
 */
export const KEY_PERMISSIONS = [
  "customers.read",
  "customers.create",
  "customers.update",
  "customers.resetPassword",
  "invitations.write",
  "relationships.remove",
  "audit.read",
] as const satisfies readonly Permission[];
export type KeyPermission = (typeof KEY_PERMISSIONS)[number];

/** The longest a key may live (issue: "expiring, ≤ 1 year"). */
export const API_KEY_MAX_DAYS = 365;
/** What the create form offers first. */
export const API_KEY_DEFAULT_DAYS = 90;

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as [Permission, ...Permission[]];

/** `POST /api-keys` body: a name, the permissions, and either an expiry date or a number of days. */
export const CreateApiKeyRequest = z
  .strictObject({
    name: singleLineText(1, 100),
    /** Any permission name; which of them a key may hold is the server's decision (400). */
    permissions: z.array(z.enum(PERMISSION_NAMES)).min(1).max(PERMISSION_NAMES.length),
    /** ISO 8601 date-time with Z or an offset, at most a year from now. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    expiresInDays: z.int().min(1).max(API_KEY_MAX_DAYS).optional(),
  })
  .refine((body) => (body.expiresAt === undefined) !== (body.expiresInDays === undefined), {
    path: ["expiresInDays"],
    message: "apiKeys.validation.expiryOne",
    params: { code: "expiry_required" },
  });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** `expired` and `revoked` are computed: a key is `active` until one of them. */
export const ApiKeyState = z.enum(["active", "expired", "revoked"]);
export type ApiKeyState = z.infer<typeof ApiKeyState>;

/** A key as its partner's global admins see it (never its secret). */
export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.enum(KEY_PERMISSIONS)),
  state: ApiKeyState,
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  /** Moved at most every five minutes while the key is in use. */
  lastUsedAt: z.string().nullable(),
  /** The global admin who created it (`name` while that user exists). */
  createdBy: z.object({ id: z.string(), name: z.string().optional() }),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** `POST /api-keys` answer: the key, and its secret — here only. */
export const CreatedApiKey = z.object({ apiKey: ApiKey, secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** `GET /api-keys` query. */
export const ApiKeyListQuery = z.strictObject({
  ...PAGE_QUERY,
});
export type ApiKeyListQuery = z.infer<typeof ApiKeyListQuery>;

/** `GET /api-keys` answer, newest first. */
export const ApiKeyList = z.object({ items: z.array(ApiKey), nextCursor: z.string().nullable() });
export type ApiKeyList = z.infer<typeof ApiKeyList>;
