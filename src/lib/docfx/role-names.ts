import type { Role } from "../../domain/roles.ts";
import { normalizeName } from "./text.ts";

/**
 * How each partner role is written in the "appropriate roles" lists of the three languages, as
 * published sets write them (compared after normalizeName: case, quotes and accents do not
 * matter).
 */
const ROLE_NAMES: Record<Role, readonly string[]> = {
  global_admin: [
    "Global admin",
    "Global administrator",
    "Global admins",
    "Administrateur général",
    "Administrateur global",
    "Глобальный администратор",
  ],
  admin_agent: [
    "Admin agent",
    "Administrative agent",
    "Agent admin",
    "Admin agents",
    "Agent d'administration",
    "Agent administrateur",
    "Agent administratif",
    "Агент администратора",
    "Агент-администратор",
    "Администрирующий агент",
    "Агент администрирования",
    "Агент по администрированию",
  ],
  sales_agent: [
    "Sales agent",
    "Agent commercial",
    "Agent de vente",
    "Agent des ventes",
    "Agent de ventes",
    "Commercial",
    "Агент продаж",
    "Агент по продажам",
    "Торговый агент",
  ],
  helpdesk_agent: [
    "Helpdesk agent",
    "Help desk agent",
    "Agent du support technique",
    "Agent de support technique",
    "Agent du support",
    "Agent du service d'assistance",
    "Agent d'aide",
    "Агент справки",
    "Агент службы справки",
    "Агент службы поддержки",
    "Агент службы технической поддержки",
    "Агент технической поддержки",
  ],
};

const ROLE_BY_NAME: ReadonlyMap<string, Role> = new Map(
  (Object.keys(ROLE_NAMES) as Role[]).flatMap((role) =>
    ROLE_NAMES[role].map((name) => [normalizeName(name), role] as const),
  ),
);

/**
 * The partner role a "roles" bullet names, in English, French or Russian; `undefined` when
 * the name is not known.
 *
 * @example
 * roleFromName("Agent commercial"); // "sales_agent"
 */
export function roleFromName(name: string): Role | undefined {
  return ROLE_BY_NAME.get(normalizeName(name));
}
