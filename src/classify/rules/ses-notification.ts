/**
 * Amazon SES notifications delivered by email through SNS: a JSON body with notificationType
 * Bounce / Delivery / Complaint. Bounces map through the same severity rules as DSNs.
 */
import type { BounceFact } from '../types.ts';
import { decideSeverity } from './bounce-reason.ts';
import { normaliseStatus } from './delivery-status.ts';
import type { DeliveryNotice } from './bounce.ts';

interface SesRecipient {
  emailAddress?: string;
  action?: string;
  status?: string;
  diagnosticCode?: string;
}

function sesJson(text: string): Record<string, unknown> | null {
  // Raw-message SNS delivery wraps the notification in an envelope whose "Message" is a JSON string.
  if (/"Type"\s*:\s*"Notification"/.test(text)) {
    const open = text.indexOf('{');
    const close = text.lastIndexOf('}');
    try {
      const env = JSON.parse(text.slice(open, close + 1)) as { Message?: unknown };
      if (typeof env.Message === 'string') return sesJson(env.Message);
    } catch {
      // fall through to the bare form
    }
  }
  const start = text.indexOf('{"notificationType"');
  if (start < 0) return null;
  // The SNS footer follows the JSON after a "--" line.
  const body = text.slice(start).split(/\n--\s*\n/)[0]!.replace(/\n/g, '');
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function readSesNotification(text: string): DeliveryNotice | null {
  const j = sesJson(text);
  if (!j) return null;
  const type = String(j['notificationType'] ?? '');
  if (type === 'Delivery') return { outcome: 'delivered', recipients: [], confidence: 0.97 };
  if (type !== 'Bounce') return null;
  const bounce = (j['bounce'] ?? {}) as { bounceType?: string; bouncedRecipients?: SesRecipient[] };
  const facts: BounceFact[] = (bounce.bouncedRecipients ?? []).map((r) => {
    const status = normaliseStatus(r.status);
    const sev = decideSeverity({ status, diagnostic: r.diagnosticCode ?? null, bodyText: null, replyCode: null });
    // SES says Permanent/Transient itself; a Transient bounce is never hard.
    const kind = bounce.bounceType === 'Transient' ? 'soft' : sev.kind;
    return { kind, status, recipient: r.emailAddress?.toLowerCase() ?? null, reason: kind === 'soft' && sev.kind === 'hard' ? 'transient' : sev.reason, diagnostic: r.diagnosticCode ?? null };
  });
  return { outcome: 'bounce', recipients: facts, confidence: 0.97 };
}

/** SES complaint notifications are complaints like ARF reports. */
export function isSesComplaint(text: string): boolean {
  return sesJson(text)?.['notificationType'] === 'Complaint';
}
