/**
 * The customer page (customers/view/?id=…): details, subscriptions and relationship; for roles
 * that may, the edit form (If-Match: a 412 says someone else changed the customer and offers to
 * reload), the admin password reset, revoking delegated admin privileges and removing the
 * relationship (customer-actions.ts).
 */
import type { Customer } from "../../domain/schemas/customer.ts";
import { CUSTOMER_VIEW_ROUTE } from "../../components/customers/routes.ts";
import { TASK_PAGES } from "../../site/tasks.ts";
import { api, call } from "../kit/api.ts";
import {
  Messages,
  admit,
  checkFields,
  clearErrors,
  formatDate,
  languageName,
  part,
  refused,
  regionName,
  showAlert,
  showProblem,
} from "../kit/index.ts";
import { accountChanges, firstPerField } from "./account.ts";
import { AccountFields } from "./account-fields.ts";
import { customerParam, wireActions } from "./customer-actions.ts";

/** The customer as last read, with its version. */
export interface Loaded {
  customer: Customer;
  etag: string;
}

/**
 * The switchers lead to this page in the other language or cloud, without the customer id (the
 * page's address needs one). Keeps the reader on the customer instead: another language shows
 * the same customer, another cloud its customer list (an id means nothing in another cloud).
 */
function keepSwitchersHere(): void {
  const links = (switcher: string) => [
    ...document.querySelectorAll<HTMLAnchorElement>(
      `[data-testid="${switcher}"] a[href$="/${CUSTOMER_VIEW_ROUTE}"]`,
    ),
  ];
  for (const link of links("language-switcher")) {
    link.href = `${link.pathname}${location.search}`;
  }
  for (const link of links("cloud-switcher")) {
    link.href = link.pathname.replace(CUSTOMER_VIEW_ROUTE, TASK_PAGES.customers.path);
  }
}

