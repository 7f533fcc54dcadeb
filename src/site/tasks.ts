import { hasFeature, type CloudId } from "../domain/clouds.ts";
import type { Feature } from "../domain/features.ts";

/** A portal page that performs a task, relative to `/{cloud}/{locale}/`. */
export interface TaskPage {
  /** Route relative to the cloud × locale home, with a trailing slash. */
  path: string;
  /** The feature the cloud must offer; `null` when every cloud has the page. */
  feature: Feature | null;
  /** Whether the page is built. Until it is, the site shows "Coming soon" instead of a link. */
  built: boolean;
}

/**
 * The task pages of SPEC §4 and which of them exist. Flip `built` to `true` in the change that
 * adds the page: the home cards, the cloud and language switchers and the route checks all read
 * this one list.
 *
 * @example
 * TASK_PAGES.customers.path; // "customers/"
 */
export const TASK_PAGES = {
  customers: { path: "customers/", feature: "customers", built: true },
  newCustomer: { path: "customers/new/", feature: "customers", built: true },
  invitations: { path: "invitations/", feature: "resellerInvitations", built: true },
  indirectProviders: { path: "indirect-providers/", feature: "indirectInvitations", built: true },
  audit: { path: "audit/", feature: null, built: true },
  apiKeys: { path: "api-keys/", feature: null, built: true },
  users: { path: "users/", feature: null, built: true },
  adminRelationships: {
    path: "admin-relationships/",
    feature: "adminRelationships",
    built: true,
  },
} as const satisfies Record<string, TaskPage>;

export type TaskId = keyof typeof TASK_PAGES;

/**
 * The pages of the cloud operator's console (SPEC §6, Cloud operator), in every cloud × locale.
 * They are no partner task: no home card, no documentation task; operators reach them from the
 * sign-in page and the home page's operator entry. The route checks and switchers know them
 * through `routeExists` (routes.ts).
 *
 * @example
 * OPERATOR_PAGES.onboard; // "operator/onboard/"
 */
export const OPERATOR_PAGES = {
  partners: "operator/",
  partner: "operator/partner/",
  onboard: "operator/onboard/",
  audit: "operator/audit/",
} as const;
export const TASK_IDS = Object.keys(TASK_PAGES) as TaskId[];

/**
 * Whether `cloud` offers the task at all (its feature is available there), built or not.
 *
 * @example
 * taskOffered("china", "invitations"); // false
 */
export function taskOffered(cloud: CloudId, task: TaskId): boolean {
  const { feature } = TASK_PAGES[task] as TaskPage;
  return feature === null || hasFeature(cloud, feature);
}

/**
 * Whether the task page exists in `cloud`: offered there and built.
 *
 * @example
 * taskPageExists("global", "customers"); // true once TASK_PAGES.customers.built is true
 */
export function taskPageExists(cloud: CloudId, task: TaskId): boolean {
  return (TASK_PAGES[task] as TaskPage).built && taskOffered(cloud, task);
}

/** A card of the home page's "What you can do here": one per feature area. */
export interface HomeCard {
  id:
    | "customers"
    | "invitations"
    | "indirectProviders"
    | "audit"
    | "apiKeys"
    | "users"
    | "adminRelationships";
  /** The task pages the card links to, in order. */
  tasks: readonly TaskId[];
}

/** The home page's cards, in display order. A card shows only where its first task is offered. */
export const HOME_CARDS = [
  { id: "customers", tasks: ["customers", "newCustomer"] },
  { id: "invitations", tasks: ["invitations"] },
  { id: "indirectProviders", tasks: ["indirectProviders"] },
  { id: "adminRelationships", tasks: ["adminRelationships"] },
  { id: "audit", tasks: ["audit"] },
  { id: "apiKeys", tasks: ["apiKeys"] },
  { id: "users", tasks: ["users"] },
] as const satisfies readonly HomeCard[];

/**
 * The home cards `cloud` offers (a feature the cloud lacks has no card at all).
 *
 * @example
 * homeCards("china").map((c) => c.id); // ["customers", "audit", "apiKeys", "users"]
 */
export function homeCards(cloud: CloudId): HomeCard[] {
  return HOME_CARDS.filter((card) => card.tasks.every((task) => taskOffered(cloud, task)));
}
