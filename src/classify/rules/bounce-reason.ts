/**
 * Bounce severity from an RFC 3463 status and the diagnostic text. Text is read first because MTAs
 * often send a generic status (5.0.0, or 5.7.1 for an unknown user) with a precise sentence; the
 * status decides when the text says nothing we recognise. The reason groups follow sisimai's
 * vocabulary, folded into three: address (hard), transient and policy (both soft).
 */
import type { BounceKind } from '../types.ts';
import { ADDRESS_RUN, answeredForAddress, isKddiFilterRefusal, userUnknownCorroborated, withoutUserUnknown } from './bounce-evidence.ts';

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
    // About our sender address or domain, not the recipient's: a deliverability problem.
    re: /sender (address|domain)|(mail|envelope) from|sender (rejected|verify|verification|unknown|not (allowed|authori[sz]ed))|your (address|domain|ip|server|host)|client host|from address/i,
    severity: POLICY,
  },
  {
    re: /mail ?box (is |was )?(full|over ?quota)|quota (exceeded|exceed|full)|over ?quota|exceeded (the |his |her |its |storage |mailbox )*(quota|storage|size limit)|insufficient (disk |system )?(space|storage)|not enough (disk |storage )?space|mailbox size limit|user (is )?over (the )?quota|storage (limit|allocation)|disk (is )?full|full mailbox|mailbox has exceeded|too many messages (in|on)|is full\b|exceeds? (the )?(mailbox|storage) (quota|limit)/i,
    severity: TRANSIENT,
  },
  {
    // Closed for good, even when the same sentence also says "disabled".
    re: /discontinued|deactivated|no longer (active|valid|in use|available)|has been (closed|deleted|removed|terminated)/i,
    severity: HARD,
  },
  {
    // Suspended or frozen accounts may come back: not proof the address is dead.
    // Gmail: "The email account that you tried to reach is disabled / inactive".
    re: /suspend|frozen|mailbox (is )?inactive|temporarily (disabled|deactivated|unavailable)|(account|mailbox|user)( that you tried to reach)? (is |has been )?(disabled|inactive|locked|blocked)|over (the )?limit|not (yet )?activated/i,
    severity: TRANSIENT,
  },
  {
    // A DNS lookup that failed temporarily ("try again", SERVFAIL) is not an unknown host.
    re: /host not found, try again|try again later|try later|servfail|temporary (failure|error) in name resolution|dns (timeout|lookup timed out)/i,
    severity: TRANSIENT,
  },
  {
    // Microsoft 365 answers an unknown recipient of a hosted domain this way (5.4.1 DBEB).
    re: /recipient address rejected: access denied/i,
    severity: HARD,
  },
  {
    re: /user ?unknown|unknown user|no such (user|mailbox|recipient|address|account|person|local user)|(user|mailbox|recipient|address|account|addressee|e-?mail account)( name)?( that you tried to reach)? (does not|doesn't|did not|do not) exist|doesn't exist|does not exist|unknown (recipient|address|local[- ]?part|mailbox|alias|e-?mail)|recipient (address )?(unknown|not found|invalid|does not exist)|invalid (recipient|mailbox|user|address|e-?mail address)|mailbox (not found|does not exist|unknown|name not allowed)|no mail ?box|invalid .{0,20}user ?id|not a valid (user|mailbox|recipient|e-?mail)|(user|recipient|mailbox|account|address) (not found|not listed|not known)|addressee unknown|address (couldn't|could not|can't|cannot) be found|address not found|recipient name is not recognized|bad destination mailbox|unknown or illegal alias|unable to find (the )?recipient|recipient not recognized|is not a known user|not listed in (the )?(domino|public|address)|no account by that name|invalid address|user doesn't have a .{1,40} account|not our customer|address (unknown|not found|is not valid|no longer valid)|user does not exist|no longer (a valid|an active|in use|available|active)|has been (closed|deleted|removed|terminated|deactivated)|has moved|moved permanently|is no longer (with|at|employed)|account (has been )?(closed|removed|deleted|terminated|deactivated|discontinued)|disabled or discontinued|discontinued|this user doesn't have|recipient rejected: user|mailbox (is )?(inactive|disabled|unavailable for this user)|no valid recipients|unrouteable address|check if (the )?address is correct|inactive (e-?mail )?address|does not accept mail|not accepting (any )?mail(?! with)|accepts no mail|null mx|doesn't receive email|no (smtp|mail) service/i,
    severity: HARD,
  },
  {
    // cPanel/Exim: "The account or domain may not exist, they may be blacklisted, or missing the
    // proper dns entries" names non-existence first (sisimai: hostunknown).
    re: /account or domain may not exist|host (or domain name )?(not found|unknown)|host \S+ not found|domain (name )?not found|no such domain|unrouteable (mail )?domain|unknown host|name service error|nxdomain|domain (does not|doesn't) exist|host does not exist|no (valid )?mx (record|host)|bad destination (host|system)|unresolvable|domain (is )?(invalid|unknown)|malformed (dns|domain)|host name lookup failure|non-?existent (domain|host)|unknown domain|domain could not be found|name service error|malformed( or unexpected)? name server reply|name or service not known|domain is not reachable/i,
    severity: HARD,
  },
  {
    re: /spam|blocked|block ?list|black ?list|\brbl\b|dnsbl|spamhaus|spamcop|barracuda|reputation|polic(y|ies)|prohibited|not (allowed|permitted|authori[sz]ed)|access denied|refused to accept|relay(ing)? (access )?(denied|not permitted|prohibited)|not a relay|unable to relay|relaying|authenticat|\bspf\b|dkim|dmarc|\bptr\b|reverse (dns|lookup)|\brdns\b|starttls|\btls\b|encrypt|virus|malware|infected|content (rejected|filter)|too large|too big|size (limit|exceeds)|(message|mail) (size|length) exceed|exceeds (the )?(maximum|size|allowed)|rejected (due to|for|by|because)|refused|filter|sender (address )?(rejected|denied|blocked|verify)|administrative(ly)? prohibit|security|unauthenticated|junk|suspicious|syntax|header|rfc ?\d{3,4}|restricted|rate limit|too many|throttl|not accepted|unsolicited|denied|banned|abuse|listed|attachment|bulk mail|dangerous|hop count|mail loop|loop detected|not in whitelist|message rejected|content rejected|purported responsible|protocol violation|malformed address|incorrectly constructed|not a member|duplicated message|mailing list/i,
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

/**
 * A diagnostic or notice text is read for its first TEXT_MAX characters: real ones are a few hundred
 * (the notice region is at most 8,000), and a megabyte of crafted text must not cost seconds.
 */
const TEXT_MAX = 10_000;
const clip = (t: string | null): string | null => (t && t.length > TEXT_MAX ? t.slice(0, TEXT_MAX) : t);

const HOST_UNKNOWN = /host (or domain name )?(not found|unknown)|domain (name )?not found|no such domain|nxdomain|unrouteable (mail )?domain|domain (does not|doesn't) exist|no (valid )?mx (record|host)/i;

export function severityFromText(text: string | null | undefined): Severity | null {
  if (!text) return null;
  text = clip(text)!;
  // Addresses are not reasons ("spamdetected@…" is a mailbox name), and MTAs wrap lines anywhere.
  const flat = text.replace(ADDRESS_RUN, ' ').replace(/\s+/g, ' ');
  for (const rule of TEXT_RULES) if (rule.re.test(flat)) return rule.severity;
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
      // Mailbox status: full (5.2.2) or disabled/over limit; the address itself exists.
      return detail === '2' ? TRANSIENT : POLICY;
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

/**
 * An "unknown user" answer to DATA (not to RCPT TO) comes from a content or domain filter: the
 * address was accepted a step earlier, so the address itself is not proven invalid.
 */
function afterData(s: Severity, context: string, status: string | null): Severity {
  // Carriers' DATA-stage filters answer with a bare "unknown user"; other wordings are real.
  if (s.kind !== 'hard' || isSpecificStatus(status) || !/unknown user|user unknown/i.test(context)) return s;
  const rejectedAtData = /in reply to end of data|after end of data|after data|>>> data\b|in reply to data command/i.test(context);
  const rejectedAtRcpt = /rcpt to|in reply to rcpt/i.test(context);
  return rejectedAtData && !rejectedAtRcpt ? POLICY : s;
}

const REPLY_CODES = /(?<![\d.#:/=])([245][0-7]\d)(?=[ \-:]+(?:\d\.\d|[A-Za-z<#(]))/g;

/** The SMTP replies quoted in the diagnostic (or, without one, the notice text) are all 4xx. */
export function onlyTransientReplies(diagnostic: string | null, bodyText: string | null, replyCode: string | null): boolean {
  const read = (t: string | null) => [...(t ?? '').matchAll(REPLY_CODES)].map((m) => m[1]!);
  let codes = read(diagnostic);
  if (!codes.length) codes = read(bodyText);
  if (!codes.length && replyCode) codes = [replyCode];
  return codes.length > 0 && codes.every((c) => c.startsWith('4'));
}

export function isSpecificStatus(status: string | null | undefined): boolean {
  return !!status && !/^\d\.0\.0$/.test(status);
}

/**
 * "User unknown" alone is not proof (see bounce-evidence.ts): without a 5.1.x status, an RCPT-stage
 * refusal, a mailbox lookup or a provider's own wording, it is read as a filter refusal.
 */
function corroborate(s: Severity, text: string, context: string, status: string | null, origin: string): Severity {
  if (s.kind !== 'hard') return s;
  const rest = withoutUserUnknown(text);
  if (rest === null || severityFromText(rest)?.kind === 'hard') return s;
  return userUnknownCorroborated({ text, context, status, origin }) ? s : POLICY;
}

/** Amazon SES prefixes the remote reply with its own status description ("5.1.0 - Unknown address error 550-'…'"). */
function remoteReply(diagnostic: string | null): string | null {
  return diagnostic?.replace(/^\s*\d\.\d{1,3}\.\d{1,3} - [A-Za-z ,]+?(?= [245]\d\d[- ]')/, '') ?? null;
}

/**
 * Decides one recipient's severity from what is known, most precise first: the diagnostic text,
 * a specific status, the surrounding human-readable text, then the bare status/reply code.
 * `origin` holds the notice's sender, Remote-MTA and recipient (provider wordings are read with it).
 */
export interface SeverityInput {
  status: string | null;
  diagnostic: string | null;
  bodyText: string | null;
  replyCode: string | null;
  origin?: string;
}

/** Refused before RCPT TO (greeting, EHLO/HELO, MAIL FROM): about our server or sender, never the address. */
const BEFORE_RCPT = /after (initial connection|connect(ion)?|ehlo|helo|mail from)\b|in reply to (ehlo|helo|mail from)\b|\b(ehlo|helo) command\b/i;
/** Refused after the message was sent (end of DATA): the address was accepted at RCPT TO. */
const AFTER_DATA = /after (end of )?data\b|in reply to (end of )?data( command)?\b/i;

export function decideSeverity(raw: SeverityInput): Severity {
  const input = { ...raw, diagnostic: clip(raw.diagnostic), bodyText: clip(raw.bodyText), origin: clip(raw.origin ?? null) ?? '' };
  const s = severityOf(input);
  if (s.kind !== 'hard') return s;
  const context = `${input.diagnostic ?? ''}\n${input.bodyText ?? ''}`;
  // sisimai: an error in answer to the greeting, EHLO or MAIL FROM is "blocked"/"rejected" (our side).
  // Unless something says the address itself was judged: an address status, an RCPT-stage answer, the
  // mailbox owner's lookup or a provider's own no-such-mailbox wording (some check only at DATA).
  const aboutAddress = userUnknownCorroborated({ text: input.diagnostic ?? context, context, status: input.status, origin: input.origin });
  if (BEFORE_RCPT.test(context) && !aboutAddress) return POLICY;
  // The same for a refusal after end of DATA (the address was accepted at RCPT TO), unless the
  // recipient's host does not exist.
  if (AFTER_DATA.test(context) && !aboutAddress && !HOST_UNKNOWN.test(context)) return POLICY;
  // sisimai: a Diagnostic-Code of type X-Unix is the local delivery program failing ("mailererror").
  if (/^\s*x-unix\s*;/i.test(input.diagnostic ?? '')) return POLICY;
  return s;
}

function severityOf(input: SeverityInput & { origin: string }): Severity {
  const status = input.status;
  // Class 4 is the MTA saying the failure may not last (RFC 3463), whatever the text adds. (Gmail's
  // final "lookup … responded with code NXDOMAIN" under 4.0.0 stays transient too: sisimai reads it
  // as a network error, and moving it cost four right answers for one.)
  if (status?.startsWith('4.')) return TRANSIENT;
  // Likewise a 4xx SMTP reply (RFC 5321 "transient negative completion") with no 5xx beside it,
  // unless a specific 5.x.x status says otherwise: "450 user unknown" is a server asking us to retry.
  if (!isSpecificStatus(status) && onlyTransientReplies(input.diagnostic, input.bodyText, input.replyCode)) return TRANSIENT;
  const diagnostic = remoteReply(input.diagnostic);
  const origin = input.origin ?? '';
  const context = `${diagnostic ?? ''}\n${input.bodyText ?? ''}`;
  // au (KDDI) answers "550 : User unknown" for a reception-filter refusal, whatever status wraps it.
  if (isKddiFilterRefusal(diagnostic ?? '') || (!diagnostic && isKddiFilterRefusal(input.bodyText ?? ''))) return POLICY;
  // Whether an answer about the address (RCPT TO, mailbox lookup) is a "no such user": read from the
  // diagnostic when it says anything.
  const about = diagnostic && severityFromText(diagnostic) ? diagnostic : context;
  const rcptUnknown = answeredForAddress(context) && withoutUserUnknown(about) !== null;
  // A reporting MTA that turned a bare "550 user unknown" into a mailbox-status code (5.2.x) judged
  // the mailbox to exist but refuse mail (a filter): its status is the better-informed reading,
  // unless the refusal came at RCPT TO, where "user unknown" is the answer to the address itself.
  if (status && /^5\.2\./.test(status) && !rcptUnknown && !/\b5\.\d{1,3}\.\d{1,3}\b/.test(diagnostic ?? '')) {
    const s = severityFromStatus(status);
    if (s) return s;
  }
  const fromDiagnostic = severityFromText(diagnostic);
  if (fromDiagnostic) return corroborate(afterData(fromDiagnostic, context, status), diagnostic ?? '', context, status, origin);
  // "No such user" refused at RCPT TO (or by the mailbox owner's own lookup) is about the address,
  // whatever generic status (5.3.0, 5.5.0) wraps it.
  if (rcptUnknown && severityFromText(input.bodyText)?.kind === 'hard') return HARD;
  if (isSpecificStatus(status)) {
    const s = severityFromStatus(status);
    if (s) return s;
  }
  const fromBody = severityFromText(input.bodyText);
  if (fromBody) return corroborate(afterData(fromBody, input.bodyText ?? '', status), input.bodyText ?? '', input.bodyText ?? '', status, origin);
  return severityFromStatus(status) ?? severityFromReplyCode(input.replyCode) ?? UNKNOWN;
}
