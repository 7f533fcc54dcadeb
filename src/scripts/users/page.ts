/**
 * The users page (`users/`, global admins): the partner's users with search, filters and
 * "Show more"; add a user (the temporary password shown once, with copy); change roles, reset
 * a password, disable, enable and remove, each confirmed in a dialog. The groups section is
 * wired by ./groups.ts.
 */
import { ROLES, type Role } from "../../domain/roles.ts";
import type { PartnerUser, UserListQuery } from "../../domain/schemas/user.ts";
import { ActionDialog, type Outcome } from "../customers/dialog.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  admit,
  checkFields,
  clearErrors,
  copyButtons,
  pager,
  part,
  showProblem,
} from "../kit/index.ts";
import { startGroups } from "./groups.ts";

type Filters = Pick<UserListQuery, "q" | "role" | "status">;
type Action = "reset" | "disable" | "enable" | "remove";

/** The roles ticked in `form` (checkboxes named `roles`), in the order of {@link ROLES}. */
function checkedRoles(form: HTMLFormElement): Role[] {
  const ticked = new Set(new FormData(form).getAll("roles").map(String));
  return ROLES.filter((role) => ticked.has(role));
}

/** Shows a user's sign-in name and temporary password in the block `result`. */
function showSecret(result: HTMLElement, email: string, password: string): void {
  part(result, "[data-upn]").textContent = email;
  part(result, "[data-password]").textContent = password;
  part(result, "[data-copy-status]").textContent = "";
  result.hidden = false;
  result.focus();
}

