/**
 * The audit log page (`audit/`, global admins): the partner's own log (./log.ts).
 */
import { api, call, callFile, here } from "../kit/api.ts";
import { Messages, admit, part } from "../kit/index.ts";
import { startAuditLog } from "./log.ts";

async function start(root: HTMLElement): Promise<void> {
  if (!(await admit(root, "audit.read"))) return;
  const messages = new Messages(part(root, "[data-audit-log]"));
  await startAuditLog(root, {
    list: (query, cursor) =>
      call(
        api.audit.$get({ param: here(), query: { ...query, ...(cursor ? { cursor } : {}) } }),
        messages,
      ),
    download: (query) => callFile(api.audit["export.csv"].$get({ param: here(), query }), messages),
  });
}

const root = document.querySelector<HTMLElement>("[data-audit-page]");
if (root) void start(root);
