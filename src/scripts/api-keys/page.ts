/**
 * The API keys page (`api-keys/`, global admins): create a key with some of the admin's own
 * permissions, see it once with a copy button, list the partner's keys with "Show more", and
 * revoke one after a confirmation.
 */
import { can, type Permission } from "../../domain/roles.ts";
import type { ApiKey, CreatedApiKey } from "../../domain/schemas/api-key.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  admit,
  clearErrors,
  confirmAction,
  copyButtons,
  formatDate,
  pager,
  part,
  refused,
  showAlert,
  showFieldError,
  showProblem,
} from "../kit/index.ts";

/** The create form and the one-time display of the new key. */
function startCreate(root: HTMLElement, section: HTMLElement, created: () => void): void {
  const messages = new Messages(section);
  const form = part<HTMLFormElement>(section, "form");
  const alert = part(section, "[data-alert]");
  const status = part(section, "[data-status]");
  const submit = part<HTMLButtonElement>(form, 'button[type="submit"]');
  const secret = part(section, "[data-secret]");
  const value = part(secret, "[data-secret-value]");
  let submitting = false;

  const chosen = () =>
    [...form.querySelectorAll<HTMLInputElement>('input[name="permissions"]')]
      .filter((box) => box.checked && !box.disabled)
      .map((box) => box.value as Permission);

  const show = (result: CreatedApiKey) => {
    part(secret, "[data-secret-label]").textContent = messages.text("label", {
      name: result.apiKey.name,
    });
    value.textContent = result.secret;
    part(secret, "[data-secret-expires]").textContent = messages.text("expires", {
      date: formatDate(result.apiKey.expiresAt, true),
    });
    part(secret, "[data-copy-status]").textContent = "";
    form.hidden = true;
    secret.hidden = false;
    part(secret, "[data-secret-title]").focus();
  };

  part(secret, "[data-secret-done]").addEventListener("click", () => {
    // Once stored, the key leaves the page: it is never shown again.
    value.textContent = "";
    secret.hidden = true;
    form.reset();
    form.hidden = false;
    part(section, "h2").focus();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (submitting) return;
    clearErrors(form, alert);
    const name = (form.elements.namedItem("name") as HTMLInputElement).value.trim();
    const permissions = chosen();
    const days = Number((form.elements.namedItem("expiresInDays") as HTMLSelectElement).value);
    const nameInput = form.elements.namedItem("name") as HTMLInputElement;
    let invalid = false;
    if (name === "") invalid = showFieldError(form, "name", nameInput.dataset["msgRequired"] ?? "");
    if (permissions.length === 0) {
      invalid =
        showFieldError(form, "permissions", messages.text("permissionsRequired")) || invalid;
    }
    if (invalid) {
      showAlert(alert, { title: messages.text("invalid") });
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    submitting = true;
    submit.disabled = true;
    status.textContent = messages.text("creating");
    void call(
      api["api-keys"].$post({ param: here(), json: { name, permissions, expiresInDays: days } }),
      messages,
    ).then((result) => {
      submitting = false;
      submit.disabled = false;
      status.textContent = "";
      if (result.ok) {
        show(result.data);
        created();
        return;
      }
      if (refused(root, result.status)) return;
      // `permissions.1` and the like belong to the permissions group.
      const errors = (result.problem.errors ?? []).map((error) => ({
        ...error,
        path: error.path.startsWith("permissions.") ? "permissions" : error.path,
      }));
      showProblem(form, alert, { ...result.problem, errors }, messages.text("unexpected"));
    });
  });

  copyButtons(secret, messages);
}

/** The list of keys, and revoking one. */
function startList(root: HTMLElement, section: HTMLElement) {
  const messages = new Messages(section);
  const template = part<HTMLTemplateElement>(section, "template[data-row]");
  const dialog = part<HTMLDialogElement>(section, "[data-revoke-dialog]");
  const status = part(section, "[data-list-status]");
  const labels = JSON.parse(section.dataset["permissions"] ?? "{}") as Record<string, string>;

  const time = (element: HTMLTimeElement, iso: string) => {
    element.dateTime = iso;
    element.textContent = formatDate(iso, true);
  };

  const revoking = confirmAction<ApiKey>({
    dialog,
    messages,
    act: (key) =>
      call(
        api["api-keys"][":id"].$delete({ param: { ...here(), id: encodeURIComponent(key.id) } }),
        messages,
      ),
    // 404: gone meanwhile; the list then shows what is true now.
    settled: [404],
    refused: (code) => refused(root, code),
    done: async (key, ok) => {
      await list.reload();
      if (ok) status.textContent = messages.text("revokeDone", { name: key.name });
      part(section, "h2").focus();
    },
  });

  const row = (key: ApiKey): HTMLElement => {
    const tr = part(template.content.cloneNode(true) as DocumentFragment, "tr");
    const cell = (name: string) => part(tr, `[data-cell="${name}"]`);
    tr.dataset["id"] = key.id;
    cell("name").textContent = key.name;
    cell("permissions").replaceChildren(
      ...key.permissions.map((permission) => {
        const item = document.createElement("li");
        item.textContent = labels[permission] ?? permission;
        return item;
      }),
    );
    time(part<HTMLTimeElement>(tr, '[data-cell="created"]'), key.createdAt);
    time(part<HTMLTimeElement>(tr, '[data-cell="expires"]'), key.expiresAt);
    cell("lastUsed").textContent = key.lastUsedAt
      ? formatDate(key.lastUsedAt, true)
      : messages.text("never");
    cell("creator").textContent = key.createdBy.name ?? key.createdBy.id;
    cell("state").textContent = messages.text(`state-${key.state}`);
    cell("state").dataset["state"] = key.state;
    const revoke = part<HTMLButtonElement>(tr, "[data-revoke]");
    revoke.hidden = key.state !== "active";
    revoke.setAttribute("aria-label", messages.text("revokeLabel", { name: key.name }));
    revoke.addEventListener("click", () => {
      part(dialog, "[data-dialog-title]").textContent = messages.text("revokeTitle", {
        name: key.name,
      });
      revoking.open(key, revoke);
    });
    return tr;
  };

  const list = pager({
    messages,
    rows: part(section, "[data-rows]"),
    more: part<HTMLButtonElement>(section, "[data-more]"),
    empty: part(section, "[data-empty]"),
    status,
    alert: part(section, "[data-list-alert]"),
    load: (cursor) =>
      call(api["api-keys"].$get({ param: here(), query: cursor ? { cursor } : {} }), messages),
    row,
    shown: (count) => {
      if (count > 0) status.textContent = messages.plural("shown", count);
    },
  });

  return list;
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, "apiKeys.manage");
  if (!user) return;
  // Only the permissions the admin holds can be given to a key.
  for (const row of root.querySelectorAll<HTMLElement>("[data-permission]")) {
    const held = can(user.roles, row.dataset["permission"] as Permission);
    row.hidden = !held;
    const box = part<HTMLInputElement>(row, "input");
    box.disabled = !held;
  }
  const list = startList(root, part(root, "[data-api-key-list]"));
  startCreate(root, part(root, "[data-api-key-create]"), () => void list.reload());
  await list.reload();
}

const root = document.querySelector<HTMLElement>("[data-api-keys-page]");
if (root) void start(root);