async function start(root: HTMLElement): Promise<void> {
  const me = await admit(root, "users.manage");
  if (!me) return;
  const messages = new Messages(root);
  const pageStatus = part(root, "[data-page-status]");
  copyButtons(root, messages);
  const groups = startGroups(part(root, "[data-groups]"));
  const roleNames = (roles: readonly Role[]) =>
    roles.map((role) => messages.text(`role-${role}`)).join(", ");

  // The list.
  const section = part(root, "[data-user-list]");
  const filter = part<HTMLFormElement>(section, "form[data-user-filter]");
  const template = part<HTMLTemplateElement>(section, "template[data-row]");
  const listStatus = part(section, "[data-list-status]");
  let filters: Filters = {};

  const row = (user: PartnerUser): HTMLElement => {
    const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
    const cell = (name: string) => part(tr, `[data-cell="${name}"]`);
    tr.dataset["id"] = user.id;
    cell("name").textContent =
      user.id === me.id ? `${user.displayName} ${messages.text("you")}` : user.displayName;
    cell("email").textContent = user.email;
    cell("roles").textContent = roleNames(user.roles);
    cell("status").textContent = user.mustChangePassword
      ? `${messages.text(`status-${user.status}`)} · ${messages.text("mustChange")}`
      : messages.text(`status-${user.status}`);
    cell("actions").setAttribute(
      "aria-label",
      messages.text("actionsLabel", { name: user.displayName }),
    );
    const button = (action: string) => part<HTMLButtonElement>(tr, `[data-action="${action}"]`);
    button("disable").hidden = user.status !== "active";
    button("enable").hidden = user.status === "active";
    button("roles").addEventListener("click", () => openRoles(user, button("roles")));
    for (const action of ["reset", "disable", "enable", "remove"] as const) {
      button(action).addEventListener("click", () => confirmAction(action, user, button(action)));
    }
    return tr;
  };

  const list = pager({
    messages,
    rows: part(section, "[data-rows]"),
    more: part<HTMLButtonElement>(section, "[data-more]"),
    empty: part(section, "[data-empty]"),
    status: listStatus,
    alert: part(section, "[data-list-alert]"),
    load: (cursor) =>
      call(
        api.users.$get({ param: here(), query: { ...filters, ...(cursor ? { cursor } : {}) } }),
        messages,
      ),
    row,
    shown: (count) => (listStatus.textContent = count === 0 ? "" : messages.plural("shown", count)),
  });

  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name: string) =>
      (filter.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    filters = {
      ...(value("q") ? { q: value("q") } : {}),
      ...(value("role") ? { role: value("role") as Role } : {}),
      ...(value("status") ? { status: value("status") as "active" | "disabled" } : {}),
    };
    void list.reload();
  });

  /** After a change: the list again, the outcome said, focus where the reader can go on. */
  const changed = async (text: string, focus?: HTMLElement): Promise<Outcome> => {
    await list.reload();
    groups.usersChanged();
    pageStatus.textContent = text;
    return { done: true, focus: focus ?? part(section, "h2") };
  };

  // Change roles.
  const rolesDialog = part<HTMLDialogElement>(root, "[data-roles-dialog]");
  const rolesForm = part<HTMLFormElement>(rolesDialog, "form");
  let editing: PartnerUser | undefined;
  const roles = new ActionDialog(
    rolesDialog,
    async () => {
      const user = editing;
      if (!user) return { done: true };
      const result = await call(
        api.users[":id"].roles.$put({
          param: { ...here(), id: user.id },
          json: { roles: checkedRoles(rolesForm) },
        }),
        messages,
      );
      if (!result.ok) return { done: false, problem: result.problem };
      return changed(messages.text("rolesDone", { name: user.displayName }));
    },
    () =>
      checkedRoles(rolesForm).length === 0
        ? { errors: [{ path: "roles", code: "required", message: messages.text("rolesRequired") }] }
        : null,
  );
  const openRoles = (user: PartnerUser, opener: HTMLElement) => {
    editing = user;
    part(rolesDialog, ".dialog__title").textContent = user.displayName;
    roles.open(opener);
    for (const box of rolesForm.querySelectorAll<HTMLInputElement>('input[name="roles"]')) {
      box.checked = user.roles.includes(box.value as Role);
    }
  };

  // Reset, disable, enable, remove.
  const confirmElement = part<HTMLDialogElement>(root, "#user-dialog");
  const resetResult = part(section, "[data-reset-result]");
  let pending: { action: Action; user: PartnerUser } | undefined;
  const confirm = new ActionDialog(confirmElement, async () => {
    if (!pending) return { done: true };
    const { action, user } = pending;
    const param = { ...here(), id: user.id };
    const done = messages.text(`${action}Done`, { name: user.displayName });
    if (action === "reset") {
      const result = await call(api.users[":id"].password.$post({ param, json: {} }), messages);
      if (!result.ok) return { done: false, problem: result.problem };
      await changed(done);
      showSecret(resetResult, user.email, result.data.temporaryPassword);
      return { done: true, focus: resetResult };
    }
    const result =
      action === "remove"
        ? await call(api.users[":id"].$delete({ param }), messages)
        : await call(
            api.users[":id"].status.$put({
              param,
              json: { status: action === "enable" ? "active" : "disabled" },
            }),
            messages,
          );
    if (!result.ok) return { done: false, problem: result.problem };
    // Acting on oneself (another global admin remains) ends one's own session.
    if (user.id === me.id && action !== "enable") location.reload();
    return changed(done);
  });
  const confirmAction = (action: Action, user: PartnerUser, opener: HTMLElement) => {
    pending = { action, user };
    part(confirmElement, "[data-dialog-title]").textContent = messages.text(`${action}Title`, {
      name: user.displayName,
    });
    part(confirmElement, "[data-dialog-text]").textContent = messages.text(`${action}Text`);
    const button = part<HTMLButtonElement>(confirmElement, "[data-dialog-confirm]");
    button.textContent = messages.text(`${action}Confirm`);
    button.classList.toggle("button--danger", action === "remove" || action === "disable");
    resetResult.hidden = true;
    confirm.open(opener);
  };

  // Add a user.
  const addSection = part(root, "[data-add-user]");
  const addForm = part<HTMLFormElement>(addSection, "form");
  const addAlert = part(addSection, "[data-add-alert]");
  const addResult = part(addSection, "[data-add-result]");
  const domain = me.email.slice(me.email.lastIndexOf("@") + 1);
  part(addForm, "#add-user-email-hint").textContent = messages.text("emailHint", { domain });
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (addForm.getAttribute("aria-busy") === "true") return;
    clearErrors(addForm, addAlert);
    const roleList = checkedRoles(addForm);
    const errors = [
      ...checkFields(addForm),
      ...(roleList.length === 0
        ? [{ path: "roles", code: "required", message: messages.text("rolesRequired") }]
        : []),
    ];
    if (errors.length > 0) {
      showProblem(addForm, addAlert, { errors }, "");
      return;
    }
    const value = (name: string) => (addForm.elements.namedItem(name) as HTMLInputElement).value;
    const body = { displayName: value("displayName"), email: value("email"), roles: roleList };
    addForm.setAttribute("aria-busy", "true");
    addResult.hidden = true;
    void call(api.users.$post({ param: here(), json: body }), messages).then(async (result) => {
      addForm.removeAttribute("aria-busy");
      if (!result.ok) {
        showProblem(addForm, addAlert, result.problem, messages.text("unexpected"));
        return;
      }
      addForm.reset();
      const { user, temporaryPassword } = result.data;
      part(addResult, "[data-add-result-title]").textContent = messages.text("added", {
        name: user.displayName,
      });
      await list.reload();
      groups.usersChanged();
      showSecret(addResult, user.email, temporaryPassword);
    });
  });

  await Promise.all([list.reload(), groups.reload()]);
}

const root = document.querySelector<HTMLElement>("[data-users-page]");
if (root) void start(root);