function start(root: HTMLElement): void {
  const messages = new Messages(root);
  const id = new URLSearchParams(location.search).get("id")?.trim() ?? "";
  const status = part(root, "[data-page-status]");
  const alert = part(root, "[data-error]");
  const title = part(root, "[data-title]");
  const box = part(root, "[data-customer]");
  const missing = part(root, "[data-missing]");
  const actionStatus = part(root, "[data-action-status]");
  const editSection = part(root, "[data-edit]");
  const editForm = part<HTMLFormElement>(editSection, "form");
  const editAlert = part(editSection, "[data-edit-error]");
  const conflict = part(editSection, "[data-conflict]");
  const editButton = part<HTMLButtonElement>(root, '[data-action="edit"]');
  const fields = new AccountFields(editForm);
  const pageTitle = document.title;
  let loaded: Loaded | undefined;

  const field = (name: string) => part(root, `[data-field="${name}"]`);

  function setField(name: string, value: string | undefined): void {
    field(name).textContent = value ?? "";
    const row = root.querySelector<HTMLElement>(`[data-row="${name}"]`);
    if (row) row.hidden = !value;
  }

  function render(customer: Customer): void {
    title.textContent = customer.companyName;
    document.title = `${customer.companyName} · ${pageTitle}`;
    const { address, primaryContact: contact, relationship } = customer;
    setField("companyName", customer.companyName);
    setField("domain", customer.domain);
    setField("organizationRegistrationNumber", customer.organizationRegistrationNumber);
    setField(
      "address",
      [
        address.line1,
        address.line2,
        [address.postalCode, address.city].filter(Boolean).join(" "),
        address.state,
      ]
        .filter(Boolean)
        .join("\n"),
    );
    setField("country", regionName(address.country));
    setField("contact", `${contact.firstName} ${contact.lastName}`);
    setField("email", contact.email);
    setField("phone", contact.phone);
    setField("language", languageName(customer.language));
    setField("culture", `${languageName(customer.culture)} · ${customer.culture}`);
    setField("createdAt", formatDate(customer.createdAt));
    setField("updatedAt", formatDate(customer.updatedAt));
    setField("since", formatDate(relationship.since));
    setField("reseller", relationship.indirectReseller?.name ?? messages.text("direct"));
    setField(
      "delegatedAdmin",
      messages.text(relationship.delegatedAdmin ? "dapActive" : "dapNone"),
    );

    const rows = customer.subscriptions.map((subscription) => {
      const row = document.createElement("tr");
      for (const text of [
        subscription.offerName ?? subscription.offerId,
        messages.plural("licenses", subscription.quantity),
        messages.text(subscription.state),
      ]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    });
    part(root, "[data-subscriptions]").replaceChildren(...rows);
    part(root, "[data-no-subscriptions]").hidden = rows.length > 0;
    const revoke = root.querySelector<HTMLElement>('[data-action="revoke"]');
    if (revoke && !relationship.delegatedAdmin) revoke.hidden = true;
  }

  /** Reads the customer; false (after saying why) when it cannot be shown. */
  async function load(): Promise<boolean> {
    status.textContent = messages.text("loading");
    const result = id
      ? await call(api.customers[":id"].$get({ param: customerParam(id), header: {} }), messages)
      : undefined;
    status.textContent = "";
    if (result?.ok) {
      loaded = { customer: result.data, etag: result.headers.get("ETag") ?? "*" };
      render(loaded.customer);
      box.hidden = false;
      return true;
    }
    if (result && refused(root, result.status)) return false;
    if (!result || result.status === 404) {
      box.hidden = true;
      missing.hidden = false;
    } else showAlert(alert, result.problem, messages.text("unexpected"));
    return false;
  }

  function openEdit(open: boolean): void {
    editSection.hidden = !open;
    editButton.setAttribute("aria-expanded", String(open));
    conflict.hidden = true;
    clearErrors(editForm, editAlert);
    if (open && loaded) {
      fields.fillFrom(loaded.customer);
      part(editSection, "h2").focus();
    } else {
      editButton.focus();
    }
  }

  editButton.addEventListener("click", () =>
    openEdit(editButton.getAttribute("aria-expanded") !== "true"),
  );
  part(editSection, "[data-cancel]").addEventListener("click", () => openEdit(false));

  part(conflict, "[data-reload]").addEventListener("click", () => {
    void load().then((ok) => {
      if (!ok || !loaded) return;
      conflict.hidden = true;
      clearErrors(editForm, editAlert);
      fields.fillFrom(loaded.customer);
      actionStatus.textContent = messages.text("reloaded");
      fields.control("companyName").focus();
    });
  });

  editForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!loaded || editForm.getAttribute("aria-busy") === "true") return;
    clearErrors(editForm, editAlert);
    conflict.hidden = true;
    const errors = firstPerField([...fields.precheck(), ...checkFields(editForm)]);
    if (errors.length > 0) {
      showProblem(editForm, editAlert, { title: messages.text("invalid"), errors }, "");
      return;
    }
    const changes = accountChanges(loaded.customer, fields.body());
    if (Object.keys(changes).length === 0) {
      actionStatus.textContent = messages.text("unchanged");
      openEdit(false);
      return;
    }
    const save = part<HTMLButtonElement>(editForm, "button[type=submit]");
    save.disabled = true;
    editForm.setAttribute("aria-busy", "true");
    actionStatus.textContent = messages.text("saving");
    void call(
      api.customers[":id"].$patch({
        param: customerParam(loaded.customer.id),
        header: { "If-Match": loaded.etag },
        json: changes,
      }),
      messages,
    ).then((result) => {
      save.disabled = false;
      editForm.removeAttribute("aria-busy");
      actionStatus.textContent = "";
      if (result.ok) {
        loaded = { customer: result.data, etag: result.headers.get("ETag") ?? "*" };
        render(loaded.customer);
        openEdit(false);
        actionStatus.textContent = messages.text("saved");
        return;
      }
      if (result.status === 412) {
        conflict.hidden = false;
        conflict.focus();
      } else if (refused(root, result.status, false)) return;
      else if (result.status === 404) {
        box.hidden = true;
        missing.hidden = false;
      } else showProblem(editForm, editAlert, result.problem, messages.text("unexpected"));
    });
  });

  wireActions(
    root,
    messages,
    () => loaded,
    (customer) => {
      if (loaded) loaded = { ...loaded, customer };
      render(customer);
    },
  );

  void admit(root, "customers.read").then((user) => {
    if (user) void load();
  });
}

const root = document.querySelector<HTMLElement>("[data-customer-view]");
if (root) {
  keepSwitchersHere();
  start(root);
}
