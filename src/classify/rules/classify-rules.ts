/**
 * The rules classifier: pure, no network, no clock (`now` is passed in). Structure first —
 * complaints, challenge-response, delivery notices, auto-replies — because machine mail must never
 * be read as a human's answer; then the human text with quotes and signature removed.
 */
import type { ParsedEmail } from '../../ingest/types.ts';
import type { BounceFact, Classification, ClassificationFacts, IntentScore } from '../types.ts';
import { readAutoReplyHeaders, isChallengeResponse, isPersonalAutoReply, declaresAutomatic } from './auto-reply.ts';
import { readDeliveryNotice } from './bounce.ts';
import { readComplaint } from './complaint.ts';
import { htmlToText } from './html-to-text.ts';
import { findInjectionSigns, withoutInjectedLines } from './injection.ts';
import { rankIntents } from './intents.ts';
import { mentionsAbsence, isShortAbsenceNote } from './out-of-office.ts';
import { extractOffers, findAmounts, statesPrice } from './prices.ts';
import { otherAddresses, placedLinkUrl, findUrls } from './reply-facts.ts';
import { findReturnDate, statesReturn } from './return-date.ts';
import { findSensitive } from './sensitive.ts';
import { isSesComplaint } from './ses-notification.ts';
import { stripQuoted } from './strip-quoted.ts';
import { diagnosticRegion } from './bounce-text.ts';
import { boundedText, MAX_CLASSIFIED_CHARS, withoutHiddenText } from './normalize-text.ts';
import { findRedFlags, STOP_FLAGS } from './red-flags.ts';
import { isAutomatedText, isUnattendedMailbox } from './automated-text.ts';
import { PERSONAL_ABSENCE_ML } from './intent-lexicon.ts';
import { aboutThePitch } from './pitch-topic.ts';
import { languageUnknown, type LanguageDetector } from './languages.ts';

export interface RulesInput {
  email: ParsedEmail;
  /** Our own mailbox addresses: never a referral, never a placed-link host. */
  ourAddresses?: string[];
  /** Who we wrote to in this thread; a bounce is classified for these recipients only. */
  sentRecipients?: string[];
  now: Date;
}

function emptyFacts(): ClassificationFacts {
  return { offers: [], returnDate: null, linkUrl: null, referralEmail: null, bounce: null, injectionSigns: [], sensitive: [] };
}

/** Below the default policy's minConfidence (0.8): a person answers it. */
const OFF_PITCH_QUESTION_CONFIDENCE = 0.6;

function result(intents: IntentScore[], facts: ClassificationFacts): Classification {
  return {
    intent: intents[0]!.intent,
    confidence: Math.round(intents[0]!.confidence * 100) / 100,
    intents: intents.map((i) => ({ intent: i.intent, confidence: Math.round(i.confidence * 100) / 100 })),
    facts,
    senderDomainRating: null,
    history: null,
    model: null,
  };
}

/** The text to read: the plain part, or the HTML converted when the plain part is missing. */
/**
 * The text to read: the plain part, or the HTML converted when the plain part is missing. At most
 * MAX_CLASSIFIED_CHARS (32 KB) after runs of spaces are collapsed: a human reply is a few KB, and the
 * cap bounds the work a hostile megabyte can cost (measured in test/unit/classify/adversarial.test.ts).
 */
export function bodyText(email: ParsedEmail): string {
  const raw = email.text.trim() ? email.text : email.html ? htmlToText(email.html.slice(0, 4 * 1024 * 1024).replace(/[ \t\u00a0]{16,}/g, ' ').slice(0, MAX_CLASSIFIED_CHARS * 8)) : '';
  return boundedText(raw).replace(/\r\n?/g, '\n');
}

/**
 * `detectLanguage` fills `facts.language` (and orders an ambiguous slashed return date). The rules
 * thread passes eld (`language.ts`); without it the language is unknown, which is what the main
 * thread's in-line fallbacks get, so eld's 0.9 s load never lands on the event loop.
 */
