/**
 * The add-customer wizard (customers/new/): Account info → Subscriptions → Review →
 * Confirmation. Each step is pre-checked before the next; the API's errors go back to the step
 * and field they name. One customer per wizard however often Submit is pressed: the button is
 * disabled while the request runs, and every retry of the same entries carries the same
 * Idempotency-Key, so the API answers a repeat with the customer it already created.
 */
import type { CustomerCreateRequest, CustomerCreated } from "../../domain/schemas/customer.ts";
import type { FieldError, Problem } from "../../domain/schemas/problem.ts";
import { api, call, here } from "../kit/api.ts";
import {
  Messages,
  admit,
  checkFields,
  clearErrors,
  copyButtons,
  part,
  refused,
  showAccess,
  showAlert,
  showProblem,
} from "../kit/index.ts";
import { firstPerField, offerErrorPaths } from "./account.ts";
import { AccountFields } from "./account-fields.ts";
import { DomainCheck } from "./domain-check.ts";
import { OffersStep } from "./offers-step.ts";
import { renderReview, type EditTarget } from "./review.ts";

const STEPS = ["account", "subscriptions", "review", "confirmation"] as const;
type Step = (typeof STEPS)[number];

function start(root: HTMLElement): void {
  const messages = new Messages(root);
  const status = part(root, "[data-page-status]");
  const alert = part(root, "[data-error]");
  const section = (step: Step) => part(root, `[data-step="${step}"]`);
  const accountForm = part<HTMLFormElement>(section("account"), "form");
  const reviewForm = part<HTMLFormElement>(section("review"), "form");
  const submit = part<HTMLButtonElement>(reviewForm, "button[type=submit]");
  const fields = new AccountFields(accountForm);
  const offersStep = new OffersStep(section("subscriptions"), messages);
  const suffix = root.dataset["suffix"] ?? "";
  const domainCheck = new DomainCheck(
    part<HTMLInputElement>(accountForm, 'input[name="domainPrefix"]'),
    part(accountForm, "[data-availability]"),
    suffix,
  );
  domainCheck.onSignedOut = () => showAccess(root, "signed-out");

  let current: Step = "account";
  /** The key of the entries last sent: a retry of the same entries must not create twice. */
  let attempt: { key: string; body: string } | undefined;
  let submitting = false;

  function show(step: Step, focus?: HTMLElement | null): void {
    current = step;
    const index = STEPS.indexOf(step);
    for (const other of STEPS) section(other).hidden = other !== step;
    for (const marker of root.querySelectorAll<HTMLElement>("[data-step-marker]")) {
      const markerIndex = STEPS.indexOf(marker.dataset["stepMarker"] as Step);
      if (markerIndex === index) marker.setAttribute("aria-current", "step");
      else marker.removeAttribute("aria-current");
      marker.classList.toggle("steps__item--done", markerIndex < index);
      part(marker, "[data-done]").hidden = markerIndex >= index;
    }
    (focus ?? part(section(step), "h2")).focus();
  }

  /** Shows errors in `form` (and the alert); false when there were none. */
  function report(form: HTMLFormElement, errors: FieldError[]): boolean {
    if (errors.length === 0) return false;
    showProblem(form, alert, { title: messages.text("invalid"), errors }, "");
    return true;
  }

  accountForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(accountForm, alert);
    void domainCheck.errors().then(async (domainErrors) => {
      const errors = firstPerField([
        ...fields.precheck(),
        ...domainErrors,
        ...checkFields(accountForm),
      ]);
      if (report(accountForm, errors)) return;
      show("subscriptions");
      const loaded = await offersStep.load();
      if (loaded === "signed-out") showAccess(root, "signed-out");
    });
  });

  section("subscriptions")
    .querySelector("[data-back]")
    ?.addEventListener("click", () => {
      clearErrors(offersStep.form, alert);
      show("account");
    });

  offersStep.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(offersStep.form, alert);
    if (report(offersStep.form, offersStep.precheck())) return;
    renderReview(
      part(reviewForm, "[data-review]"),
      part<HTMLTemplateElement>(section("review"), "template[data-review-template]"),
      fields,
      offersStep.chosen(),
      messages,
      suffix,
      (target: EditTarget) => {
        showAlert(alert, null);
        show(target.step, target.focus);
      },
    );
    show("review");
  });

  section("review")
    .querySelector("[data-back]")
    ?.addEventListener("click", () => {
      showAlert(alert, null);
      show("subscriptions");
    });

  function body(): CustomerCreateRequest {
    return {
      ...fields.body(),
      domainPrefix: fields.read("domainPrefix").trim(),
      subscriptions: offersStep.chosen().map(({ offerId, quantity }) => ({ offerId, quantity })),
    };
  }

  /** Sends the API's field errors back to the step that has the field, else says it here. */
  function placeProblem(problem: Partial<Problem>, offerIds: string[]): void {
    const errors = offerErrorPaths(problem.errors ?? [], offerIds);
    const has = (form: HTMLFormElement, path: string) =>
      [...form.elements].some((e) => (e as HTMLInputElement).name === path);
    const form = [accountForm, offersStep.form].find((f) => errors.some((e) => has(f, e.path)));
    if (!form) {
      showAlert(alert, problem, messages.text("unexpected"));
      alert.focus();
      return;
    }
    show(form === accountForm ? "account" : "subscriptions");
    showProblem(form, alert, { ...problem, errors }, messages.text("unexpected"));
  }

  function confirm(created: CustomerCreated, replayed: boolean): void {
    const confirmation = section("confirmation");
    const { customer, adminAccount } = created;
    part(confirmation, "[data-created]").textContent = messages.text("created", {
      company: customer.companyName,
      domain: customer.domain,
    });
    part(confirmation, "[data-upn]").textContent = adminAccount.userPrincipalName;
    const password = adminAccount.temporaryPassword;
    part(confirmation, "[data-password]").textContent = password ?? "";
    for (const element of confirmation.querySelectorAll<HTMLElement>("[data-password-part]")) {
      element.hidden = password === undefined;
    }
    part(confirmation, "[data-replayed]").hidden = password !== undefined || !replayed;
    part<HTMLAnchorElement>(confirmation, "[data-view-link]").href =
      `${root.dataset["view"] ?? ""}?id=${encodeURIComponent(customer.id)}`;
    showAlert(alert, null);
    show("confirmation");
  }

  reviewForm.addEventListener("submit", (event) => {
    event.preventDefault();
    // A second click while the first request runs (or after it succeeded) does nothing.
    if (submitting || current !== "review") return;
    submitting = true;
    submit.disabled = true;
    reviewForm.setAttribute("aria-busy", "true");
    status.textContent = messages.text("creating");
    showAlert(alert, null);
    const request = body();
    const text = JSON.stringify(request);
    if (attempt?.body !== text) attempt = { key: crypto.randomUUID(), body: text };
    const offerIds = request.subscriptions.map((s) => s.offerId);
    void call(
      api.customers.$post({
        param: here(),
        header: { "Idempotency-Key": attempt.key },
        json: request,
      }),
      messages,
    ).then((result) => {
      status.textContent = "";
      reviewForm.removeAttribute("aria-busy");
      submitting = result.ok;
      submit.disabled = submitting;
      if (result.ok) {
        confirm(result.data, result.headers.get("Idempotent-Replayed") === "true");
        return;
      }
      if (refused(root, result.status)) return;
      if (result.problem.code === "domain_taken") domainCheck.reset();
      placeProblem(result.problem, offerIds);
    });
  });

  copyButtons(section("confirmation"), messages);

  void admit(root, "customers.create").then((user) => {
    if (!user) return;
    status.textContent = "";
    // Fetched early, so the Subscriptions step is ready when the reader gets there.
    void offersStep.load();
  });
}

const root = document.querySelector<HTMLElement>("[data-customer-wizard]");
if (root) start(root);
