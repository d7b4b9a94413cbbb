/**
 * Who sends a reply to an inbound message — its mailbox over SMTP, or Instantly's reply API — and
 * whether anyone can (the gates ask before deciding; the send path before sending; both through
 * `replyChannel`, so they never disagree).
 */
import type { Queryable } from '../../../db/types.ts';
import { AppError } from '../../../errors.ts';
import type { SendChannel } from '../../../gates/types.ts';
import type { InboundRow } from '../../../ingest/db/inbound.ts';
import type { InstantlyClient } from '../../../ingest/instantly/adapters/instantly-client.ts';
import { getMailbox, mailboxWithSecrets } from '../../../ingest/mailboxes/mailboxes-db.ts';
import type { SecretBox } from '../../../ingest/mailboxes/secret-box.ts';
import { replyChannel } from '../reply-channel.ts';
import { resolveSender } from '../../draft/sender.ts';
import { senderSettingsOf } from '../../draft/db/sender-settings.ts';
import type { SenderFor } from '../targets/inbound-target.ts';
import { createInstantlyReplySender } from './instantly-sender.ts';
import { createSmtpReplySender } from './smtp-sender.ts';
import type { HostPolicy } from '../../../net/mail-target.ts';

export type ChannelFor = (m: InboundRow, q: Queryable) => Promise<SendChannel>;

export function replySenders(deps: { instantly: InstantlyClient | null; box: SecretBox | null; hosts: HostPolicy; log?: { warn: (o: object, m: string) => void } }): { senderFor: SenderFor; channelFor: ChannelFor } {
  const channelFor: ChannelFor = async (m, q) => {
    const mailbox = m.source === 'IMAP' && m.mailboxId ? await getMailbox(q, m.mailboxId) : null;
    return replyChannel({
      source: m.source,
      instantlyConfigured: !!deps.instantly,
      instantly: { emailId: m.externalId ?? null, eaccount: m.toAddresses?.[0]?.address ?? null },
      secretKeyAvailable: !!deps.box,
      mailbox: { id: m.mailboxId ?? null, connected: !!mailbox, smtp: !!mailbox?.smtp.host },
    });
  };
  const senderFor: SenderFor = async (m, q) => {
    const c = await channelFor(m, q);
    if (!c.available) throw new AppError('PERMANENT', c.problem ?? 'no way to send this reply');
    if (m.source === 'IMAP') {
      const mailbox = await mailboxWithSecrets(q, m.mailboxId!, deps.box!);
      if (!mailbox) throw new AppError('PERMANENT', `mailbox ${m.mailboxId} not found`);
      // the From name is the one the draft is signed with (src/respond/draft/sender.ts)
      const signer = resolveSender({ ...(await senderSettingsOf(q, m.workspaceId, m.mailboxId)), ourDisplayName: m.toAddresses?.[0]?.name ?? null });
      return { sender: createSmtpReplySender(mailbox, { hosts: deps.hosts, log: deps.log }), from: { address: mailbox.address, name: signer.name ?? '' } };
    }
    const eaccount = m.toAddresses![0]!.address;
    return { sender: createInstantlyReplySender(deps.instantly!, { eaccount, replyToUuid: m.externalId! }), from: { address: eaccount, name: '' } };
  };
  return { senderFor, channelFor };
}
