/** The threading headers of a reply (RFC 5322 section 3.6.4). Pure. */
import { replySubject } from '../draft/reply-subject.ts';

export interface ReplyHeaders {
  subject: string;
  inReplyTo: string | null;
  references: string[];
}

export function replyHeaders(inbound: { subject: string | null; messageId: string | null; references: readonly string[]; inReplyTo: string | null }): ReplyHeaders {
  const refs = [...inbound.references];
  if (inbound.inReplyTo && !refs.includes(inbound.inReplyTo)) refs.push(inbound.inReplyTo);
  if (inbound.messageId && !refs.includes(inbound.messageId)) refs.push(inbound.messageId);
  // Keep the chain bounded: the first (thread root) and the most recent ones.
  const references = refs.length > 20 ? [refs[0]!, ...refs.slice(-19)] : refs;
  return { subject: replySubject(inbound.subject ?? ''), inReplyTo: inbound.messageId, references };
}

/** A Message-ID chosen before sending: random, on our own domain. */
export function newMessageId(fromAddress: string, random: string): string {
  const domain = fromAddress.split('@')[1]?.toLowerCase() || 'linkbuilding-agent.invalid';
  return `<${random}@${domain}>`;
}
