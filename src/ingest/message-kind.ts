/**
 * At ingest, before classification, a cheap look at the envelope decides which event records the
 * arrival (EMAIL_RECEIVED, AUTO_REPLY_RECEIVED or BOUNCED) and, for bounces, whom the bounce is about:
 * a bounce comes from a mailer daemon, so matching it by its sender would attach it to the wrong partner.
 * Pure. The classify step does the thorough reading.
 */
import type { ParsedEmail } from './types.ts';

export type ArrivalKind = 'human' | 'auto-reply' | 'bounce';

export interface Arrival {
  kind: ArrivalKind;
  /** For bounces: the addresses that failed (DSN Final/Original-Recipient, X-Failed-Recipients). */
  failedRecipients: string[];
  /** For bounces: Message-IDs of the returned original, which is a message we sent. */
  originalMessageIds: string[];
}

type Envelope = Pick<ParsedEmail, 'from' | 'subject' | 'headers' | 'reportParts'>;

const DAEMON_RE = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounce[s]?|mdaemon)@/i;
const BOUNCE_SUBJECT_RE = /(undeliver|returned mail|delivery (status notification|failure|has failed)|failure notice|mail delivery failed|non[- ]?delivery|could not be delivered|delivery problem)/i;
const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply', 'auto-reply']);

function addressesIn(value: string): string[] {
  return [...value.matchAll(/[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => m[0].toLowerCase());
}

function dsnRecipients(content: string): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(/^(?:final|original)-recipient:\s*(?:rfc822;)?\s*(.+)$/gim)) out.push(...addressesIn(m[1] ?? ''));
  return out;
}

export function readArrival(email: Envelope, opts: { autoReplyHint?: boolean } = {}): Arrival {
  const h = email.headers;
  const contentType = (h['content-type'] ?? '').toLowerCase();
  const from = email.from?.address ?? '';
  const dsnParts = email.reportParts.filter((p) => p.contentType.includes('delivery-status'));
  const failed = new Set<string>([...dsnParts.flatMap((p) => dsnRecipients(p.content)), ...addressesIn(h['x-failed-recipients'] ?? '')]);
  const originals = email.reportParts
    .filter((p) => p.contentType === 'text/rfc822-headers' || p.contentType.startsWith('message/rfc822') || p.contentType === 'message/global')
    .flatMap((p) => [...p.content.matchAll(/^message-id:\s*(<[^>\s]+>)/gim)].map((m) => m[1]!));

  const isReport = contentType.includes('multipart/report') && contentType.includes('delivery-status');
  const looksBounce = isReport || failed.size > 0 || (DAEMON_RE.test(from) && BOUNCE_SUBJECT_RE.test(email.subject));
  if (looksBounce) return { kind: 'bounce', failedRecipients: [...failed], originalMessageIds: originals };

  const autoSubmitted = (h['auto-submitted'] ?? '').toLowerCase();
  const precedence = (h['precedence'] ?? '').toLowerCase().trim();
  const auto =
    opts.autoReplyHint === true ||
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    'x-autoreply' in h ||
    'x-autorespond' in h ||
    AUTO_PRECEDENCE.has(precedence) ||
    /\b(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|abwesenheit|absence)\b/i.test(email.subject);
  return { kind: auto ? 'auto-reply' : 'human', failedRecipients: [], originalMessageIds: [] };
}
