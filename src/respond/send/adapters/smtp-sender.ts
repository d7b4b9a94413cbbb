/**
 * Replies through the mailbox's own SMTP server with nodemailer, then a copy into its Sent folder
 * (imapflow APPEND), as a mail client would. The raw message is composed once, so the copy in Sent is
 * byte for byte what was sent, Message-ID included.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ImapFlow } from 'imapflow';
import type { MailboxWithSecrets } from '../../../ingest/mailboxes/mailboxes-db.ts';
import type { OutgoingReply, ReplySender, SendOutcome } from '../ports.ts';
import { classifySmtpError } from '../smtp-failure.ts';

const TIMEOUT_MS = 30_000;

function imapClient(mailbox: MailboxWithSecrets): ImapFlow {
  return new ImapFlow({
    host: mailbox.imap.host,
    port: mailbox.imap.port,
    secure: mailbox.imap.secure,
    auth: { user: mailbox.imap.user, pass: mailbox.imap.password },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
  });
}

async function withImap<T>(mailbox: MailboxWithSecrets, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = imapClient(mailbox);
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export async function composeRaw(reply: OutgoingReply): Promise<Buffer> {
  const mail = new MailComposer({
    from: { name: reply.from.name, address: reply.from.address },
    to: reply.to,
    subject: reply.subject,
    text: reply.text,
    ...(reply.html ? { html: reply.html } : {}),
    messageId: reply.messageId,
    ...(reply.inReplyTo ? { inReplyTo: reply.inReplyTo } : {}),
    ...(reply.references.length ? { references: reply.references } : {}),
    date: new Date(),
  });
  return mail.compile().build();
}

export function createSmtpReplySender(mailbox: MailboxWithSecrets, log?: { warn: (o: object, m: string) => void }): ReplySender {
  return {
    channel: 'SMTP',
    async send(reply): Promise<SendOutcome> {
      const raw = await composeRaw(reply);
      const transport = nodemailer.createTransport({
        host: mailbox.smtp.host,
        port: mailbox.smtp.port,
        secure: mailbox.smtp.secure,
        auth: { user: mailbox.smtp.user, pass: mailbox.smtp.password },
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      try {
        await transport.sendMail({ envelope: { from: reply.from.address, to: [reply.to] }, raw });
      } catch (e) {
        return { ok: false, failure: classifySmtpError(e as { responseCode?: number; code?: string; command?: string; message?: string }) };
      } finally {
        transport.close();
      }
      // The send is done; a missing copy in Sent is worth a warning, never a resend.
      await withImap(mailbox, (c) => c.append(mailbox.folders.sent, raw, ['\\Seen'])).catch((err: unknown) =>
        log?.warn({ err, mailboxId: mailbox.id, messageId: reply.messageId }, 'sent, but the copy could not be saved to the Sent folder'),
      );
      return { ok: true };
    },
    async alreadySent(messageId) {
      try {
        return await withImap(mailbox, async (c) => {
          const lock = await c.getMailboxLock(mailbox.folders.sent, { readOnly: true });
          try {
            const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
            return Array.isArray(uids) && uids.length > 0;
          } finally {
            lock.release();
          }
        });
      } catch {
        return null;
      }
    },
  };
}
