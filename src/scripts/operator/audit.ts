/**
 * The cloud's audit trail in the operator console (`operator/audit/`): the activity log of every
 * partner and operator (../audit/log.ts), filtered by partner, actor and action; `?partnerId=`
 * in the address starts with one partner's records (the partner page links here so).
 */
import { startAuditLog } from "../audit/log.ts";
import { api, call, callFile, here } from "../kit/api.ts";
import { Messages, part } from "../kit/index.ts";
import { admitOperator } from "./access.ts";

async function start(root: HTMLElement): Promise<void> {
  if (!(await admitOperator(root))) return;
  const log = part(root, "[data-audit-log]");
  const messages = new Messages(log);
  const partnerId = new URLSearchParams(location.search).get("partnerId");
  if (partnerId) part<HTMLInputElement>(log, "input[name='partnerId']").value = partnerId;
  await startAuditLog(root, {
    list: (query, cursor) =>
      call(
        api.operator.audit.$get({
          param: here(),
          query: { ...query, ...(cursor ? { cursor } : {}) },
        }),
        messages,
      ),
    download: (query) =>
      callFile(api.operator.audit["export.csv"].$get({ param: here(), query }), messages),
  });
}

const root = document.querySelector<HTMLElement>('[data-operator-page="audit"]');
if (root) void start(root);
