/**
 * The indirect providers page (`indirect-providers/`), the partner links of the caller: an
 * indirect reseller sees its providers and invites a new customer with one of them; an indirect
 * provider sees its resellers; a direct reseller is pointed to the invitations page.
 */
import { can } from "../../domain/roles.ts";
import type { LinkedPartner } from "../../domain/schemas/relationship.ts";
import { api, call, here, type Result } from "../kit/api.ts";
import { Messages, admit, formatDate, pager, part, type Page } from "../kit/index.ts";
import { offerProviders, startComposer } from "../invitations/composer.ts";

/** Which side of its partner links the caller lists. */
type Side = "providers" | "resellers";

/**
 * Pages the partner links of one table (components/partner-links/PartnerLinkTable.astro),
 * calling `onRow` for each row it adds and `shown` after each page.
 */
function partnerLinkTable(
  root: HTMLElement,
  side: Side,
  onRow: (partner: LinkedPartner, row: HTMLElement) => void = () => {},
  shown: () => void = () => {},
) {
  const messages = new Messages(root);
  const section = part(root, `[data-partner-links="${side}"]`);
  const template = part<HTMLTemplateElement>(section, "template[data-row]");
  const endpoint = side === "providers" ? api["indirect-providers"] : api["indirect-resellers"];
  const load = (cursor: string | undefined): Promise<Result<Page<LinkedPartner>>> =>
    call(endpoint.$get({ param: here(), query: cursor ? { cursor } : {} }), messages);
  return pager({
    messages,
    rows: part(section, "[data-rows]"),
    more: part<HTMLButtonElement>(section, "[data-more]"),
    empty: part(section, "[data-empty]"),
    status: part(section, "[data-list-status]"),
    alert: part(section, "[data-list-alert]"),
    load,
    row: (partner) => {
      const row = part(template.content.cloneNode(true) as DocumentFragment, "tr");
      part(row, '[data-cell="name"]').textContent = partner.name;
      part(row, '[data-cell="since"]').textContent = formatDate(partner.linkedAt);
      onRow(partner, row);
      return row;
    },
    shown,
  });
}

async function start(root: HTMLElement): Promise<void> {
  const user = await admit(root, (candidate) => candidate.kind === "partner");
  if (!user) return;
  const type = user.partner?.type ?? "direct_reseller";
  for (const block of root.querySelectorAll<HTMLElement>("[data-partner-type]")) {
    block.hidden = block.dataset["partnerType"] !== type;
  }

  if (type === "indirect_provider") {
    await partnerLinkTable(root, "resellers").reload();
    return;
  }
  if (type !== "indirect_reseller") return;

  const writer = can(user.roles, "invitations.write");
  part(root, "[data-read-only]").hidden = writer;
  const composerBlock = part(root, "[data-composer-block]");
  const composer = part(composerBlock, "[data-composer]");
  const providers: LinkedPartner[] = [];
  const providerSelect = part<HTMLSelectElement>(composer, 'select[name="indirectProviderId"]');

  let started = false;
  const offer = () => {
    offerProviders(composer, providers);
    // Nothing to choose from: no composer, the empty list says why.
    composerBlock.hidden = !writer || providers.length === 0;
    if (!composerBlock.hidden && !started) {
      started = true;
      startComposer(composer);
    }
  };
  const onRow = (provider: LinkedPartner, row: HTMLElement) => {
    providers.push(provider);
    const invite = row.querySelector<HTMLButtonElement>("[data-row-action]");
    if (!invite) return;
    invite.hidden = !writer;
    invite.setAttribute(
      "aria-label",
      new Messages(root).text("inviteWith", { provider: provider.name }),
    );
    invite.addEventListener("click", () => {
      offerProviders(composer, providers, provider.id);
      providerSelect.focus();
    });
  };
  await partnerLinkTable(root, "providers", onRow, offer).reload();
}

const root = document.querySelector<HTMLElement>("[data-indirect-page]");
if (root) void start(root);
