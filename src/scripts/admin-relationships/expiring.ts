/**
 * The partner home's "N relationships expire within 30 days", for partner staff who may read
 * admin relationships; hidden when there are none.
 */
import { can } from "../../domain/roles.ts";
import { api, call, here, session } from "../kit/api.ts";
import { Messages, part } from "../kit/index.ts";

async function start(root: HTMLElement): Promise<void> {
  const user = await session();
  if (user?.kind !== "partner" || !can(user.roles, "adminRelationships.read")) return;
  const result = await call(api["admin-relationships"].summary.$get({ param: here() }));
  if (!result.ok || result.data.expiring === 0) return;
  part(root, "[data-admin-expiring-link]").textContent = new Messages(root).plural(
    "expiring",
    result.data.expiring,
  );
  root.hidden = false;
}

const root = document.querySelector<HTMLElement>("[data-admin-expiring]");
if (root) void start(root);
