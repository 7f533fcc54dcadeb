/**
 * The role fields of a request form (components/admin-relationships/RoleFields.astro): the
 * global administrator warning, and auto-extension switched off and disabled with it (never
 * auto-extended, SPEC §6).
 */
import { GLOBAL_ADMINISTRATOR } from "../../domain/admin-roles.ts";
import type { AdminRelationship } from "../../domain/schemas/admin-relationship.ts";
import { part } from "../kit/index.ts";
import { textOf } from "./form.ts";

/** What the fields ask for, as the API takes it. */
export interface RoleChoice {
  roles: AdminRelationship["roles"];
  duration: string;
  autoExtend: AdminRelationship["autoExtend"];
}

/**
 * Wires the role fields inside `form`; `choice()` reads them, `reset()` puts them back after
 * the form is reset.
 *
 * @example
 * const fields = roleFields(form);
 * const { roles, duration, autoExtend } = fields.choice();
 */
export function roleFields(form: HTMLFormElement): { choice: () => RoleChoice; reset: () => void } {
  const fields = part(form, "[data-role-fields]");
  const warning = part(fields, "[data-global-warning]");
  const auto = part<HTMLInputElement>(fields, '[name="autoExtend"]');
  const global = part<HTMLInputElement>(fields, `[value="${GLOBAL_ADMINISTRATOR}"]`);
  const update = () => {
    warning.hidden = !global.checked;
    auto.disabled = global.checked;
    if (global.checked) auto.checked = false;
  };
  fields.addEventListener("change", update);
  return {
    choice: () => {
      const data = new FormData(form);
      return {
        roles: data.getAll("roles").map(String) as RoleChoice["roles"],
        duration: textOf(data, "duration"),
        autoExtend: auto.checked ? "P180D" : "P0D",
      };
    },
    reset: update,
  };
}
