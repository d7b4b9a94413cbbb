/**
 * Automatic answers: RFC 3834 headers, the vendor headers (X-Autoreply, X-Autorespond,
 * Precedence, X-Auto-Response-Suppress), subject prefixes in several languages, and
 * challenge-response systems. Bounces carry some of the same headers (Postfix and Exim add
 * "Auto-Submitted: auto-replied"), so this is read only after the bounce checks.
 */
import type { ParsedEmail } from '../../ingest/types.ts';

export interface AutoReplySignals {
  /** Auto-Submitted (not "no"), X-Autoreply, X-Autorespond or Precedence: auto_reply. */
  strongHeader: boolean;
  /** Precedence bulk/junk/list or X-Auto-Response-Suppress: set on auto-replies but also on bulk mail. */
  weakHeader: boolean;
  /**
   * The mail answers ours automatically (RFC 3834 "auto-replied", X-Autoreply, X-Autorespond,
   * Precedence: auto_reply), as opposed to "auto-generated" notices and bulk mail.
   */
  repliedHeader: boolean;
  /** The subject says "automatic reply" in one of the languages (not a ticket or "thank you" subject). */
  subjectAutoReply: boolean;
  /** "Auto-Submitted: auto-replied (vacation)" (Sieve vacation) says out-of-office by itself. */
  vacationHeader: boolean;
  subjectAuto: boolean;
  subjectOutOfOffice: boolean;
  /**
   * Return-Path: <> with Precedence bulk/junk/list or X-Auto-Response-Suppress: an answer sent by a
   * responder (RFC 3834 3.3 asks auto-responders for the null reverse-path), not by a person's client.
   */
  nullSenderResponder: boolean;
}

const SUBJECT_OOO =
  /out of (the )?office|\booo\b|abwesenheit|außer haus|nicht im büro|vacation|on holiday|holiday|\baway\b|absence|absent|congés?|urlaub|fuera de la oficina|vacaciones|fuori (ufficio|sede)|in ferie|afwezig|vakantie|frånvarande|semester|fravær|poissa|férias|ausente|nieobecn|urlop|отпуск|returning|on leave|parental leave|maternity leave/i;

