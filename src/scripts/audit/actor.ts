import type { AuditActor } from "../../domain/schemas/audit.ts";
import type { Messages } from "../kit/index.ts";

/**
 * Who did something, as the audit trail names them: the scheduled run as "System"
 * (`actor-system`), an API key by the key's name (`actor-api-key`), a person by name; null for
 * an actor the reader is not given a name for.
 *
 * @example
 * actorName(messages, { id: "system:scheduler", kind: "system" }); // "Система"
 */
export function actorName(messages: Messages, actor: AuditActor): string | null {
  if (actor.kind === "system") return messages.text("actorSystem");
  if (actor.kind === "apiKey")
    return messages.text("actorApiKey", { name: actor.name ?? actor.id });
  return actor.name ?? null;
}
