/**
 * Replies through the mailbox's own SMTP server with nodemailer, then a copy into its Sent folder
 * (imapflow APPEND), as a mail client would. The raw message is composed once, so the copy in Sent is
 * byte for byte what was sent, Message-ID included. Both connections go to the address the host
 * resolved to when it was checked, with TLS verifying the name (src/net/mail-target.ts): a private
 * target is refused unless ALLOW_PRIVATE_HOSTS, whatever the DNS says after the mailbox was saved.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ImapFlow } from 'imapflow';
import { createImapClient } from '../../../ingest/imap/adapters/imap-client.ts';
import type { MailboxWithSecrets } from '../../../ingest/mailboxes/mailboxes-db.ts';
import { isAppError } from '../../../errors.ts';
import { pinMailServer, type HostPolicy, type MailTarget } from '../../../net/mail-target.ts';
import type { OutgoingReply, ReplySender, SendOutcome } from '../ports.ts';
import { classifySmtpError, type SendFailure } from '../smtp-failure.ts';

const TIMEOUT_MS = 30_000;

export interface SmtpSenderOptions {
  hosts: HostPolicy;
  log?: { warn: (o: object, m: string) => void } | undefined;
}

/** The mailbox's IMAP server, built as the poller builds it, at the checked address. */
async function imapClient(mailbox: MailboxWithSecrets, hosts: HostPolicy): Promise<ImapFlow> {
  const target = await pinMailServer('IMAP', mailbox.imap, hosts);
  return createImapClient(target.server, { connectTimeoutMs: TIMEOUT_MS, servername: target.servername });
}

async function withImap<T>(mailbox: MailboxWithSecrets, hosts: HostPolicy, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = await imapClient(mailbox, hosts);
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

/** Where to send: the checked address; a private host is a permanent failure (it stays private), a name that does not resolve a temporary one. */
async function smtpTarget(mailbox: MailboxWithSecrets, hosts: HostPolicy): Promise<MailTarget<MailboxWithSecrets['smtp']> | { failure: SendFailure }> {
  try {
    return await pinMailServer('SMTP', mailbox.smtp, hosts);
  } catch (e) {
    if (isAppError(e)) return { failure: { kind: 'permanent', maybeSent: false, reason: e.message } };
    return { failure: classifySmtpError(e as { code?: string; message?: string }) };
  }
}

export function createSmtpReplySender(mailbox: MailboxWithSecrets, opts: SmtpSenderOptions): ReplySender {
  const { hosts, log } = opts;
  return {
    channel: 'SMTP',
    async send(reply): Promise<SendOutcome> {
      const raw = await composeRaw(reply);
      const target = await smtpTarget(mailbox, hosts);
      if ('failure' in target) return { ok: false, failure: target.failure };
      const transport = nodemailer.createTransport({
        host: target.server.host,
        ...(target.servername ? { servername: target.servername } : {}),
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
      await withImap(mailbox, hosts, (c) => c.append(mailbox.folders.sent, raw, ['\\Seen'])).catch((err: unknown) =>
        log?.warn({ err, mailboxId: mailbox.id, messageId: reply.messageId }, 'sent, but the copy could not be saved to the Sent folder'),
      );
      return { ok: true };
    },
    async alreadySent(messageId) {
      try {
        return await withImap(mailbox, hosts, async (c) => {
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
