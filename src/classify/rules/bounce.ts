/**
 * Delivery notices: RFC 3464 reports read per recipient, Amazon SES notifications, and text-only
 * bounces. Only the recipient we wrote to counts when `sentRecipients` is known. A notice whose
 * recipients were all delayed is not a bounce (the MTA is still trying), nor is a success notice.
 */
import type { ParsedEmail } from '../../ingest/types.ts';
import type { BounceFact } from '../types.ts';
import { decideSeverity, severityFromText, type Severity } from './bounce-reason.ts';
import { parseDeliveryStatus, normaliseStatus, type DsnRecipient } from './delivery-status.ts';
import { readBounceText, paragraphAbout, findReplyCode, findStatus, emailAddresses, type BounceTextSignals } from './bounce-text.ts';
import { readSesNotification } from './ses-notification.ts';

export interface DeliveryNotice {
  outcome: 'bounce' | 'delayed' | 'delivered';
  /** Failed (or delayed) recipients, the most severe first. */
  recipients: BounceFact[];
  confidence: number;
}

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

function fact(recipient: string | null, status: string | null, diagnostic: string | null, severity: Severity): BounceFact {
  return { kind: severity.kind, status, recipient, reason: severity.reason, diagnostic: diagnostic ? diagnostic.slice(0, 500) : null };
}

function mostSevereFirst(facts: BounceFact[]): BounceFact[] {
  const rank = (f: BounceFact) => (f.kind === 'hard' ? 0 : f.reason === 'policy' ? 1 : 2);
  return [...facts].sort((a, b) => rank(a) - rank(b));
}

function ours(recipients: DsnRecipient[], sent: string[] | undefined): { list: DsnRecipient[]; matched: boolean } {
  if (!sent?.length) return { list: recipients, matched: false };
  const want = new Set(sent.map((s) => s.toLowerCase()));
  const list = recipients.filter((r) => (r.recipient && want.has(r.recipient)) || (r.originalRecipient && want.has(r.originalRecipient)));
  // A report about an address we never wrote to (an alias that forwarded) still concerns our mail.
  return list.length ? { list, matched: true } : { list: recipients, matched: false };
}

function fromReport(recipients: DsnRecipient[], signals: BounceTextSignals, sent: string[] | undefined, sender: string): DeliveryNotice | null {
  const { list, matched } = ours(recipients, sent);
  const failed = list.filter((r) => r.action === 'failed');
  const bonus = matched ? 0.01 : 0;
  if (failed.length) {
    const facts = failed.map((r) => {
      const about = r.recipient ? paragraphAbout(signals.region, r.recipient, failed.map((f) => f.recipient ?? '')) : null;
      // With one failed recipient, the whole notice is about it ("The user(s) account is disabled."
      // above the transcript line that names the address).
      const severity = decideSeverity({
        status: r.status,
        diagnostic: r.diagnostic,
        bodyText: failed.length === 1 && !r.diagnostic ? signals.region : (about ?? signals.region),
        replyCode: findReplyCode(r.diagnostic ?? '') ?? signals.replyCode,
        origin: `${sender} ${r.remoteMta ?? ''} ${r.recipient ?? ''}`,
      });
      return fact(r.recipient, r.status, r.diagnostic, severity);
    });
    return { outcome: 'bounce', recipients: mostSevereFirst(facts), confidence: Math.min(0.99, 0.97 + bonus) };
  }
  const delayed = list.filter((r) => r.action === 'delayed');
  if (delayed.length) {
    return { outcome: 'delayed', recipients: delayed.map((r) => fact(r.recipient, r.status, r.diagnostic, { kind: 'soft', reason: 'transient' })), confidence: 0.95 };
  }
  if (list.length && list.every((r) => ['delivered', 'relayed', 'expanded'].includes(r.action))) {
    return { outcome: 'delivered', recipients: [], confidence: 0.95 };
  }
  return null;
}

