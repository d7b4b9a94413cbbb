/** Resolves an outreach email's mailbox to an SMTP sender (the same one replies use), with its decrypted password. */
import { AppError } from '../../../errors.ts';
import { getMailbox, mailboxWithSecrets } from '../../../ingest/mailboxes/mailboxes-db.ts';
import type { SecretBox } from '../../../ingest/mailboxes/secret-box.ts';
import type { OutreachSenderFor } from '../targets/outreach-target.ts';
import { createSmtpReplySender } from './smtp-sender.ts';
import type { HostPolicy } from '../../../net/mail-target.ts';

export function mailboxSenderFor(deps: { box: SecretBox | null; hosts: HostPolicy; log?: { warn: (o: object, m: string) => void } }): OutreachSenderFor {
  return async (o, q) => {
    if (!deps.box) throw new AppError('PERMANENT', 'SECRET_KEY is not set: the mailbox password cannot be read');
    if (!o.mailboxId) throw new AppError('PERMANENT', `outreach email ${o.id} has no mailbox to send from`);
    // A mailbox disconnected after the email was approved no longer sends for us.
    if (!(await getMailbox(q, o.mailboxId))) throw new AppError('PERMANENT', `mailbox ${o.mailboxId} is disconnected`);
    const mailbox = await mailboxWithSecrets(q, o.mailboxId, deps.box);
    if (!mailbox) throw new AppError('PERMANENT', `mailbox ${o.mailboxId} not found`);
    return { sender: createSmtpReplySender(mailbox, { hosts: deps.hosts, log: deps.log }), from: { address: mailbox.address, name: o.from.name ?? '' } };
  };
}
