/**
 * Reading a bounce from its human-readable text: Exim "Mail delivery failed", qmail "failure
 * notice", Exchange/Lotus/Sendmail notices and every MTA that sends no (or an empty) DSN part.
 * Only the part before the copy of the original message is read, so that our own outbound text
 * (which may mention anything) never decides the outcome.
 */
import type { ParsedEmail } from '../../ingest/types.ts';
import { normaliseStatus } from './delivery-status.ts';

const DAEMON_LOCAL = /^(mailer[-_.]?daemon|post[-_.]?master|mail[-_.]?daemon|mdaemon|mail[-_.]?delivery|bounces?|mailer|nobody|mail\.?system|smtp[-_.]?gateway|mailadmin|mail[-_.]?admin)$/i;
const DAEMON_NAME = /mail delivery (system|subsystem|service)|mailer[- ]?daemon|postmaster|mail administrator|delivery status notification|mail ?system/i;

export const BOUNCE_SUBJECT =
  /undeliver|delivery status notification|delivery (has |was )?fail|failure notice|failed mail|mail delivery (failed|failure|problem|error)|returned mail|undelivered|delivery failure|non[- ]?delivery|mail system error|could not be delivered|not delivered|delivery problem|delivery notification|returned to sender|nicht zustellbar|unzustellbar|non remis|no entregado|non recapitato|non consegnato|niet bezorgd|onbestelbaar|delivery report|message delayed|delivery delayed|warning: could not send|could not send mail|mail error|mail failure|mail failed|error sending|delivery error|bounced|rejected|配信|エラー|не доставлено|mail could not|nondeliverable|delivery incomplete/i;

const BODY_BOUNCE =
  /could not be delivered|couldn'?t be delivered|was not delivered|wasn'?t delivered|undeliverable|permanent (error|failure|fatal)|fatal error|delivery (to the following recipients? )?(has )?failed|following address(es)? failed|unable to deliver|could not deliver|failed to deliver|returned to sender|transcript of session follows|delivery status notification|mail delivery failed|the following (addresses|recipients?) had (permanent )?(fatal )?errors|this is the qmail-send program|wasn'?t able to deliver|delivery to the following recipients?|your message (could not|cannot|can ?not|did not) (be delivered|reach)|not be delivered|non-?delivery|error (delivering|occurred while attempting to deliver)|message could not be sent|rejected your message|(message|mail) was rejected|failure notice|delivery has failed|did not reach|no se pudo entregar|nicht zugestellt|n'a pas pu être (remis|distribué)|non è stato possibile recapitare|konnte nicht zugestellt|не может быть доставлено|не доставлено|unable to be delivered|delivery attempts? (will continue|failed)|has been delayed|could not send message for past|not yet been delivered|message delivery failed|sorry, we were unable to deliver|returned mail|user unknown|mailbox (is )?full|failed addresses|no valid recipients|not a valid (user|recipient|mailbox|address)|no such (user|mailbox|recipient)/i;

const DELAY_TEXT =
  /this is a warning message only|will (keep|continue to) (try|retry|attempt)|(will|continue to) (be )?retr(y|ied)|has not (yet )?been delivered|not yet been delivered|delivery (has been|is|was) delayed|message (has been|is) delayed|could not send (the )?message for (the )?past|still trying|no action is required|will try again|delay(ed)? (warning|notification)|delivery delayed|you do not need to resend/i;

const DELAY_SUBJECT = /\bdelay(ed)?\b|\bwarning\b|\bdeferred\b|still being retried|verzögert|retardé|retrasad|ritardat|vertraagd|opóźni|försenat/i;
/** "Returned mail: Deferred: …" (old Sendmail) returned the message: final, unless it says "warning". */
const FINAL_SUBJECT = /returned mail|returned to sender|undeliver|failure|failed|not delivered|nicht zustellbar|bounced/i;

/** The subject announces a delay or a warning, not a returned message. */
export function saysDelay(subject: string): boolean {
  return DELAY_SUBJECT.test(subject) && (!FINAL_SUBJECT.test(subject) || /\bwarning\b/i.test(subject));
}

const PERMANENT_TEXT = /permanent(ly)? (error|failure|fatal)|fatal error|giving up|has been returned|have given up|could not be delivered to|permanently failed|delivery (to the following recipients? )?failed|was not delivered|undeliverable/i;

/**
 * Where the copy of the original message (ours) begins; the diagnostic region ends there. Read line
 * by line with anchored, non-overlapping patterns: the former single pattern ("^[ \t>]*" then ".*")
 * backtracked quadratically on long runs of spaces, dashes or quote marks (issue 10).
 */
const MARKER_AFTER_DASHES =
  /copy of the (original )?message|original message|unsent message|message headers follow|headers of the original|below this line|returned message|rfc822|original header/i;
const MARKER_DASHED_TITLE = /^-+ ?(original|returned) message ?-/i;
const MARKER_ANYWHERE =
  /below this line is a copy|is a copy of the message|message headers follow|the header of the original message|original message follows|the original message (was|is) attached|original message headers/i;