function recipientsFromText(email: ParsedEmail, signals: BounceTextSignals, sent: string[] | undefined): string[] {
  const failedHeader = emailAddresses(email.headers['x-failed-recipients'] ?? '');
  // The notice's own sender and addressee (that is us) are never the failed recipient.
  const notThese = new Set([email.from?.address ?? '', ...email.to.map((a) => a.address)]);
  const candidates = [...failedHeader, ...signals.addresses].filter(
    (a, i, all) => all.indexOf(a) === i && !notThese.has(a) && !/^(postmaster|mailer-daemon|abuse|noreply|no-reply)@/i.test(a),
  );
  if (sent?.length) {
    const want = new Set(sent.map((s) => s.toLowerCase()));
    const mine = candidates.filter((c) => want.has(c));
    if (mine.length) return mine;
  }
  if (failedHeader.length) return failedHeader;
  // Several recipients can fail in one notice: keep each one the text says something about.
  const described = candidates.slice(0, 10).filter((c) => severityFromText(paragraphAbout(signals.region, c, candidates)));
  return described.length ? described : candidates.slice(0, 1);
}

/**
 * A report forwarded whole by a gateway (Trend Micro wraps the MTA's multipart/report in its own
 * notice as a message/rfc822 attachment): its delivery-status block, read only when the outer
 * notice itself is framed as a bounce, so an attached outbound message can never decide.
 */
function forwardedReport(email: ParsedEmail): DsnRecipient[] {
  for (const p of email.reportParts) {
    if (p.contentType !== 'message/rfc822') continue;
    const content = p.content.slice(0, 256 * 1024);
    const m = /^Content-Type:[ \t]{0,10}message\/(?:global-)?delivery-status[^\n]{0,200}\n/im.exec(content);
    if (!m) continue;
    const rest = content.slice(m.index + m[0].length);
    const end = rest.search(/^--/m);
    const found = parseDeliveryStatus(end >= 0 ? rest.slice(0, end) : rest);
    if (found.length) return found;
  }
  return [];
}

export function readDeliveryNotice(email: ParsedEmail, text: string, sentRecipients?: string[]): DeliveryNotice | null {
  const ses = readSesNotification(text, sentRecipients);
  if (ses) return ses;
  const signals = readBounceText(email, text);
  let reports = email.reportParts.filter((p) => DSN_TYPES.has(p.contentType)).flatMap((p) => parseDeliveryStatus(p.content));
  // DSN fields inlined in the text (a report whose MIME structure was lost) read the same way.
  if (!reports.length && /^Final-Recipient\s*:/im.test(text) && /^(Action|Status)\s*:/im.test(text)) reports = parseDeliveryStatus(text);
  if (!reports.length && (signals.fromDaemon || signals.subjectSaysBounce)) reports = forwardedReport(email);
  if (reports.length) {
    const notice = fromReport(reports, signals, sentRecipients, email.from?.address ?? '');
    if (notice) return notice;
  }
  const hasOriginal = email.reportParts.length > 0;
  const framed = signals.fromDaemon || signals.subjectSaysBounce;
  const evidence = signals.bodySaysBounce || !!signals.status || !!signals.replyCode || hasOriginal;
  // Two framing signals (a daemon sender and a bounce subject) suffice: Google Groups and others
  // explain the failure in the reader's language only.
  const isBounce = (signals.fromDaemon && signals.subjectSaysBounce) || (framed && evidence) || (signals.bodySaysBounce && hasOriginal);
  if (!isBounce) return null;
  const recipients = recipientsFromText(email, signals, sentRecipients);
  if (signals.delayOnly) {
    return { outcome: 'delayed', recipients: recipients.map((r) => fact(r, signals.status, null, { kind: 'soft', reason: 'transient' })), confidence: 0.9 };
  }
  const facts = (recipients.length ? recipients : [null]).map((r) => {
    const about = r ? paragraphAbout(signals.region, r, recipients) : null;
    const status = (about ? findStatus(about) : null) ?? signals.status;
    // The subject ("Returned mail: User unknown") is the last text to read when the body is bare.
    const severity = decideSeverity({
      status,
      diagnostic: about,
      bodyText: `${signals.region}\n${email.subject}`,
      replyCode: (about ? findReplyCode(about) : null) ?? signals.replyCode,
      origin: `${email.from?.address ?? ''} ${r ?? ''}`,
    });
    // A notice that announces a delay never invalidates an address, whatever its text quotes.
    return fact(r, normaliseStatus(status), about, signals.subjectSaysDelay && severity.kind === 'hard' ? { kind: 'soft', reason: 'transient' } : severity);
  });
  const strength = [signals.fromDaemon, signals.subjectSaysBounce, signals.bodySaysBounce, !!signals.status || !!signals.replyCode].filter(Boolean).length;
  return { outcome: 'bounce', recipients: mostSevereFirst(facts), confidence: strength >= 3 ? 0.95 : 0.85 };
}
