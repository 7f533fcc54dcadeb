/**
 * One admin relationship (`admin-relationships/view/?id=…`): its state, roles and dates, the
 * groups holding its roles (assign some or all of them to a group, or take them back), its
 * timeline from the audit trail, and terminating it.
 */
import type {
  AdminRelationshipDetail,
  AdminRelationship,
} from "../../domain/schemas/admin-relationship.ts";
import { can } from "../../domain/roles.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  admit,
  clearErrors,
  formatDate,
  part,
  refused,
  showAlert,
  showProblem,
} from "../kit/index.ts";
import { durationText } from "./duration.ts";
import { textOf } from "./form.ts";
import { actorName } from "../audit/actor.ts";

type Role = AdminRelationship["roles"][number];

type TimelineEntry = AdminRelationshipDetail["timeline"][number];

/**
 * Who made a timeline entry, as the partner may know them: its staff and the customer's admin
 * by name, its API keys by the key's name, the scheduled run as "System"; anyone the API does
 * not name is outside the partner's organization.
 */
function actorText(messages: Messages, { actor }: TimelineEntry): string {
  return actorName(messages, actor) ?? messages.text("actorUnknown");
}

function timelineItem(messages: Messages, entry: TimelineEntry): HTMLLIElement {
  const item = document.createElement("li");
  const time = document.createElement("time");
  time.dateTime = entry.occurredAt;
  time.textContent = formatDate(entry.occurredAt, true);
  const event = entry.action.replace(/^adminRelationship\./, "");
  const actor = document.createElement("span");
  actor.className = "timeline__actor";
  actor.textContent = messages.text("actor", { actor: actorText(messages, entry) });
  item.append(time, ` — ${messages.text(`event-${event}`)} `, actor);
  return item;
}

function render(
  root: HTMLElement,
  messages: Messages,
  detail: AdminRelationshipDetail,
  writer: boolean,
) {
  const { relationship } = detail;
  const field = (name: string) => part(root, `[data-field="${name}"]`);
  part(root, "[data-name]").textContent = relationship.displayName;
  field("state").textContent = messages.text(`state-${relationship.state}`);
  field("customer").textContent = relationship.customer?.companyName ?? "—";
  field("roles").replaceChildren(
    ...relationship.roles.map((role) => {
      const item = document.createElement("li");
      item.textContent = messages.text(`role-${role}`);
      return item;
    }),
  );
  field("duration").textContent = durationText(relationship.duration);
  field("autoExtend").textContent = messages.text(
    relationship.autoExtend === "P180D" ? "autoExtendOn" : "autoExtendOff",
  );
  field("ends").textContent = relationship.endsAt ? formatDate(relationship.endsAt) : "—";
  field("requestExpires").textContent = formatDate(relationship.requestExpiresAt);
  part(root, "[data-replaces-dap]").hidden = !relationship.replacesDelegatedAdmin;
  part(root, "[data-replaces]").hidden = relationship.replacesId === null;

  const rows = part(root, "[data-assignments]");
  rows.replaceChildren(
    ...detail.assignments.map((assignment) => {
      const tr = document.createElement("tr");
      tr.dataset["testid"] = "assignment-row";
      const group = document.createElement("td");
      group.textContent = assignment.group.name;
      const roles = document.createElement("td");
      roles.textContent = assignment.roles.map((role) => messages.text(`role-${role}`)).join(", ");
      const actions = document.createElement("td");
      if (writer) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button--small button--secondary";
        button.textContent = messages.text("unassign");
        button.dataset["unassign"] = assignment.group.id;
        actions.append(button);
      }
      tr.append(group, roles, actions);
      return tr;
    }),
  );
  part(root, "[data-no-assignments]").hidden = detail.assignments.length > 0;

  const usable = relationship.state === "active" || relationship.state === "expiring";
  const form = part<HTMLFormElement>(root, "[data-assign-form]");
  form.hidden = !writer || !usable;
  const select = part<HTMLSelectElement>(form, '[name="groupId"]');
  const chosen = select.value;
  select.replaceChildren(...detail.groups.map((group) => new Option(group.name, group.id)));
  if (chosen) select.value = chosen;
  part(form, "[data-no-groups]").hidden = detail.groups.length > 0;
  for (const choice of form.querySelectorAll<HTMLElement>("[data-role-choice]")) {
    choice.hidden = !relationship.roles.includes(choice.dataset["roleChoice"] as Role);
  }
  part(root, "[data-terminate-block]").hidden =
    !writer ||
    ["expired", "terminated", "rejected", "request_expired"].includes(relationship.state);

  part(root, "[data-timeline]").replaceChildren(
    ...detail.timeline.map((entry) => timelineItem(messages, entry)),
  );
  part(root, "[data-details]").hidden = false;
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, "adminRelationships.read");
  if (!user) return;
  const messages = new Messages(root);
  const writer = can(user.roles, "adminRelationships.write");
  const id = new URLSearchParams(location.search).get("id") ?? "";
  const alert = part(root, "[data-page-alert]");
  const load = async () => {
    const result = await call(
      api["admin-relationships"][":id"].$get({ param: { ...here(), id } }),
      messages,
    );
    if (result.ok) return render(root, messages, result.data, writer);
    if (refused(root, result.status)) return;
    if (result.status === 404) part(root, "[data-not-found]").hidden = false;
    else showAlert(alert, result.problem, messages.text("unexpected"));
  };

  const form = part<HTMLFormElement>(root, "[data-assign-form]");
  const assignAlert = part(form, "[data-assign-alert]");
  const assignStatus = part(form, "[data-assign-status]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, assignAlert);
      assignStatus.textContent = "";
      const data = new FormData(form);
      const result = await call(
        api["admin-relationships"][":id"].assignments[":groupId"].$put({
          param: { ...here(), id, groupId: textOf(data, "groupId") },
          json: { roles: data.getAll("roles").map(String) as Role[] },
        }),
        messages,
      );
      if (!result.ok)
        return showProblem(form, assignAlert, result.problem, messages.text("unexpected"));
      assignStatus.textContent = messages.text("assigned");
      await load();
    })();
  });
  part(root, "[data-assignments]").addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>("[data-unassign]");
    if (!button) return;
    void (async () => {
      const result = await call(
        api["admin-relationships"][":id"].assignments[":groupId"].$delete({
          param: { ...here(), id, groupId: button.dataset["unassign"] ?? "" },
        }),
        messages,
      );
      if (!result.ok) return showAlert(alert, result.problem, messages.text("unexpected"));
      assignStatus.textContent = messages.text("unassigned");
      await load();
    })();
  });
  part(root, "[data-terminate]").addEventListener("click", () => {
    void (async () => {
      const result = await call(
        api["admin-relationships"][":id"].$delete({ param: { ...here(), id } }),
        messages,
      );
      if (!result.ok) return showAlert(alert, result.problem, messages.text("unexpected"));
      part(root, "[data-terminate-status]").textContent = messages.text("terminated");
      await load();
    })();
  });
  await load();
}

const root = document.querySelector<HTMLElement>("[data-admin-relationship-page]");
if (root) void start(root);
