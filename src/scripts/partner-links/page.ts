/**
 * The indirect providers page (`indirect-providers/`): an indirect reseller sees its providers
 * and invites a new customer with one of them; an indirect provider sees its resellers; a
 * direct reseller is pointed to the reseller relationships page.
 */
import { can } from "../../domain/roles.ts";
import type { LinkedPartner } from "../../domain/schemas/relationship.ts";
import { partnerLinks } from "../client/relationships.ts";
import { offerProviders, startComposer } from "./composer.ts";
import { admit, formatInstant, message, part } from "./kit.ts";
import { pagedList } from "./paged-list.ts";

/**
 * Pages the linked partners of one table, calling `onRow` for each row it adds and `shown`
 * after each page.
 */
function partnerTable(
  root: HTMLElement,
  id: string,
  load: typeof partnerLinks.providers,
  onRow: (partner: LinkedPartner, row: HTMLElement) => void = () => {},
  shown: () => void = () => {},
) {
  const section = part(root, `[data-partner-table="${id}"]`);
  const template = part<HTMLTemplateElement>(section, "template[data-row]");
  return pagedList({
    root,
    rows: part(section, "[data-rows]"),
    more: part<HTMLButtonElement>(section, "[data-more]"),
    empty: part(section, "[data-empty]"),
    status: part(section, "[data-list-status]"),
    alert: part(section, "[data-list-alert]"),
    load: (cursor) => load(cursor ? { cursor } : {}),
    row: (partner) => {
      const row = part(template.content.cloneNode(true) as DocumentFragment, "tr");
      part(row, '[data-cell="name"]').textContent = partner.name;
      part(row, '[data-cell="since"]').textContent = formatInstant(partner.linkedAt);
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
    await partnerTable(root, "resellers", partnerLinks.resellers).reload();
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
    invite.setAttribute("aria-label", message(root, "inviteWith", { provider: provider.name }));
    invite.addEventListener("click", () => {
      offerProviders(composer, providers, provider.id);
      providerSelect.focus();
    });
  };
  await partnerTable(root, "providers", partnerLinks.providers, onRow, offer).reload();
}

const root = document.querySelector<HTMLElement>("[data-indirect-page]");
if (root) void start(root);
