/**
 * How a reply to an inbound message goes out, and what stops it, from facts read beforehand: the gates
 * step asks this before deciding (gate `send-channel-available`) and the send path before sending, so
 * the two never disagree. Pure.
 */
import type { SendChannel } from '../../gates/types.ts';

export interface ReplyChannelFacts {
  source: 'IMAP' | 'INSTANTLY';
  /** INSTANTLY_API_KEY is set in this deployment. */
  instantlyConfigured: boolean;
  /** The Instantly email to answer and the account it was sent to. */
  instantly: { emailId: string | null; eaccount: string | null };
  /** SECRET_KEY (or the embedded key file) is available: mailbox passwords can be read. */
  secretKeyAvailable: boolean;
  /** The mailbox the message came to: its id, whether it is still connected, whether it has SMTP. */
  mailbox: { id: string | null; connected: boolean; smtp: boolean };
}

export function replyChannel(f: ReplyChannelFacts): SendChannel {
  if (f.source === 'INSTANTLY') {
    const problem = !f.instantlyConfigured
      ? 'INSTANTLY_API_KEY is not set: replies to Instantly messages cannot be sent'
      : !f.instantly.emailId || !f.instantly.eaccount
        ? 'the Instantly email id or the sending account of this message is unknown'
        : null;
    return { channel: 'INSTANTLY', available: problem === null, problem };
  }
  const problem = !f.mailbox.id
    ? 'the message came to no known mailbox'
    : !f.mailbox.connected
      ? `mailbox ${f.mailbox.id} is disconnected: connect it again (POST /v1/mailboxes)`
      : !f.mailbox.smtp
        ? `mailbox ${f.mailbox.id} has no SMTP server`
        : !f.secretKeyAvailable
          ? 'SECRET_KEY is not set: the mailbox password cannot be read'
          : null;
  return { channel: 'SMTP', available: problem === null, problem };
}

/**
 * Configuration that leaves some replies with no way out, for `/readyz` and the startup log. The service
 * still runs (those replies go to a human with the reason); an operator should know.
 */
export function sendConfigurationWarnings(c: { instantlyConfigured: boolean; secretKeyAvailable: boolean }): string[] {
  const warnings: string[] = [];
  if (!c.instantlyConfigured) {
    warnings.push('INSTANTLY_API_KEY is not set: replies received through Instantly cannot be sent; they go to a human (gate send-channel-available) and can be sent with POST /v1/link-building/inbound/:id/retry-send once it is set');
  }
  if (!c.secretKeyAvailable) {
    warnings.push('SECRET_KEY is not set: mailboxes cannot be connected, and replies to mailbox mail cannot be sent (their passwords cannot be read)');
  }
  return warnings;
}