const SUBJECT_AUTO =
  /^(re:\s*|aw:\s*|sv:\s*)*(auto(matic|matische|matisk|matica|mated)?[ -]?(reply|response|respons|antwort|svar|antwoord|risposta|respuesta|r[ée]ponse|odpowied\w*)|auto:|autoreply|autoresponder|automatyczna odpowied\w*|r[ée]ponse automatique|risposta automatica|respuesta autom[aá]tica|automatisch antwoord|automatisk svar|autosvar|resposta autom[aá]tica|автоответ|thank you for (your|contacting)|we have received your|(your )?(request|ticket|case) (#|no\.?|number|id)|ticket (received|created)|\[(ticket|case|request)\b)|\((automatic (reply|response)|auto[- ]?reply)\)|\[auto[^\][]*\]|automatic reply|auto[- ]?reply|autoresponse|auto-response/i;

/**
 * The text says of itself that a machine wrote it, or that nobody reads the mailbox, or gives a
 * ticket number (nine languages). Read on the new text of mail that has no auto-reply headers:
 * many systems send none.
 */
const DECLARES_AUTOMATIC = new RegExp(
  [
    // English
    'this is an? (automated|automatic|auto-generated|automatically generated) (message|response|reply|e-?mail|notification)|^\\s*(automatic|automated|auto) (reply|response)\\b',
    '(this|the) (mailbox|inbox|e-?mail address|address) is (not|no longer) (being )?(monitored|read|checked)|replies to this (address|e-?mail|mailbox) (are|will) not (be )?(read|monitored)',
    "(are not|aren't|not|unable to|cannot|can't) (able to )?(reply|respond) to (every|each) (one|pitch|message|submission|e-?mail)|will not receive a personal reply|ticket (id|number|no\\.?|#)\\s*:?\\s*#?[a-z0-9][a-z0-9-]{2,}",
    // German, French, Spanish, Italian, Portuguese
    'dies ist eine automatisch|automatisch generierte|eingangsbestätigung|ticketnummer|ceci est une réponse automatique|message automatique|este es un (correo|mensaje) automático|esta es una respuesta automática|questa è una risposta automatica|messaggio automatico|esta é uma resposta automática|mensagem automática',
    // Dutch, Polish, Swedish
    'dit is een automatisch (antwoord|bericht|gegenereerd)|deze mailbox wordt niet (gelezen|gecontroleerd)|to jest automatyczna odpowied|wiadomość (została )?wygenerowana automatycznie|detta är ett automatiskt (svar|meddelande)|denna (brevlåda|e-?postadress) (läses|bevakas) inte',
  ].join('|'),
  'im',
);

export function declaresAutomatic(text: string): boolean {
  return DECLARES_AUTOMATIC.test(text.slice(0, 4000));
}

/** "Automatic reply" itself, in the nine languages and the usual client prefixes. */
const SUBJECT_AUTO_REPLY =
  /auto(matic|matische|matisk|matica|mated)?[ -]?(reply|response|respons|antwort|svar|antwoord|risposta|respuesta|r[ée]ponse|odpowied\w*)|^auto:|\bautoreply|autoresponder|automatyczna odpowied\w*|r[ée]ponse automatique|risposta automatica|respuesta autom[aá]tica|automatisch antwoord|automatisk svar|autosvar|resposta autom[aá]tica|автоответ|abwesenheitsnotiz/i;

/**
 * Wording of an organisation's acknowledgement, ticket system or unattended mailbox (nine
 * languages): such automatic answers are AUTO_REPLY, never an out-of-office.
 */
const ACKNOWLEDGEMENT = new RegExp(
  [
    // English
    "\\bticket\\b|\\b(case|request|reference|ticket) (#|no\\.?|number|id)|(received|receipt of) your (message|e-?mail|request|inquiry|enquiry|submission)|(has|have) been (received|logged|registered)|(is|are) (not|no longer) (being )?(monitored|read|checked|answered)|not (be )?(monitored|answered individually)|do not reply|don'?t reply|no-?reply|automated (message|response|reply|e-?mail)|automatically generated|auto-?generated|business (days|hours)|office hours|opening hours|customer (service|support|care)|help ?desk|submissions?\\b|thank you for contacting|thanks for contacting",
    // German, French, Spanish, Italian, Portuguese
    'eingangsbestätigung|automatisch (generiert|erstellt)|ihre anfrage|bien reçu|ne pas répondre|no respond[ae]s?|la sua richiesta|presa in carico',
    // Dutch, Polish, Swedish
    'niet gelezen|wordt niet|klantenservice|otrzymaliśmy|zgłoszeni|ärendenummer|kundtjänst',
  ].join('|'),
  'i',
);

/** An organisation speaking ("we", "our team", "wir", "nous", "hemos", …): an acknowledgement unless a person speaks too. */
const ORGANISATION_VOICE =
  /\b(we|we'?ve|we'?ll|we'?re|our team|our office|our support|contact us)\b|\bwir\b|\bunser|\bnous\b|\bnotre\b|\bnos\b|\bhemos\b|\bnuestr[oa]s?\b|\babbiamo\b|\bnostr[oaie]\b|\brecebemos\b|\bnoss[oa]s?\b|responderemos|\bequipe\b|\bwij\b|we hebben|\bonze\b|\bnasz[aey]?\b|\bvi har\b|\bvår[at]?\b/i;

/** A person speaking of themselves, nine languages ("I'm", "my", "ich", "je", "estoy", "sono", "ik", "jestem", "jag"). */
const FIRST_PERSON_I = /(?:^|[\s("“'])I(?:['’](?:m|ll|ve|d)\b|\s)/;
const FIRST_PERSON =
  /\b(?:my|me|myself)\b|(?<![\p{L}])(?:ich|mein(?:e|en|er|em)?|mich|mir|je|j['’]|moi|mon|mes|estoy|estaré|estare|me encuentro|sono|sarò|mio|mia|estou|estarei|encontro-me|meu|minha|ik|mijn|jestem|będę|przebywam|mnie|jag|mitt|mig)(?![\p{L}])/iu;
const speaksForSelf = (text: string) => FIRST_PERSON_I.test(text) || FIRST_PERSON.test(text);

/** Someone who left: their mailbox is dead, nobody is merely away. */
const DEPARTED =
  /no longer (work|with|at|employed|part of)|(have|has) left (the|our) (company|organi[sz]ation|team)|nicht mehr (bei|für|im unternehmen|tätig)|ne (travaille|fait) plus|ya no (trabajo|forma parte|estoy en)|non (lavoro|faccio) più|não (trabalho|faço) mais|(werk|ben) (ik )?niet meer|już nie (pracuję|jestem)|arbetar inte längre|har slutat/i;

/** The text reads as an organisation's acknowledgement or an unattended mailbox, not a person's absence. */
export function isAcknowledgement(subject: string, text: string): boolean {
  return ACKNOWLEDGEMENT.test(text) || ORGANISATION_VOICE.test(text) || ACK_SUBJECT.test(subject);
}

const ACK_SUBJECT = /^(re:\s*)*(thank you for|thanks for|we have received|\[?(ticket|case|request)\b)/i;

/**
 * A person's own automatic answer that is not an organisation's acknowledgement or ticket: an
 * out-of-office, even when it gives no reason ("I'm only sleeping", a lorem-ipsum vacation text).
 * Challenge-response is recognised before this. It is one when RFC 3834 says auto-replied (or
 * X-Autoreply, X-Autorespond, Precedence: auto_reply), or the subject says "automatic reply", or —
 * since Exchange and some gateways mark replies "auto-generated" — any auto-submitted mail in which a
 * person speaks of themselves ("I will answer when I can"). "We" alone is an organisation's voice;
 * "we" beside "I" is a person's ("I read everything, but we get a lot of mail").
 */
export function isPersonalAutoReply(signals: AutoReplySignals, subject: string, text: string): boolean {
  const head = text.slice(0, 4000);
  const defers = DEFERS_OWN_REPLY.test(head);
  // "Responderé", "odpowiem": the verb alone says who speaks.
  const person = (speaksForSelf(head) || defers) && !DEPARTED.test(head);
  const automatic = signals.repliedHeader || signals.subjectAutoReply || ((signals.strongHeader || signals.nullSenderResponder) && person);
  if (!automatic || ACKNOWLEDGEMENT.test(head)) return false;
  // "Thank you for your e-mail" is a help desk's subject, and a person's too: one who says they will
  // answer later themselves is not reading mail now.
  if (ACK_SUBJECT.test(subject) && !(defers && person && !ORGANISATION_VOICE.test(head))) return false;
  return !ORGANISATION_VOICE.test(head) || person;
}

/**
 * A person promising their own answer later, first person singular, nine languages ("I will
 * endeavour to reply as soon as possible", "ich melde mich so bald wie möglich", "je vous répondrai
 * dès que possible", "responderé", "risponderò", "responderei", "ik reageer zo snel mogelijk",
 * "odpowiem", "jag återkommer"). "We will get back to you" is an organisation's and is not here.
 */
const DEFERS_OWN_REPLY =
  /\bI(?:['’]ll| will| shall)? (?:endeavou?r to |try to |do my best to |aim to |attempt to )?(?:reply|respond|answer|get back to you|be in touch|return your (?:e-?mail|message))\b|\bich (?:werde|melde mich|antworte)\b[^.\n]{0,60}?(?:antworten|beantworten|melden|zurück|so bald|sobald|schnellstmöglich|baldmöglichst)|\bje (?:vous |te )?(?:répondrai|reviendrai vers|recontacterai)|\bje (?:vais|ferai de mon mieux pour) (?:vous |te )?répondre|(?<![\p{L}])(?:responderé|contestaré|me pondré en contacto|risponderò|ti ricontatterò|la ricontatterò|mi farò sentire|responderei|entrarei em contato|ik (?:reageer|antwoord|kom bij u terug|kom bij je terug)|ik zal\b[^.\n]{0,40}?(?:antwoorden|beantwoorden|reageren)|odpowiem|odpiszę|odezwę się|jag (?:återkommer|svarar|kommer att svara))(?![\p{L}])/iu;

export function readAutoReplyHeaders(email: ParsedEmail): AutoReplySignals {
  const h = email.headers;
  const autoSubmitted = (h['auto-submitted'] ?? '').trim().toLowerCase();
  const precedence = (h['precedence'] ?? '').trim().toLowerCase();
  const xAutoreply = (h['x-autoreply'] ?? '').trim().toLowerCase();
  const strongHeader =
    (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) ||
    (h['x-autoreply'] !== undefined && xAutoreply !== 'no') ||
    h['x-autorespond'] !== undefined ||
    /auto[_-]?reply/.test(precedence);
  const repliedHeader =
    autoSubmitted.startsWith('auto-replied') || (h['x-autoreply'] !== undefined && xAutoreply !== 'no') || h['x-autorespond'] !== undefined || /auto[_-]?reply/.test(precedence);
  const weakHeader = /^(bulk|junk|list)$/.test(precedence) || h['x-auto-response-suppress'] !== undefined;
  return {
    strongHeader,
    repliedHeader,
    subjectAutoReply: SUBJECT_AUTO_REPLY.test(email.subject),
    weakHeader,
    vacationHeader: /vacation/.test(autoSubmitted),
    subjectAuto: SUBJECT_AUTO.test(email.subject),
    subjectOutOfOffice: SUBJECT_OOO.test(email.subject),
    nullSenderResponder: weakHeader && h['return-path']?.trim() === '',
  };
}

const CHALLENGE = [
  /guest ?list|wait-?listed|pre-?approved|approved senders?|allowed (senders? )?list|white-?list|safe senders? list/i,
  /verify (that )?(you|your)|verify (yourself|themselves|your (e-?mail|address|identity))|senders? (to |must |need to |have to )?verify|verification (link|request|code|process)|complete the verification|confirm (that )?you( are|'re|’re)|prove (that )?you|not a (robot|spammer)|are (a )?human|real person|listed on my/i,
  /click (on )?(the|this) (link|button)|following link|visit the link|please (click|visit|reply)/i,
  /protected by|protect(ing)? (myself|my inbox|me) from (receiving )?(junk|spam)|spam ?arrest|boxbe|bluebottle|mailprotector|challenge[- ]response|sender verification|anti-?spam (system|service|protection|filter)|(spam|junk)[- ]?(filter|blocker)|is screened|screens? (email|mail)/i,
  /(has been|was|is being) (held|quarantined|waitlisted|placed on hold)|awaiting (your )?(verification|approval)|pending (verification|approval)|will not be delivered until|will be delivered (once|when|after)|(to get|for) your (message|e-?mail) (to be )?delivered|if you do not verify|(original )?message will be (deleted|discarded)/i,
];

/** Anti-spam "please verify you are human" replies (Boxbe, Bluebottle, Spamarrest and the like). */
export function isChallengeResponse(text: string): boolean {
  // Notices wrap lines anywhere ("allowed\nlist"): read them as one line.
  const flat = text.slice(0, 20_000).replace(/\s+/g, ' ');
  const hits = CHALLENGE.filter((re) => re.test(flat)).length;
  return hits >= 3;
}
