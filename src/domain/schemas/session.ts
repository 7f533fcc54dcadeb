import { z } from "zod";
import { PARTNER_TYPES, ROLES } from "../roles.ts";

/** `POST /session` body. */
export const SignInRequest = z.strictObject({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/** The password policy for a new password: 12+ chars with four character classes. */
export const NewPassword = z
  .string()
  .min(12, { message: "validation.password_policy" })
  .max(256)
  .refine(
    (value) =>
      /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && /[^A-Za-z0-9]/.test(value),
    { message: "validation.password_policy" },
  );

/** `POST /session/password` body. */
export const ChangePasswordRequest = z
  .strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: NewPassword,
  })
  .refine((body) => body.currentPassword !== body.newPassword, {
    path: ["newPassword"],
    message: "validation.password_reused",
  });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** The signed-in user (SPEC §7, Sessions). */
export const SessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(["partner", "customer", "operator"]),
  roles: z.array(z.enum(ROLES)),
  partner: z.object({ id: z.string(), name: z.string(), type: z.enum(PARTNER_TYPES) }).optional(),
  customer: z.object({ id: z.string(), companyName: z.string(), domain: z.string() }).optional(),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** `DELETE /session` query: this session (default) or every session of the user. */
export const SignOutQuery = z.strictObject({
  scope: z
    .enum(["current", "all"])
    .default("current")
    .describe("`all` ends every session of the user, in every browser (sign out everywhere)."),
});
export type SignOutQuery = z.infer<typeof SignOutQuery>;
