/**
 * The groups section of the users page (components/users/GroupsSection.astro): the partner's
 * groups with their member counts, add, rename and remove (confirmed in dialogs), and the
 * members of the group opened, with one of the partner's active users to add.
 */
import type { GroupMember, PartnerGroup } from "../../domain/schemas/user.ts";
import { ActionDialog } from "../customers/dialog.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  checkFields,
  clearErrors,
  pager,
  part,
  searchableChoices,
  showProblem,
} from "../kit/index.ts";

/** What the users page asks of its groups section. */
export interface Groups {
  /** Shows the first page of groups again. */
  reload: () => Promise<void>;
  /** Users were added, changed or removed: the member choices and the open group are stale. */
  usersChanged: () => void;
}

/**
 * Wires the groups section `root`.
 *
 * @example
 * const groups = startGroups(part(page, "[data-groups]"));
 * await groups.reload();
 */
export function startGroups(root: HTMLElement): Groups {
  const messages = new Messages(root);
  const status = part(root, "[data-groups-status]");
  const template = part<HTMLTemplateElement>(root, "template[data-group-row]");
  const listStatus = part(root, "[data-groups-list-status]");
  let open: PartnerGroup | undefined;

  const row = (group: PartnerGroup): HTMLElement => {
    const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
    const cell = (name: string) => part(tr, `[data-cell="${name}"]`);
    cell("name").textContent = group.name;
    cell("members").textContent = messages.plural("members", group.memberCount);
    cell("actions").setAttribute("aria-label", messages.text("actionsLabel", { name: group.name }));
    const button = (action: string) => part<HTMLButtonElement>(tr, `[data-action="${action}"]`);
    button("members").addEventListener("click", () => void showMembers(group));
    button("rename").addEventListener("click", () => openRename(group, button("rename")));
    button("remove").addEventListener("click", () => openRemove(group, button("remove")));
    return tr;
  };

  const list = pager({
    messages,
    rows: part(root, "[data-group-rows]"),
    more: part<HTMLButtonElement>(root, "[data-groups-more]"),
    empty: part(root, "[data-groups-empty]"),
    status: listStatus,
    alert: part(root, "[data-groups-alert]"),
    load: (cursor) =>
      call(api.groups.$get({ param: here(), query: cursor ? { cursor } : {} }), messages),
    row,
  });

  const after = async (text: string) => {
    await list.reload();
    status.textContent = text;
  };

  // Add a group.
  const addForm = part<HTMLFormElement>(root, "form[data-add-group]");
  const addAlert = part(root, "[data-add-group-alert]");
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(addForm, addAlert);
    const errors = checkFields(addForm);
    if (errors.length > 0) return showProblem(addForm, addAlert, { errors }, "");
    const name = part<HTMLInputElement>(addForm, 'input[name="name"]').value;
    void call(api.groups.$post({ param: here(), json: { name } }), messages).then(
      async (result) => {
        if (!result.ok) {
          showProblem(addForm, addAlert, result.problem, messages.text("unexpected"));
          return;
        }
        addForm.reset();
        await after(messages.text("added", { name: result.data.name }));
      },
    );
  });

  // Rename.
  const renameElement = part<HTMLDialogElement>(root, "[data-rename-dialog]");
  const renameInput = part<HTMLInputElement>(renameElement, 'input[name="name"]');
  let renaming: PartnerGroup | undefined;
  const rename = new ActionDialog(
    renameElement,
    async () => {
      if (!renaming) return { done: true };
      const result = await call(
        api.groups[":id"].$put({
          param: { ...here(), id: renaming.id },
          json: { name: renameInput.value },
        }),
        messages,
      );
      if (!result.ok) return { done: false, problem: result.problem };
      if (open?.id === result.data.id) open = result.data;
      await after(messages.text("renamed", { name: result.data.name }));
      return { done: true, focus: part(root, "h2") };
    },
    () => {
      const errors = checkFields(part<HTMLFormElement>(renameElement, "form"));
      return errors.length > 0 ? { errors } : null;
    },
  );
  const openRename = (group: PartnerGroup, opener: HTMLElement) => {
    renaming = group;
    part(renameElement, ".dialog__title").textContent = messages.text("renameTitle", {
      name: group.name,
    });
    rename.open(opener);
    renameInput.value = group.name;
  };

  // Remove.
  const removeElement = part<HTMLDialogElement>(root, "#group-dialog");
  let removing: PartnerGroup | undefined;
  const remove = new ActionDialog(removeElement, async () => {
    if (!removing) return { done: true };
    const group = removing;
    const result = await call(
      api.groups[":id"].$delete({ param: { ...here(), id: group.id } }),
      messages,
    );
    if (!result.ok) return { done: false, problem: result.problem };
    if (open?.id === group.id) closeMembers();
    await after(messages.text("removed", { name: group.name }));
    return { done: true, focus: part(root, "h2") };
  });
  const openRemove = (group: PartnerGroup, opener: HTMLElement) => {
    removing = group;
    part(removeElement, "[data-dialog-title]").textContent = messages.text("removeTitle", {
      name: group.name,
    });
    part(removeElement, "[data-dialog-text]").textContent = messages.text("removeText");
    const button = part<HTMLButtonElement>(removeElement, "[data-dialog-confirm]");
    button.textContent = messages.text("removeConfirm");
    button.classList.add("button--danger");
    remove.open(opener);
  };

  // Members of the group opened.
  const panel = part(root, "[data-members]");
  const memberTemplate = part<HTMLTemplateElement>(panel, "template[data-member-row]");
  const memberForm = part<HTMLFormElement>(panel, "form[data-add-member]");
  const memberAlert = part(panel, "[data-add-member-alert]");
  const choice = part<HTMLSelectElement>(memberForm, "select");

  const memberRow = (member: GroupMember): HTMLElement => {
    const li = part(memberTemplate.content.cloneNode(true) as DocumentFragment, "li");
    part(li, '[data-cell="name"]').textContent = member.displayName;
    part(li, '[data-cell="email"]').textContent = member.email;
    const button = part<HTMLButtonElement>(li, '[data-action="remove-member"]');
    button.setAttribute(
      "aria-label",
      messages.text("memberRemoveLabel", { name: member.displayName }),
    );
    button.addEventListener("click", () => {
      const group = open;
      if (!group) return;
      button.disabled = true;
      void call(
        api.groups[":id"].members[":userId"].$delete({
          param: { ...here(), id: group.id, userId: member.id },
        }),
        messages,
      ).then(async (result) => {
        button.disabled = false;
        if (!result.ok)
          return showProblem(memberForm, memberAlert, result.problem, messages.text("unexpected"));
        await Promise.all([members.reload(), list.reload()]);
        status.textContent = messages.text("memberRemoved", { name: member.displayName });
        part(panel, "h3").focus();
      });
    });
    return li;
  };

  const members = pager({
    messages,
    rows: part(panel, "[data-member-rows]"),
    more: part<HTMLButtonElement>(panel, "[data-members-more]"),
    empty: part(panel, "[data-members-empty]"),
    status: part(panel, "[data-members-status]"),
    alert: part(panel, "[data-members-alert]"),
    load: (cursor) =>
      call(
        api.groups[":id"].members.$get({
          param: { ...here(), id: open?.id ?? "" },
          query: cursor ? { cursor } : {},
        }),
        messages,
      ),
    row: memberRow,
  });

  /** The partner's active users as the member choices, by name, narrowed by the search box. */
  const choices = searchableChoices({
    search: part<HTMLInputElement>(memberForm, 'input[type="search"]'),
    select: choice,
    keep: [new Option(messages.text("chooseUser"), "")],
    none: () => messages.text("noMatch"),
    find: async (query) => {
      const result = await call(
        api.users.$get({ param: here(), query: { status: "active", ...query } }),
        messages,
      );
      if (!result.ok) return null;
      return result.data.items.map((user) => ({
        label: `${user.displayName} (${user.email})`,
        value: user.id,
      }));
    },
  });

  const showMembers = async (group: PartnerGroup) => {
    open = group;
    part(panel, "[data-members-title]").textContent = messages.text("membersTitle", {
      name: group.name,
    });
    clearErrors(memberForm, memberAlert);
    panel.hidden = false;
    await Promise.all([members.reload(), choices.reload()]);
    part(panel, "h3").focus();
  };
  const closeMembers = () => {
    open = undefined;
    panel.hidden = true;
  };

  memberForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const group = open;
    if (!group) return;
    clearErrors(memberForm, memberAlert);
    const errors = checkFields(memberForm);
    if (errors.length > 0) return showProblem(memberForm, memberAlert, { errors }, "");
    const selected = choice.selectedOptions[0];
    const name = selected?.text ?? "";
    void call(
      api.groups[":id"].members.$post({
        param: { ...here(), id: group.id },
        json: { userId: choice.value },
      }),
      messages,
    ).then(async (result) => {
      if (!result.ok) {
        showProblem(memberForm, memberAlert, result.problem, messages.text("unexpected"));
        return;
      }
      memberForm.reset();
      await Promise.all([members.reload(), list.reload(), choices.reload()]);
      status.textContent = messages.text("memberAdded", { name });
    });
  });

  return {
    reload: () => list.reload(),
    usersChanged: () => {
      if (open) void Promise.all([members.reload(), choices.reload(), list.reload()]);
    },
  };
}
