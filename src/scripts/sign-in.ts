import type { FieldError } from "../domain/schemas/problem.ts";
import type { ChangePasswordRequest, SignInRequest } from "../domain/schemas/session.ts";
import type { SessionUser } from "../domain/schemas/session.ts";
import { pagePath, safeReturnTo } from "../site/routes.ts";
import { OPERATOR_PAGES } from "../site/tasks.ts";
import { announceSession, api, call, here, session, type Result } from "./kit/api.ts";
import { Messages, checkFields, clearErrors, part, showProblem } from "./kit/index.ts";
import { pageContext } from "./page.ts";

/**
 * The sign-in page: sign in, change a temporary password if the API asks for it, then go to
 * `returnTo` (only inside this cloud × locale) or the cloud's home.
 */
function start(root: HTMLElement): void {
  const messages = new Messages(root);
  const context = pageContext();
  const query = new URLSearchParams(location.search);
  const target = safeReturnTo(query.get("returnTo"), context.cloud, context.locale, context.home);
  // A cloud operator's pages are the operator console's: anywhere else, it goes there.
  const console = pagePath(context.cloud, context.locale, OPERATOR_PAGES.partners);
  const destination = (user: SessionUser | null): string =>
    user?.kind === "operator" && !target.startsWith(console) ? console : target;
  let signedIn: SessionUser | null = null;

  const signInStep = part<HTMLElement>(root, '[data-step="sign-in"]');
  const changeStep = part<HTMLElement>(root, '[data-step="change"]');
  const signInForm = part<HTMLFormElement>(root, '[data-testid="sign-in-form"]');
  const changeForm = part<HTMLFormElement>(root, '[data-testid="change-password-form"]');
  const summary = part<HTMLElement>(root, '[data-testid="form-error"]');
  const status = part<HTMLElement>(root, "[data-status]");

  const field = (form: HTMLFormElement, name: string): HTMLInputElement =>
    form.elements.namedItem(name) as HTMLInputElement;

  function busy(form: HTMLFormElement, message: string | undefined): void {
    const pending = message !== undefined;
    form.setAttribute("aria-busy", String(pending));
    for (const button of form.querySelectorAll("button")) button.disabled = pending;
    status.textContent = message ?? "";
  }

  function finish(message: string | undefined): void {
    status.textContent = message ?? "";
    location.assign(destination(signedIn));
  }

  function showStep(step: "sign-in" | "change"): void {
    signInStep.hidden = step !== "sign-in";
    changeStep.hidden = step !== "change";
    if (step === "change") changeStep.querySelector<HTMLElement>("h2")?.focus();
  }

  /**
   * Runs one API call for `form` after the pre-check (plus `extra` checks only the browser can
   * make), showing pre-check, network and problem errors.
   */
  async function submit<T>(
    form: HTMLFormElement,
    pendingMessage: string,
    request: () => Promise<Result<T>>,
    extra: FieldError[] = [],
  ): Promise<Result<T> | undefined> {
    clearErrors(form, summary);
    const errors = checkFields(form);
    errors.push(...extra.filter((e) => !errors.some((other) => other.path === e.path)));
    if (errors.length > 0) {
      showProblem(form, summary, { title: messages.text("invalid"), errors }, "");
      return undefined;
    }
    busy(form, pendingMessage);
    const result = await request();
    busy(form, undefined);
    if (!result.ok) showProblem(form, summary, result.problem, messages.text("unexpected"));
    return result;
  }

  signInForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const body: SignInRequest = {
      username: field(signInForm, "username").value.trim(),
      password: field(signInForm, "password").value,
    };
    void submit(signInForm, messages.text("signingIn"), () =>
      call(api.session.$post({ param: here(), json: body }), messages),
    ).then((result) => {
      if (!result?.ok) return;
      signedIn = result.data;
      announceSession(result.data);
      if (!result.data.mustChangePassword) return finish(messages.text("redirecting"));
      // The temporary password was just typed; carry it over rather than ask for it again.
      field(changeForm, "username").value = body.username;
      field(changeForm, "currentPassword").value = body.password;
      field(signInForm, "password").value = "";
      showStep("change");
    });
  });

  changeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const body: ChangePasswordRequest = {
      currentPassword: field(changeForm, "currentPassword").value,
      newPassword: field(changeForm, "newPassword").value,
    };
    const mismatch: FieldError[] =
      field(changeForm, "confirmPassword").value === body.newPassword
        ? []
        : [{ path: "confirmPassword", code: "mismatch", message: messages.text("mismatch") }];
    void submit(
      changeForm,
      messages.text("changing"),
      () => call(api.session.password.$post({ param: here(), json: body }), messages),
      mismatch,
    ).then((result) => {
      if (result?.ok) return finish(messages.text("changed"));
      // The session ended (expired, signed out elsewhere): sign in again, keeping the message.
      if (result?.status === 401 && result.problem.code !== "wrong_password") {
        showStep("sign-in");
        field(signInForm, "username").focus();
      }
    });
  });

  // Ready: a submit before this point would have been the browser's own (the form needs this module).
  signInForm.dataset["ready"] = "";
  changeForm.dataset["ready"] = "";

  if (query.get("change") === "1") {
    status.textContent = messages.text("checking");
    void session().then((user) => {
      status.textContent = "";
      if (!user) return;
      signedIn = user;
      if (!user.mustChangePassword) return finish(messages.text("redirecting"));
      field(changeForm, "username").value = user.email;
      showStep("change");
    });
  }
}

const root = document.querySelector<HTMLElement>("[data-sign-in-flow]");
if (root) start(root);
