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
  /**
   * Whether this reply already went out (found in the Sent folder, or in the Instantly thread);
   * null when that cannot be told. Only a `true` is acted on: anything else goes to a human.
   */
  alreadySent(messageId: string, reply: OutgoingReply): Promise<boolean | null>;
}