const MARKER_START = /^(Received: (from|by) |Return-Path: <|------ This is a copy)/;
/** The region is at most this long, so no marker beyond it matters. */
const REGION_MAX = 8000;

function isOriginalMarker(line: string): boolean {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '>')) i++;
  const rest = line.slice(i);
  if (rest.startsWith('--') && MARKER_AFTER_DASHES.test(rest)) return true;
  if (rest.startsWith('-') && MARKER_DASHED_TITLE.test(rest)) return true;
  return MARKER_START.test(rest) || MARKER_ANYWHERE.test(rest);
}

/**
 * The offset of the line that starts the copy of the original, or -1. A notice whose very first
 * line looks like a marker (headers pasted on top) has no separate copy: -1 as well.
 */
export function originalMarkerIndex(text: string): number {
  const firstEnd = text.indexOf('\n');
  if (isOriginalMarker(text.slice(0, Math.min(firstEnd < 0 ? text.length : firstEnd, REGION_MAX)))) return -1;
  let start = firstEnd < 0 ? text.length : firstEnd + 1;
  while (start < text.length && start <= REGION_MAX) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    // A line longer than the region cannot move the region's end; read only what could matter.
    if (isOriginalMarker(text.slice(start, Math.min(end, start + REGION_MAX)))) return start;
    if (nl < 0) break;
    start = nl + 1;
  }
  return -1;
}

export interface BounceTextSignals {
  fromDaemon: boolean;
  subjectSaysBounce: boolean;
  bodySaysBounce: boolean;
  delayOnly: boolean;
  /** The subject announces a delay or warning (not a returned message): never a hard bounce. */
  subjectSaysDelay: boolean;
  /** The notice's own text, before the copy of the original message. */
  region: string;
  status: string | null;
  replyCode: string | null;
  addresses: string[];
}

export function diagnosticRegion(text: string): string {
  const t = text.replace(/\r\n?/g, '\n');
  const at = originalMarkerIndex(t);
  return t.slice(0, Math.min(at > 0 ? at : t.length, REGION_MAX));
}

export function findStatus(text: string): string | null {
  // Lookarounds keep IP addresses ("4.79.181.168") and versions ("Exim 4.60") out.
  const m = /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/.exec(text);
  return m ? normaliseStatus(m[1]) : null;
}

export function findReplyCode(text: string): string | null {
  const m = /(?<![\d.#:/=])([45][0-7]\d)(?=[ \-:]+(\d\.\d|[A-Za-z<#(]))/.exec(text);
  return m ? m[1]! : null;
}

export function emailAddresses(text: string): string[] {
  // The lookbehind starts a match only where a run of address characters starts: without it a
  // long run with no "@" was rescanned from every position (quadratic).
  const found = text.match(/(?<![A-Za-z0-9._%+'=-])[A-Za-z0-9._%+'=-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g) ?? [];
  const out: string[] = [];
  for (const a of found) {
    const v = a.toLowerCase().replace(/[.]+$/, '');
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

export function isDaemonSender(email: ParsedEmail): boolean {
  const local = email.from?.address.split('@')[0] ?? '';
  return DAEMON_LOCAL.test(local) || DAEMON_NAME.test(email.from?.name ?? '') || (!email.from && email.headers['return-path']?.trim() === '');
}

export function readBounceText(email: ParsedEmail, text: string): BounceTextSignals {
  const region = diagnosticRegion(text);
  const bodySaysBounce = BODY_BOUNCE.test(region);
  const subjectSaysDelay = saysDelay(email.subject);
  const delayOnly = (DELAY_TEXT.test(region) || subjectSaysDelay) && !PERMANENT_TEXT.test(region);
  return {
    fromDaemon: isDaemonSender(email),
    subjectSaysBounce: BOUNCE_SUBJECT.test(email.subject),
    bodySaysBounce,
    delayOnly,
    subjectSaysDelay,
    region,
    status: findStatus(region),
    replyCode: findReplyCode(region),
    addresses: emailAddresses(region),
  };
}

/**
 * The lines about one recipient: from its first mention to the next blank line (bounded), and before
 * the first later line that names another failed recipient (notices that list several recipients in
 * one paragraph, each with its own reason).
 */
export function paragraphAbout(region: string, address: string, others: string[] = []): string | null {
  const i = region.toLowerCase().indexOf(address.toLowerCase());
  if (i < 0) return null;
  const rest = region.slice(i);
  const end = rest.search(/\n[ \t]*\n(?![ \t]{2,})/);
  let about = rest.slice(0, end > 0 ? Math.min(end, 1200) : 1200);
  const firstLineEnd = about.indexOf('\n');
  if (firstLineEnd > 0 && others.length) {
    const lower = about.toLowerCase();
    const cut = others
      .filter((o) => o.toLowerCase() !== address.toLowerCase())
      .map((o) => lower.indexOf(o.toLowerCase(), firstLineEnd))
      .filter((at) => at > 0)
      .map((at) => lower.lastIndexOf('\n', at))
      .filter((nl) => nl >= firstLineEnd);
    if (cut.length) about = about.slice(0, Math.min(...cut));
  }
  return about;
}
