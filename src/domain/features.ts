/**
 * What a partner can do, and in which clouds (SPEC §2). The site hides entry points for a
 * feature its cloud lacks; the API answers 404 `feature_unavailable`.
 */
export const FEATURES = [
  "customers",
  "adminPassword",
  "resellerInvitations",
  "indirectInvitations",
  "relationshipRemoval",
  "multipartner",
  "adminRelationships",
] as const;

export type Feature = (typeof FEATURES)[number];
