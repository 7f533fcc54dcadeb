/**
 * What the admin relationship pages hand their browser modules, rendered at build time: the
 * role names, states, timeline events and bulk skip reasons in the page's language.
 */
import { ADMIN_ROLE_IDS } from "../../domain/admin-roles.ts";
import type { MessageKey } from "../../domain/i18n.ts";
import type { Locale } from "../../domain/locales.ts";
import { ADMIN_RELATIONSHIP_STATES } from "../../domain/schemas/admin-relationship.ts";
import { messageAttributes } from "../messages.ts";

const EVENTS = [
  "created",
  "opened",
  "approved",
  "rejected",
  "terminated",
  "assigned",
  "unassigned",
  "extended",
  "expiring",
  "expired",
  "request_expired",
  "autoExtendSet",
];
const SKIPS = [
  "not_active",
  "auto_extend_not_allowed",
  "unchanged",
  "role_absent",
  "last_role",
  "already_requested",
  "changed",
  "no_delegated_admin",
];

/**
 * `data-msg-role-<id>`, `data-msg-state-<state>`, `data-msg-event-<action>` and
 * `data-msg-skip-<code>` for `locale`.
 *
 * @example
 * catalogAttributes("ru-RU")["data-msg-state-active"]; // "Действует"
 */
export function catalogAttributes(locale: Locale): Record<`data-msg-${string}`, string> {
  const key = (name: string, messageKey: string): [string, readonly [MessageKey]] => [
    name,
    [messageKey as MessageKey],
  ];
  const entries = [
    ...ADMIN_ROLE_IDS.map((id) => key(`role-${id}`, `adminRelationships.role.${id}.name`)),
    ...ADMIN_RELATIONSHIP_STATES.map((state) =>
      key(`state-${state}`, `adminRelationships.state.${state}`),
    ),
    ...EVENTS.map((event) => key(`event-${event}`, `adminRelationships.event.${event}`)),
    ...SKIPS.map((code) => key(`skip-${code}`, `adminRelationships.skip.${code}`)),
  ];
  // messageAttributes turns camelCase into kebab-case; these names are kebab already.
  return messageAttributes(locale, Object.fromEntries(entries));
}
