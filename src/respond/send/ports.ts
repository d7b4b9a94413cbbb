import type { SendFailure } from './smtp-failure.ts';

export interface OutgoingReply {
  from: { address: string; name: string };
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Chosen and stored before sending, so the Sent folder can tell whether a crashed send went out. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

export type SendOutcome = { ok: true } | { ok: false; failure: SendFailure };

/** One channel's way to send a reply in its thread. Adapters: SMTP (+ Sent folder) and Instantly. */
export interface ReplySender {
  readonly channel: 'SMTP' | 'INSTANTLY';
  send(reply: OutgoingReply): Promise<SendOutcome>;
  /** Whether this reply is already in the Sent folder; null when that cannot be told. */
  alreadySent(messageId: string): Promise<boolean | null>;
}
