/**
 * When does "user unknown" prove that an address is dead? Filtering gateways and mobile carriers
 * answer "550 Unknown user" to hide a filter decision, so the wording alone is not proof. Following
 * sisimai's own rule (reason/why-userunknown.go, why-filtered.go), the wording makes a hard bounce
 * only when something corroborates it: an address status (5.1.x), a refusal at the RCPT TO stage,
 * the final delivery agent speaking, or a provider whose documented wording means "no such mailbox".
 * Otherwise the failure is treated as a filter refusal (soft, policy): the address may be valid.
 */

/** Wordings that say the mailbox does not exist (sisimai's UserUnknown family). */
export const USER_UNKNOWN_WORDING =
  /user ?unknown|unknown (user|recipient|mailbox|local[- ]?part|e-?mail)|no such (user|mailbox|recipient|address|account|person|local user)|user not exist|(user|mailbox|recipient|account|e-?mail account)( name)?( that you tried to reach)? (does not|doesn't|did not) exist|recipient (address )?(unknown|not found|invalid|does not exist)|invalid (recipient|mailbox|user|address|e-?mail address)|mailbox (not found|does not exist|unknown|unavailable)|not a valid (user|mailbox|recipient)|(user|recipient|mailbox) (not found|not listed|not known)|this user doesn't have|is not a (known|registered)( gateway)? user|addressee unknown|address (unknown|not found)|rcpt .{1,80}does not exist/i;

/**
 * au (KDDI, ezweb.ne.jp / au.com) answers "550 : User unknown" — no address — when the recipient's
 * reception filter refuses the sender, and "550 <address>: User unknown" when the address does not
 * exist (sisimai rhost/for-kddi.go, after au's support pages).
 */
const KDDI_FILTER = /\b550:? ?: user unknown/i;
const KDDI_HOST = /(?:^|[.@\s<])(ezweb\.ne\.jp|au\.com)\b/i;
const KDDI_UNKNOWN = />:\s*user unknown/i;

/** The refusal came in answer to RCPT TO (Sendmail ">>> RCPT To", Postfix/Exim "RCPT TO command", Yahoo "[RCPT_TO]"). */
const RCPT_STAGE = /\brcpt(?:\b|_to\b)/i;

/**
 * The server that owns the mailboxes looked the address up: the local delivery agent (Postfix
 * local(8), Sendmail mail.local), Postfix's recipient tables ("User unknown in local recipient
 * table", "… in virtual alias table") or Lotus Domino's directory ("not listed in public Name &
 * Address Book"), or iMail Server's mailbox lookup ("Unknown user: someone@example.com", "Invalid
 * final delivery userid").
 */
const LOOKED_UP =
  /^x-postfix;\s*unknown user|\bmail\.local: unknown user|user unknown in [\w ]{0,20}(recipient|alias|mailbox) table|not listed in (the )?public name (&|and) address book|^unknown user: \S+@|invalid final delivery userid/im;

/** An address-level status (RFC 3463 5.1.x), except 5.1.0 (unspecified) and 5.1.7/5.1.8 (our sender). */
const ADDRESS_STATUS = /(?<![\d.])5\.1\.(?!0(?![\d])|7(?![\d])|8(?![\d]))\d{1,3}(?![\d]|\.\d)/;

/**
 * Providers' own wordings for a mailbox that does not exist (sisimai rhost tables). The Yahoo and
 * Gmail sentences are specific enough to stand alone; the shorter ones count only when the notice
 * comes from that provider (its host appears in the notice's sender, Remote-MTA or recipient).
 */
const PROVIDER_NO_MAILBOX: { host: RegExp | null; wording: RegExp }[] = [
  { host: null, wording: /\bdd this user doesn't have an? \S+ account/i },
  { host: null, wording: /the email account that you tried to reach does not exist/i },
  { host: /(?:^|[.@\s])hotmail\.com\b/i, wording: /requested action not taken: mailbox unavailable/i },
  { host: /(?:^|[.@\s])messagelabs\.com\b/i, wording: /no such user|invalid recipient|mailbox is not allowed/i },
];

/** Diagnostics and notice texts are read for their first 10,000 characters (real ones are far shorter). */
function clipText(t: string): string {
  return t.length > 10_000 ? t.slice(0, 10_000) : t;
}

export interface Evidence {
  /** The text the severity was read from (diagnostic or notice text). */
  text: string;
  /** Everything known about this recipient's failure: diagnostic and surrounding notice text. */
  context: string;
  status: string | null;
  /** Host names and addresses of the notice's origin and recipient (sender, Remote-MTA, recipient). */
  origin: string;
}

export function isKddiFilterRefusal(text: string): boolean {
  return KDDI_FILTER.test(text.replace(/\s+/g, ' '));
}

export function refusedAtRcpt(context: string): boolean {
  return RCPT_STAGE.test(context);
}

/** The answer was about the address itself: given to RCPT TO, or by the server that owns the mailboxes. */
export function answeredForAddress(context: string): boolean {
  const c = clipText(context);
  return RCPT_STAGE.test(c) || LOOKED_UP.test(c);
}

function providerSaysNoMailbox(e: Evidence): boolean {
  const text = e.text.replace(/\s+/g, ' ');
  const origin = `${e.origin} ${e.context}`;
  if (KDDI_HOST.test(origin) && KDDI_UNKNOWN.test(text)) return true;
  return PROVIDER_NO_MAILBOX.some((p) => p.wording.test(text) && (!p.host || p.host.test(origin)));
}

/** True when the user-unknown wording in `e.text` is backed by something more than the wording. */
export function userUnknownCorroborated(raw: Evidence): boolean {
  const e = { ...raw, text: clipText(raw.text), context: clipText(raw.context), origin: clipText(raw.origin) };
  if (e.status && ADDRESS_STATUS.test(e.status)) return true;
  if (ADDRESS_STATUS.test(e.context) || refusedAtRcpt(e.context) || LOOKED_UP.test(e.context)) return true;
  return providerSaysNoMailbox(e);
}

/**
 * An address inside diagnostic text ("spamdetected@…" is a mailbox name, not a reason). The
 * lookbehind starts a match only where a run of such characters starts, so a long run without "@"
 * is scanned once, not from every position (issue 10).
 */
export const ADDRESS_RUN = /(?<![^\s<>()"',;:])[^\s<>()"',;:]+@[^\s<>()"',;:]+/g;

const ADDRESS_REJECTED = /(recipient )?address rejected/gi;

/**
 * The text with its "no such user" wording (and the generic "recipient address rejected") blanked
 * out, or null when it has none: if what is left still reads as hard (a closed account, a moved
 * user, a bad domain), the wording was not the only evidence.
 */
export function withoutUserUnknown(text: string): string | null {
  const flat = clipText(text).replace(ADDRESS_RUN, ' ').replace(/\s+/g, ' ');
  if (!USER_UNKNOWN_WORDING.test(flat)) return null;
  return flat.replace(new RegExp(USER_UNKNOWN_WORDING.source, 'gi'), ' ').replace(ADDRESS_REJECTED, ' ');
}
