import { z } from "zod";
import { ROLES, type Role } from "../roles.ts";
import { Email } from "./customer.ts";
import { text } from "./text.ts";
import { PAGE_QUERY } from "./page.ts";

/**
 * Partner users and groups (SPEC §6): what a partner's global admins send to manage their
 * colleagues and groups, and what the API answers. The users page pre-checks with the same
 * schemas; the partner's own email domain and a taken email are the API's to check.
 */

/** A user's status as the API shows it (a removed user is gone from every answer). */
export const USER_STATUSES = ["active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** `roles` in the order of {@link ROLES}, each once. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** One or more of the four roles, each at most once. */
export const UserRoles = z
  .array(z.enum(ROLES, { message: "validation.role_unknown" }))
  .min(1, { message: "validation.roles_required" })
  .max(ROLES.length, { message: "validation.max_items" })
  .refine((roles) => new Set(roles).size === roles.length, {
    message: "validation.role_duplicate",
    params: { code: "role_duplicate" },
  });

export const DisplayName = text(1, 100);

/** `POST /users` body. */
export const UserCreateRequest = z.strictObject({
  displayName: DisplayName,
  email: Email,
  roles: UserRoles,
});
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;

/** `PUT /users/{id}/roles` body. */
export const UserRolesRequest = z.strictObject({ roles: UserRoles });
export type UserRolesRequest = z.infer<typeof UserRolesRequest>;

/** `PUT /users/{id}/status` body. */
export const UserStatusRequest = z.strictObject({
  status: z.enum(USER_STATUSES, { message: "validation.invalid_value" }),
});
export type UserStatusRequest = z.infer<typeof UserStatusRequest>;

/** A partner user as the partner's global admins see it. */
export const PartnerUser = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(USER_STATUSES),
  /** The user still has to replace a temporary password. */
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PartnerUser = z.infer<typeof PartnerUser>;

/** `POST /users` answer: the user and the temporary password, shown this once. */
export const UserCreated = z.object({ user: PartnerUser, temporaryPassword: z.string() });
export type UserCreated = z.infer<typeof UserCreated>;

/** `POST /users/{id}/password` answer: the new temporary password, shown this once. */
export const UserPasswordReset = z.object({ temporaryPassword: z.string() });
export type UserPasswordReset = z.infer<typeof UserPasswordReset>;

export const UserList = z.object({
  items: z.array(PartnerUser),
  nextCursor: z.string().nullable(),
});
export type UserList = z.infer<typeof UserList>;

const page = {
  ...PAGE_QUERY,
};

/** `GET /users` query. */
export const UserListQuery = z.strictObject({
  /** Starts-with, case-insensitive, on the display name or the email. */
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  ...page,
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const GroupName = text(1, 100);

/** `POST /groups` and `PUT /groups/{id}` body. */
export const GroupRequest = z.strictObject({ name: GroupName });
export type GroupRequest = z.infer<typeof GroupRequest>;

/** A group of the partner's users. */
export const PartnerGroup = z.object({
  id: z.string(),
  name: z.string(),
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PartnerGroup = z.infer<typeof PartnerGroup>;

export const GroupList = z.object({
  items: z.array(PartnerGroup),
  nextCursor: z.string().nullable(),
});
export type GroupList = z.infer<typeof GroupList>;

/** `GET /groups` and `GET /groups/{id}/members` query. */
export const GroupListQuery = z.strictObject(page);
export type GroupListQuery = z.infer<typeof GroupListQuery>;

/** `POST /groups/{id}/members` body. */
export const GroupMemberRequest = z.strictObject({ userId: z.guid() });
export type GroupMemberRequest = z.infer<typeof GroupMemberRequest>;

/** A member of a group. */
export const GroupMember = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  status: z.enum(USER_STATUSES),
  addedAt: z.string(),
});
export type GroupMember = z.infer<typeof GroupMember>;

export const GroupMemberList = z.object({
  items: z.array(GroupMember),
  nextCursor: z.string().nullable(),
});
export type GroupMemberList = z.infer<typeof GroupMemberList>;
