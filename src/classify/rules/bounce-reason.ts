/**
 * Bounce severity from an RFC 3463 status and the diagnostic text. Text is read first because MTAs
 * often send a generic status (5.0.0, or 5.7.1 for an unknown user) with a precise sentence; the
 * status decides when the text says nothing we recognise. The reason groups follow sisimai's
 * vocabulary, folded into three: address (hard), transient and policy (both soft).
 */
import type { BounceKind } from '../types.ts';

export type BounceReason = 'address' | 'transient' | 'policy' | 'unknown';

export interface Severity {
  kind: BounceKind;
  reason: BounceReason;
}

const HARD: Severity = { kind: 'hard', reason: 'address' };
const TRANSIENT: Severity = { kind: 'soft', reason: 'transient' };
const POLICY: Severity = { kind: 'soft', reason: 'policy' };
const UNKNOWN: Severity = { kind: 'soft', reason: 'unknown' };

// Ordered: the first group that matches wins. Full mailboxes come first because their texts often
// also say "mailbox unavailable"; spam/policy texts come before the generic "recipient rejected".
const TEXT_RULES: { re: RegExp; severity: Severity }[] = [
  {
    re: /mail ?box (is |was )?(full|over ?quota)|quota (exceeded|exceed|full)|over ?quota|exceeded (the |his |her |its |storage |mailbox )*(quota|storage|size limit)|insufficient (disk |system )?(space|storage)|not enough (disk |storage )?space|mailbox size limit|user (is )?over (the )?quota|storage (limit|allocation)|disk (is )?full|full mailbox|mailbox has exceeded|too many messages (in|on)|is full\b|exceeds? (the )?(mailbox|storage) (quota|limit)/i,
    severity: TRANSIENT,
  },
  {
    re: /user ?unknown|unknown user|no such (user|mailbox|recipient|address|account|person|local user)|(user|mailbox|recipient|address|account|addressee|e-?mail account)( name)?( that you tried to reach)? (does not|doesn't|did not|do not) exist|doesn't exist|does not exist|unknown (recipient|address|local[- ]?part|mailbox|alias|e-?mail)|recipient (address )?(unknown|not found|invalid|does not exist)|invalid (recipient|mailbox|user|address|e-?mail address)|mailbox (not found|does not exist|unknown|name not allowed)|no mailbox|not a valid (user|mailbox|recipient|e-?mail)|(user|recipient|mailbox|account|address) (not found|not listed|not known)|addressee unknown|bad destination mailbox|unknown or illegal alias|unable to find (the )?recipient|recipient not recognized|is not a known user|not listed in (the )?(domino|public|address)|no account by that name|invalid address|user doesn't have a .{1,40} account|not our customer|address (unknown|not found|is not valid|no longer valid)|user does not exist|no longer (a valid|an active|in use|available|active)|has been (closed|deleted|removed|terminated|deactivated)|has moved|moved permanently|is no longer (with|at|employed)|account (has been )?(closed|removed|deleted|terminated|deactivated|discontinued)|disabled or discontinued|discontinued|this user doesn't have|recipient rejected: user|mailbox (is )?(inactive|disabled|unavailable for this user)|no valid recipients|unrouteable address|does not accept mail|not accepting (any )?mail|accepts no mail|null mx/i,
    severity: HARD,
  },
  {
    re: /host (or domain name )?(not found|unknown)|domain (name )?not found|no such domain|unrouteable (mail )?domain|unknown host|name service error|nxdomain|domain (does not|doesn't) exist|host does not exist|no (valid )?mx (record|host)|bad destination (host|system)|unresolvable|domain (is )?(invalid|unknown)|malformed (dns|domain|address)|host name lookup failure|non-?existent (domain|host)|unknown domain|domain could not be found/i,
    severity: HARD,
  },
  {
    re: /spam|blocked|block ?list|black ?list|\brbl\b|dnsbl|spamhaus|spamcop|barracuda|reputation|polic(y|ies)|prohibited|not (allowed|permitted|authori[sz]ed)|access denied|relay(ing)? (access )?(denied|not permitted|prohibited)|not a relay|unable to relay|relaying|authenticat|\bspf\b|dkim|dmarc|\bptr\b|reverse (dns|lookup)|\brdns\b|starttls|\btls\b|encrypt|virus|malware|infected|content (rejected|filter)|too large|too big|size (limit|exceeds)|(message|mail) (size|length) exceed|exceeds (the )?(maximum|size|allowed)|rejected (due to|for|by|because)|refused|filter|sender (address )?(rejected|denied|blocked|verify)|administrative(ly)? prohibit|security|unauthenticated|junk|suspicious|syntax|header|rfc ?\d{3,4}|restricted|rate limit|too many|throttl|not accepted|unsolicited|denied|banned|abuse|listed|attachment|bulk mail|dangerous|hop count|mail loop|loop detected|restricted|not in whitelist|rejected/i,
    severity: POLICY,
  },
  {
    re: /mail ?box (unavailable|not available|is unavailable)|recipient (address )?rejected|address rejected/i,
    severity: HARD,
  },
  {
    re: /retry (time(out)?|period|timeout) (exceeded|expired)|delivery (time|retry) ?(out|timeout|expired)|(message|mail) expired|expired|could not be delivered (within|for|in) |has been delayed|deferred|delayed|temporar(y|ily)|try again later|timed? ?out|connection (refused|reset|lost|closed)|no route to host|network (is )?unreachable|host unreachable|lost connection|unable to connect|could not connect|service (is )?unavailable|system (error|failure|is busy)|resources|server busy|local error|internal error|try later|giving up/i,
    severity: TRANSIENT,
  },
];

export function severityFromText(text: string | null | undefined): Severity | null {
  if (!text) return null;
  for (const rule of TEXT_RULES) if (rule.re.test(text)) return rule.severity;
  return null;
}

/** RFC 3463: class 4 is transient; 5.1.x is an address problem; 5.7.x security/policy; the rest is about the system. */
export function severityFromStatus(status: string | null | undefined): Severity | null {
  if (!status) return null;
  const [cls, subject, detail] = status.split('.');
  if (cls === '4') return TRANSIENT;
  if (cls !== '5') return null;
  switch (subject) {
    case '1':
      // 5.1.7/5.1.8 describe our sender address; 5.1.0 says nothing specific.
      if (detail === '7' || detail === '8') return POLICY;
      if (detail === '0') return null;
      return HARD;
    case '2':
      if (detail === '2') return TRANSIENT;
      if (detail === '1') return POLICY;
      if (detail === '3') return POLICY;
      return null;
    case '3':
      return POLICY;
    case '4':
      if (detail === '4') return HARD;
      if (detail === '7') return TRANSIENT;
      return null;
    case '5':
    case '6':
    case '7':
      return POLICY;
    default:
      return null;
  }
}

/** The basic SMTP reply code alone (RFC 5321), used when neither status nor text decided. */
export function severityFromReplyCode(code: string | null | undefined): Severity | null {
  if (!code) return null;
  if (code.startsWith('4')) return TRANSIENT;
  if (code === '550' || code === '551' || code === '553') return HARD;
  if (code === '552') return TRANSIENT;
  if (code.startsWith('5')) return POLICY;
  return null;
}

export function isSpecificStatus(status: string | null | undefined): boolean {
  return !!status && !/^\d\.0\.0$/.test(status);
}

/**
 * Decides one recipient's severity from what is known, most precise first: the diagnostic text,
 * a specific status, the surrounding human-readable text, then the bare status/reply code.
 */
export function decideSeverity(input: {
  status: string | null;
  diagnostic: string | null;
  bodyText: string | null;
  replyCode: string | null;
}): Severity {
  const fromDiagnostic = severityFromText(input.diagnostic);
  if (fromDiagnostic) return fromDiagnostic;
  if (isSpecificStatus(input.status)) {
    const s = severityFromStatus(input.status);
    if (s) return s;
  }
  const fromBody = severityFromText(input.bodyText);
  if (fromBody) return fromBody;
  return severityFromStatus(input.status) ?? severityFromReplyCode(input.replyCode) ?? UNKNOWN;
}
