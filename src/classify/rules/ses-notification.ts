/**
 * Amazon SES notifications delivered by email through SNS: a JSON body with notificationType
 * Bounce / Delivery / Complaint, either bare (raw message delivery) or inside the SNS envelope
 * ({"Type":"Notification", "Message":"{\"notificationType\":…}"}). SNS e-mail folds long lines as
 * "…!\n continued" (sisimai Lhost::AmazonSES reads it the same way); the fold is undone first.
 * Bounce types follow the SES documentation: Permanent means "remove the address", Transient
 * never invalidates one, Undetermined is not proof either way.
 */
import type { BounceFact } from '../types.ts';
import { decideSeverity, type Severity } from './bounce-reason.ts';
import { normaliseStatus } from './delivery-status.ts';
import type { DeliveryNotice } from './bounce.ts';

interface SesRecipient {
  emailAddress?: unknown;
  action?: unknown;
  status?: unknown;
  diagnosticCode?: unknown;
}

interface SesBounce {
  bounceType?: unknown;
  bounceSubType?: unknown;
  bouncedRecipients?: unknown;
}

/** Longest body read as a notification: real ones are a few kilobytes. */
const MAX_JSON = 256 * 1024;

function parseObject(s: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The JSON text starting at `open` up to the last "}" before the SNS footer ("--" line). */
function jsonAt(text: string, open: number): string {
  const rest = text.slice(open, open + MAX_JSON);
  const footer = rest.search(/\n--[ \t]*(\n|$)/);
  const body = footer > 0 ? rest.slice(0, footer) : rest;
  return body.slice(0, body.lastIndexOf('}') + 1);
}

/** Parses strictly, then without the line breaks a mail client may have added inside strings. */
function parseLoose(json: string): Record<string, unknown> | null {
  return parseObject(json) ?? parseObject(json.replace(/\r?\n/g, ''));
}

function sesJson(raw: string): Record<string, unknown> | null {
  if (!raw.includes('notificationType')) return null;
  const text = raw.replace(/\r\n?/g, '\n').replace(/!\n /g, '');
  const envelope = /"Type"\s*:\s*"Notification"/.exec(text);
  if (envelope) {
    const open = text.lastIndexOf('{', envelope.index);
    const env = open >= 0 ? parseLoose(jsonAt(text, open)) : null;
    if (typeof env?.['Message'] === 'string') return parseLoose(env['Message']) ?? looseNotification(env['Message']);
  }
  const start = text.search(/\{\s*"notificationType"/);
  if (start < 0) return looseNotification(text);
  return parseLoose(jsonAt(text, start)) ?? looseNotification(text);
}

/**
 * A notification whose JSON does not parse (cut short, or mangled by a forwarder): its fields are
 * still read one by one, so a bounce is never mistaken for a human's text.
 */
function looseNotification(raw: string): Record<string, unknown> | null {
  const text = raw.slice(0, MAX_JSON).replace(/\\"/g, '"');
  const field = (name: string) => new RegExp(`"${name}"\\s*:\\s*"([^"\\n]{0,2000})"`).exec(text)?.[1];
  const type = field('notificationType');
  if (!type) return null;
  const recipients: SesRecipient[] = [];
  for (const m of text.matchAll(/"emailAddress"\s*:\s*"([^"\s]{1,320})"/g)) {
    if (recipients.length >= 50) break;
    const after = text.slice(m.index, m.index + 3000);
    const inBlock = (name: string) => new RegExp(`"${name}"\\s*:\\s*"([^"\\n]{0,2000})"`).exec(after.slice(0, after.indexOf('}') >= 0 ? after.indexOf('}') : after.length))?.[1];
    recipients.push({ emailAddress: m[1], status: inBlock('status'), diagnosticCode: inBlock('diagnosticCode'), action: inBlock('action') });
  }
  const key = type === 'Bounce' ? 'bounce' : type === 'Complaint' ? 'complaint' : type === 'Delivery' ? 'delivery' : null;
  return {
    notificationType: type,
    ...(key === 'bounce' ? { bounce: { bounceType: field('bounceType'), bounceSubType: field('bounceSubType'), bouncedRecipients: recipients } } : {}),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** What SES's own bounce type and subtype say, before the remote server's diagnostic is read. */
function severityOf(bounceType: string | null, subType: string | null, fromDiagnostic: Severity, status: string | null): Severity {
  if (bounceType === 'Transient') {
    if (subType === 'MailboxFull') return { kind: 'soft', reason: 'transient' };
    if (subType === 'MessageTooLarge' || subType === 'ContentRejected' || subType === 'AttachmentRejected') return { kind: 'soft', reason: 'policy' };
    return fromDiagnostic.kind === 'hard' || fromDiagnostic.reason === 'unknown' ? { kind: 'soft', reason: 'transient' } : fromDiagnostic;
  }
  if (bounceType === 'Permanent') {
    // NoEmail: the address does not exist; Suppressed / OnAccountSuppressionList: SES holds it as a
    // past hard bounce and will not send to it.
    if (subType === 'NoEmail' || subType === 'Suppressed' || subType === 'OnAccountSuppressionList') return { kind: 'hard', reason: 'address' };
    // A 4.x.x status is never hard, whatever the type says.
    if (status?.startsWith('4.')) return { kind: 'soft', reason: 'transient' };
    return fromDiagnostic.reason === 'unknown' ? { kind: 'hard', reason: 'address' } : fromDiagnostic;
  }
  // Undetermined (or missing): SES could not tell, so the address is not invalidated.
  return fromDiagnostic.kind === 'hard' ? { kind: 'soft', reason: 'unknown' } : fromDiagnostic;
}

export function readSesNotification(text: string, sentRecipients?: string[]): DeliveryNotice | null {
  const j = sesJson(text);
  if (!j) return null;
  const type = String(j['notificationType'] ?? '');
  if (type === 'Delivery') return { outcome: 'delivered', recipients: [], confidence: 0.97 };
  if (type !== 'Bounce') return null;
  const bounce = (j['bounce'] && typeof j['bounce'] === 'object' ? j['bounce'] : {}) as SesBounce;
  const bounceType = str(bounce.bounceType);
  const subType = str(bounce.bounceSubType);
  let list: SesRecipient[] = Array.isArray(bounce.bouncedRecipients) ? (bounce.bouncedRecipients as SesRecipient[]).filter((r) => r && typeof r === 'object') : [];
  if (!list.length) {
    const mail = j['mail'] as { destination?: unknown } | undefined;
    const destination = Array.isArray(mail?.destination) ? mail.destination : [];
    list = destination.map((d) => ({ emailAddress: d }));
  }
  if (sentRecipients?.length) {
    const want = new Set(sentRecipients.map((s) => s.toLowerCase()));
    const mine = list.filter((r) => want.has(str(r.emailAddress)?.toLowerCase() ?? ''));
    if (mine.length) list = mine;
  }
  const facts: BounceFact[] = (list.length ? list : [{}]).map((r) => {
    const status = normaliseStatus(str(r.status));
    const diagnostic = str(r.diagnosticCode)?.replace(/^smtp;\s*/i, '') ?? null;
    const fromDiagnostic = decideSeverity({ status, diagnostic, bodyText: null, replyCode: null, origin: str(r.emailAddress) ?? '' });
    const sev = severityOf(bounceType, subType, fromDiagnostic, status);
    return { kind: sev.kind, status, recipient: str(r.emailAddress)?.toLowerCase() ?? null, reason: sev.reason, diagnostic: diagnostic?.slice(0, 500) ?? null };
  });
  const rank = (f: BounceFact) => (f.kind === 'hard' ? 0 : f.reason === 'policy' ? 1 : 2);
  return { outcome: 'bounce', recipients: facts.sort((a, b) => rank(a) - rank(b)), confidence: 0.97 };
}

/** SES complaint notifications are complaints like ARF reports. */
export function isSesComplaint(text: string): boolean {
  return sesJson(text)?.['notificationType'] === 'Complaint';
}