export function classifyWithRules(input: RulesInput, detectLanguage: LanguageDetector = languageUnknown): Classification {
  const { email, now } = input;
  const text = bodyText(email);
  const facts = emptyFacts();

  const complaint = readComplaint(email, text);
  if (complaint || isSesComplaint(text)) {
    return result([{ intent: 'COMPLAINT', confidence: complaint?.confidence ?? 0.97 }, { intent: 'UNSUBSCRIBE', confidence: 0.9 }], facts);
  }

  const ownText = diagnosticRegion(text);
  if (isChallengeResponse(ownText)) {
    facts.injectionSigns = findInjectionSigns(ownText);
    return result([{ intent: 'AUTO_REPLY', confidence: 0.9 }], facts);
  }

  const notice = readDeliveryNotice(email, text, input.sentRecipients);
  if (notice) {
    const first: BounceFact | null = notice.recipients[0] ?? null;
    facts.bounce = first;
    if (notice.recipients.length > 1) facts.bounces = notice.recipients;
    if (notice.outcome === 'bounce') return result([{ intent: 'BOUNCE', confidence: notice.confidence }], facts);
    // Delayed or delivered: an automated notice, not a bounce (RFC 3464 "delayed"/"delivered").
    if (first) first.action = 'delayed';
    return result([{ intent: 'AUTO_REPLY', confidence: notice.confidence }], facts);
  }

  const auto = readAutoReplyHeaders(email);
  const stripped = stripQuoted(text);
  const human = stripped.text || text.split('\n').filter((l) => !/^\s*>/.test(l)).join('\n').trim();
  facts.injectionSigns = findInjectionSigns(`${email.subject}\n${text}`);
  facts.sensitive = findSensitive(`${human}\n${stripped.signature}`);

  // A mail client's one-click unsubscribe (Apple Mail) or "unsubscribe" sent by a person is a stop
  // request even though some clients mark it Auto-Submitted.
  if (email.headers['x-apple-unsubscribe'] !== undefined || /^\s*((re|aw|sv)\s*:\s*)*(unsubscribe|remove me|stop)\s*$/i.test(email.subject)) {
    return result([{ intent: 'UNSUBSCRIBE', confidence: 0.95 }], facts);
  }

  facts.language = detectLanguage(human);
  // An automatic answer that names the day its sender is back is an absence, whatever else it says.
  const absence = mentionsAbsence(`${email.subject}\n${human}`) || ((auto.strongHeader || auto.subjectAuto || declaresAutomatic(human)) && human.length < 3000 && statesReturn(human, now, facts.language ?? null));
  // Gateways (Instantly among them) drop the headers: the text alone can say it was written by a machine.
  const automated = auto.strongHeader || auto.nullSenderResponder || auto.subjectAuto || declaresAutomatic(human) || isAutomatedText(human) || (auto.weakHeader && (auto.subjectOutOfOffice || absence));
  // A person's own auto-reply that is no organisation's acknowledgement is an absence (auto-reply.ts).
  // A dead or unattended mailbox is automatic, but nobody is away: AUTO_REPLY, never a cooling-off.
  // A mailbox "not monitored" by someone who says when they are back is theirs, and they are away.
  const unattended = isUnattendedMailbox(human) && !(absence && findReturnDate(human, now, facts.language ?? null) !== null);
  const outOfOffice = auto.vacationHeader || (!unattended && ((automated && (absence || auto.subjectOutOfOffice)) || (auto.subjectOutOfOffice && absence) || isPersonalAutoReply(auto, email.subject, human)));
  if (outOfOffice || (automated && (!absence || unattended))) {
    facts.returnDate = findReturnDate(`${email.subject}\n${human}`, now, facts.language);
    // "No longer with the company, please contact jane@…" in an auto-reply is still a lead.
    const others = otherAddresses(human, [email.from?.address ?? '', ...(input.ourAddresses ?? [])]);
    if (others.length && /no longer|left the company|not in use|has left|please contact|instead/i.test(human)) facts.referralEmail = others[0]!;
    const intents: IntentScore[] = [{ intent: outOfOffice ? 'OUT_OF_OFFICE' : 'AUTO_REPLY', confidence: outOfOffice ? (auto.strongHeader || auto.subjectAuto ? 0.95 : 0.88) : auto.strongHeader ? 0.9 : 0.8 }];
    if (facts.referralEmail) intents.push({ intent: 'REFERRAL', confidence: 0.7 });
    return result(intents, facts);
  }

  // What a reader sees, without lines that address an AI: the sender's message.
  const visible = withoutHiddenText(human);
  facts.redFlags = findRedFlags({ newText: visible, subject: email.subject, fullText: text, html: email.html });
  for (const f of facts.redFlags) {
    if (f.kind === 'injection' && !facts.injectionSigns.some((s) => s.kind === `red-flag-${f.where}`)) facts.injectionSigns.push({ kind: `red-flag-${f.where}`, excerpt: f.excerpt });
  }
  const stopFlag = facts.redFlags.find((f) => f.where === 'text' && STOP_FLAGS.includes(f.kind));
  const said = withoutInjectedLines(visible);
  const exclude = [email.from?.address ?? '', ...(input.ourAddresses ?? [])];
  // Amounts our quoted pitch named ("we offer €80") are ours when they restate them ("€80 works").
  const ourAmounts = findAmounts(stripped.repliedTo);
  const offers = extractOffers(said, ourAmounts);
  const addresses = otherAddresses(said, exclude);
  const senderDomain = (email.from?.address ?? '').split('@')[1]?.toLowerCase() ?? '';
  const colleagueAddresses = senderDomain ? addresses.filter((a) => a.endsWith(`@${senderDomain}`)) : [];
  const ranked = rankIntents({ text: said, subject: email.subject, offers, addresses, hasUrl: findUrls(said).length > 0, stop: stopFlag !== undefined, priceMentioned: statesPrice(said, ourAmounts), colleagueAddresses });

  // A person typing a short absence note without auto-reply headers, and saying nothing else (a
  // stand-in's address in it is no referral: "in my absence please contact …").
  // Also a short note with absence wording and a stated return ("Travelling until Thursday 10 December").
  const typedAbsence = isShortAbsenceNote(said) || (said.length < 500 && (PERSONAL_ABSENCE_ML.test(said) || (mentionsAbsence(said) && findReturnDate(said, now, facts.language ?? null) !== null)));
  if (typedAbsence && ranked.intents.every((i) => i.intent === 'OTHER' || i.intent === 'QUESTION' || i.intent === 'REFERRAL')) {
    facts.returnDate = findReturnDate(`${email.subject}\n${said}`, now, facts.language);
    return result([{ intent: 'OUT_OF_OFFICE', confidence: 0.8 }], facts);
  }

  facts.offers = offers;
  if (ranked.intents.some((i) => i.intent === 'LINK_PLACED')) {
    const ourDomains = (input.ourAddresses ?? []).map((a) => a.split('@')[1] ?? '').filter(Boolean);
    facts.linkUrl = placedLinkUrl(said, ranked.linkPhraseIndex, ourDomains);
  }
  if (ranked.intents.some((i) => i.intent === 'REFERRAL')) facts.referralEmail = colleagueAddresses[0] ?? addresses[0] ?? null;
  // A question about nothing we pitched is read as one, but not surely enough to be answered alone.
  const first = ranked.intents[0];
  if (first?.intent === 'QUESTION' && !aboutThePitch(said)) first.confidence = Math.min(first.confidence, OFF_PITCH_QUESTION_CONFIDENCE);
  return result(ranked.intents, facts);
}
