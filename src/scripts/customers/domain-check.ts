/**
 * The domain prefix field's live availability check: as the reader types (after a pause), the
 * prefix is checked against the pattern, then with the API, and the answer is announced in the
 * field's live region. The wizard awaits the last answer before leaving the step.
 */
import type { FieldError } from "../../domain/schemas/problem.ts";
import { api, call, here } from "../kit/api.ts";
import { fill } from "../kit/index.ts";

/** How long typing must pause before the API is asked. */
const PAUSE_MS = 400;

type Answer = "available" | "taken" | "invalid" | "unknown" | "empty";

/**
 * The availability check of one domain prefix input, announcing into `status` (a live region).
 *
 * @example
 * const check = new DomainCheck(input, status, "onmicrosoft.de");
 * const errors = await check.errors(); // [] when free (or unknown), else the field's error
 */
export class DomainCheck {
  private readonly input: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly suffix: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private last: { prefix: string; answer: Promise<Answer> } | undefined;
  /** Called when the API says the reader is no longer signed in. */
  onSignedOut: () => void = () => {};

  constructor(input: HTMLInputElement, status: HTMLElement, suffix: string) {
    this.input = input;
    this.status = status;
    this.suffix = suffix;
    input.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.say("", "");
      this.timer = setTimeout(() => void this.answer(), PAUSE_MS);
    });
  }

  private prefix(): string {
    return this.input.value.trim().toLowerCase();
  }

  private say(text: string, state: Answer | ""): void {
    this.status.textContent = text;
    this.status.dataset["state"] = state;
  }

  /** The answer for the prefix now in the field (asked once per prefix). */
  answer(): Promise<Answer> {
    clearTimeout(this.timer);
    const prefix = this.prefix();
    if (this.last?.prefix === prefix) return this.last.answer;
    const answer = this.ask(prefix);
    this.last = { prefix, answer };
    return answer;
  }

  private async ask(prefix: string): Promise<Answer> {
    const messages = this.input.dataset;
    const current = ++this.sequence;
    if (prefix === "") {
      this.say("", "empty");
      return "empty";
    }
    if (this.input.validity.patternMismatch) {
      this.say(messages["msgPattern"] ?? "", "invalid");
      return "invalid";
    }
    const domain = `${prefix}.${this.suffix}`;
    this.say(fill(messages["msgChecking"] ?? "", { domain }), "");
    let answer: Answer = "unknown";
    // The pattern checked above leaves nothing to encode.
    const result = await call(api.domains[":prefix"].$get({ param: { ...here(), prefix } }));
    if (result.ok) answer = result.data.available ? "available" : "taken";
    else if (result.status === 401) this.onSignedOut();
    // Only the newest question may speak: an older answer would contradict the field.
    if (current === this.sequence) {
      const text = {
        available: messages["msgAvailable"],
        taken: messages["msgTakenStatus"],
        unknown: messages["msgUnknown"],
      }[answer];
      this.say(fill(text ?? "", { domain }), answer);
    }
    if (answer === "unknown" && this.last?.prefix === prefix) this.last = undefined;
    return answer;
  }

  /** The field error the last answer calls for: a taken domain or a malformed prefix. */
  async errors(): Promise<FieldError[]> {
    const answer = await this.answer();
    const messages = this.input.dataset;
    if (answer === "taken") {
      return [{ path: "domainPrefix", code: "domain_taken", message: messages["msgTaken"] ?? "" }];
    }
    if (answer === "invalid") {
      return [
        { path: "domainPrefix", code: "invalid_format", message: messages["msgPattern"] ?? "" },
      ];
    }
    return [];
  }

  /** Forgets the answers (a create said the domain is taken after all). */
  reset(): void {
    this.last = undefined;
  }
}
