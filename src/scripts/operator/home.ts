/**
 * The home page for a cloud operator: the operator console's entry instead of the partner task
 * cards (operators reach no partner task). Everyone else keeps the cards and never sees the entry.
 */
import { session } from "../kit/api.ts";

void session().then((user) => {
  if (user?.kind !== "operator") return;
  const entry = document.querySelector<HTMLElement>("[data-operator-entry]");
  const tasks = document.querySelector<HTMLElement>("[data-partner-tasks]");
  if (entry) entry.hidden = false;
  if (tasks) tasks.hidden = true;
});
