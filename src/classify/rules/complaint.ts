/**
 * Feedback-loop complaints: RFC 5965 ARF (a message/feedback-report part, or a multipart/report
 * with report-type=feedback-report), and the older FBL formats without that part (AOL "scomp",
 * Hotmail/Outlook JMRP) that forward the reported message with a short notice.
 */
import type { ParsedEmail } from '../../ingest/types.ts';

export interface ComplaintFinding {
  feedbackType: string | null;
  recipient: string | null;
  confidence: number;
}

function field(content: string, name: string): string | null {
  const m = new RegExp(`^${name}\\s*:\\s*(.+)$`, 'im').exec(content);
  return m ? m[1]!.trim() : null;
}

const FBL_SENDER = /^(scomp@aol\.net|staff@hotmail\.com|.*@(fbl|feedback|abuse|complaints?)\.[a-z0-9.-]+|(fbl|abuse|feedbackloop|feedback-loop|complaints?)@.+)$/i;
const FBL_SUBJECT = /complaint about message|abuse report|feedback[- ]?(loop )?report|fbl report|spam report|email feedback report|report of (spam|abuse)/i;
const FBL_BODY = /this is an? (e-?mail )?abuse report|feedback[- ]loop|(was|been|has been) (reported|marked|flagged) as (spam|junk|abuse)|reported (this|the|a) (message|email) as (spam|junk)|complaint (about|regarding|from)|abuse report for an? (e-?mail )?message|user (has )?(complained|reported)/i;

export function readComplaint(email: ParsedEmail, text: string): ComplaintFinding | null {
  const part = email.reportParts.find((p) => p.contentType === 'message/feedback-report');
  if (part) {
    const recipient = field(part.content, 'Original-Rcpt-To') ?? field(part.content, 'Removal-Recipient');
    return { feedbackType: field(part.content, 'Feedback-Type')?.toLowerCase() ?? null, recipient: recipient?.toLowerCase() ?? null, confidence: 0.98 };
  }
  if (/report-type\s*=\s*"?feedback-report/i.test(email.headers['content-type'] ?? '')) {
    return { feedbackType: null, recipient: null, confidence: 0.95 };
  }
  // Hotmail/Outlook JMRP forwards the reported message itself, marked with this header.
  if (email.headers['x-hmxmroriginalrecipient']) return { feedbackType: 'abuse', recipient: email.headers['x-hmxmroriginalrecipient'].toLowerCase(), confidence: 0.9 };
  const sender = email.from?.address ?? '';
  const hasOriginal = email.reportParts.some((p) => p.contentType === 'message/rfc822' || p.contentType === 'text/rfc822-headers');
  const signals = [FBL_SENDER.test(sender), FBL_SUBJECT.test(email.subject), FBL_BODY.test(text.slice(0, 4000)), hasOriginal].filter(Boolean).length;
  if (signals >= 2 && (FBL_SUBJECT.test(email.subject) || FBL_BODY.test(text.slice(0, 4000)))) {
    return { feedbackType: 'abuse', recipient: null, confidence: signals >= 3 ? 0.93 : 0.85 };
  }
  return null;
}
