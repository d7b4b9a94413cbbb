/**
 * Who sends a first email: its mailbox over SMTP (channel SMTP), or Instantly, by adding the lead to
 * the campaign's Instantly campaign (channel INSTANTLY). Throws a permanent AppError when it cannot.
 */
import type { Queryable } from '../../../db/types.ts';
import { AppError } from '../../../errors.ts';
import { getContact } from '../../../crm/db/contacts.ts';
import { getAccount } from '../../../crm/db/accounts.ts';
import type { SecretBox } from '../../../ingest/mailboxes/secret-box.ts';
import { mailboxSenderFor } from '../../send/adapters/mailbox-sender.ts';
import type { HostPolicy } from '../../../net/mail-target.ts';
import type { OutreachSenderFor } from '../../send/targets/outreach-target.ts';
import type { OutreachRow } from '../db/outreach-db.ts';
import { createInstantlyLeadSender } from './instantly-lead-sender.ts';

export function outreachSenders(deps: { box: SecretBox | null; instantly: { apiKey: string; baseURL: string } | null; hosts: HostPolicy; log?: { warn: (o: object, m: string) => void } }): OutreachSenderFor {
  const fromMailbox = mailboxSenderFor({ box: deps.box, hosts: deps.hosts, ...(deps.log ? { log: deps.log } : {}) });
  return async (o: OutreachRow, q: Queryable) => {
    if (o.channel !== 'INSTANTLY') return fromMailbox(o, q);
    if (!deps.instantly) throw new AppError('PERMANENT', 'INSTANTLY_API_KEY is not set: the lead cannot be added to the Instantly campaign');
    if (!o.instantlyCampaignId) throw new AppError('PERMANENT', `outreach email ${o.id} names no Instantly campaign`);
    const contact = await getContact(q, o.contactId);
    const account = await getAccount(q, o.accountId);
    const sender = createInstantlyLeadSender(deps.instantly, {
      campaign: o.instantlyCampaignId, first_name: contact?.firstName ?? null, last_name: contact?.lastName ?? null, website: account ? `https://${account.domain}` : null,
    });
    return { sender, from: { address: '', name: o.from.name ?? '' } };
  };
}
