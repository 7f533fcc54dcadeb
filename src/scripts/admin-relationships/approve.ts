/**
 * The customer admin's approval page (`admin-relationships/approve/#token`): sign in as the
 * customer's admin, see who asks for which roles (each with what it allows) and for how long,
 * approve or reject — once.
 */
import { api, call, here, session } from "../kit/api.ts";
import { forgetToken, takeToken } from "../kit/fragment-token.ts";
import { Messages, formatDate, part, showAlert } from "../kit/index.ts";
import { pageContext } from "../page.ts";
import { durationText } from "./duration.ts";

type State =
  | "checking"
  | "missing"
  | "invalid"
  | "signed-out"
  | "partner"
  | "request"
  | "approved"
  | "rejected";

function show(root: HTMLElement, state: State): void {
  for (const block of root.querySelectorAll<HTMLElement>("[data-state]")) {
    block.hidden = block.dataset["state"] !== state;
  }
}

async function start(root: HTMLElement, key: string, token: string | null): Promise<void> {
  if (!token) return show(root, "missing");
  const messages = new Messages(root);
  const user = await session();
  if (!user) return show(root, "signed-out");
  if (user.kind !== "customer") return show(root, "partner");
  const preview = await call(
    api["admin-relationships"].approval.preview.$post({ param: here(), json: { token } }),
    messages,
  );
  if (!preview.ok) {
    if (preview.status === 404) forgetToken(key);
    return show(root, "invalid");
  }
  const request = preview.data;
  part(root, "[data-heading]").textContent = messages.text("heading", {
    partner: request.partner.name,
  });
  part(root, "[data-text]").textContent = messages.text("text", {
    partner: request.partner.name,
    duration: durationText(request.duration),
  });
  const descriptions = part<HTMLTemplateElement>(root, "template[data-role-descriptions]");
  part(root, "[data-roles]").replaceChildren(
    ...request.roles.map((role) => {
      const item = descriptions.content.querySelector(`[data-role="${role}"]`);
      return item ? item.cloneNode(true) : document.createTextNode(role);
    }),
  );
  part(root, "[data-auto-extend]").hidden = request.autoExtend !== "P180D";
  part(root, "[data-expires]").textContent = messages.text("expires", {
    date: formatDate(request.requestExpiresAt),
  });
  show(root, "request");
  part<HTMLElement>(root, "[data-heading]").focus();

  const alert = part(root, "[data-alert]");
  for (const button of root.querySelectorAll<HTMLButtonElement>("[data-answer]")) {
    button.addEventListener("click", () => {
      void (async () => {
        showAlert(alert, null);
        const json = { token };
        const result = await call(
          button.dataset["answer"] === "approve"
            ? api["admin-relationships"].approval.approve.$post({ param: here(), json })
            : api["admin-relationships"].approval.reject.$post({ param: here(), json }),
          messages,
        );
        if (!result.ok) {
          if (result.status === 0) return showAlert(alert, result.problem);
          forgetToken(key);
          showAlert(alert, result.problem, messages.text("unexpected"));
          return;
        }
        forgetToken(key);
        if (result.data.state === "rejected") {
          show(root, "rejected");
          return part(root, '[data-state="rejected"]').focus();
        }
        const done = part(root, '[data-state="approved"]');
        done.textContent = messages.text("approved", {
          date: formatDate(result.data.endsAt ?? ""),
        });
        show(root, "approved");
        done.focus();
      })();
    });
  }
}

const root = document.querySelector<HTMLElement>("[data-approve-page]");
const key = `portal:admin-relationship-token:${pageContext().cloud}`;
// Synchronously, before the header can send a reader elsewhere without the fragment.
const token = root ? takeToken(key) : null;
if (root) void start(root, key, token);
