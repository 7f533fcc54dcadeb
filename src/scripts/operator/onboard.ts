/**
 * The onboarding form (`operator/onboard/`): the partner and its first global admin; on success
 * the admin's temporary password, shown once with a copy button (as the customer wizard shows
 * its administrator's), and a link to the partner.
 */
import type { OnboardPartnerRequest } from "../../domain/schemas/operator.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  checkFields,
  clearErrors,
  copyButtons,
  part,
  refused,
  showProblem,
} from "../kit/index.ts";
import { admitOperator } from "./access.ts";

async function start(root: HTMLElement): Promise<void> {
  if (!(await admitOperator(root))) return;
  const messages = new Messages(root);
  const form = part<HTMLFormElement>(root, "form[data-onboard-form]");
  const alert = part(form, "[data-alert]");
  const status = part(form, "[data-status]");
  const done = part(root, "[data-onboarded]");
  const value = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
  copyButtons(done, messages);
  let submitting = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (submitting) return;
    clearErrors(form, alert);
    const errors = checkFields(form);
    if (errors.length > 0) {
      showProblem(form, alert, { title: messages.text("invalid"), errors }, "");
      return;
    }
    const body: OnboardPartnerRequest = {
      name: value("name"),
      type: value("type") as OnboardPartnerRequest["type"],
      emailDomain: value("emailDomain").toLowerCase(),
      admin: { name: value("admin.name"), email: value("admin.email") },
    };
    submitting = true;
    form.setAttribute("aria-busy", "true");
    status.textContent = messages.text("onboarding");
    void call(api.operator.partners.$post({ param: here(), json: body }), messages).then(
      (result) => {
        submitting = false;
        form.removeAttribute("aria-busy");
        status.textContent = "";
        if (!result.ok) {
          if (refused(root, result.status)) return;
          showProblem(form, alert, result.problem, messages.text("unexpected"));
          return;
        }
        const { partner, adminAccount } = result.data;
        part(done, "[data-onboarded-text]").textContent = messages.text("onboarded", {
          name: partner.name,
        });
        part(done, "[data-upn]").textContent = adminAccount.userPrincipalName;
        part(done, "[data-password]").textContent = adminAccount.temporaryPassword;
        part<HTMLAnchorElement>(done, "[data-detail-link]").href =
          `${root.dataset["detail"] ?? ""}?id=${encodeURIComponent(partner.id)}`;
        form.hidden = true;
        done.hidden = false;
        part(done, "h2").focus();
      },
    );
  });
}

const root = document.querySelector<HTMLElement>('[data-operator-page="onboard"]');
if (root) void start(root);
