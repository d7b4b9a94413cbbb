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
  /** "Auto-Submitted: auto-replied (vacation)" (Sieve vacation) says out-of-office by itself. */
  vacationHeader: boolean;
  subjectAuto: boolean;
  subjectOutOfOffice: boolean;
}

const SUBJECT_OOO =
  /out of (the )?office|\booo\b|abwesenheit|außer haus|nicht im büro|vacation|on holiday|holiday|\baway\b|absence|absent|congés?|urlaub|fuera de la oficina|vacaciones|fuori (ufficio|sede)|in ferie|afwezig|vakantie|frånvarande|semester|fravær|poissa|férias|ausente|nieobecn|urlop|отпуск|returning|on leave|parental leave|maternity leave/i;

const SUBJECT_AUTO =
  /^(re:\s*|aw:\s*|sv:\s*)*(auto(matic|matische|matisk|matica|mated)?[ -]?(reply|response|respons|antwort|svar|antwoord|risposta|respuesta|r[ée]ponse|odpowied\w*)|auto:|autoreply|autoresponder|automatyczna odpowied\w*|r[ée]ponse automatique|risposta automatica|respuesta autom[aá]tica|automatisch antwoord|automatisk svar|autosvar|resposta autom[aá]tica|автоответ|thank you for (your|contacting)|we have received your|(your )?(request|ticket|case) (#|no\.?|number|id)|ticket (received|created)|\[(ticket|case|request)\b)|\((automatic (reply|response)|auto[- ]?reply)\)|\[auto[^\][]*\]|automatic reply|auto[- ]?reply|autoresponse|auto-response/i;

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
  const weakHeader = /^(bulk|junk|list)$/.test(precedence) || h['x-auto-response-suppress'] !== undefined;
  return {
    strongHeader,
    weakHeader,
    vacationHeader: /vacation/.test(autoSubmitted),
    subjectAuto: SUBJECT_AUTO.test(email.subject),
    subjectOutOfOffice: SUBJECT_OOO.test(email.subject),
  };
}

const CHALLENGE = [
  /guest ?list|wait-?listed|pre-?approved|approved senders?|allowed (senders? )?list|white-?list|safe senders? list/i,
  /verify (that )?(you|your)|verification (link|request|code)|confirm (that )?you( are|'re|’re)|prove (that )?you|not a (robot|spammer)|are (a )?human|real person|listed on my/i,
  /click (on )?(the|this) (link|button)|following link|visit the link|please (click|visit|reply)/i,
  /protected by|spam ?arrest|boxbe|bluebottle|mailprotector|challenge[- ]response|sender verification|anti-?spam (system|service|protection)|is screened|screens? (email|mail)/i,
  /(has been|was|is being) (held|quarantined|waitlisted|placed on hold)|awaiting (your )?(verification|approval)|pending (verification|approval)|will not be delivered until|will be delivered (once|when|after)/i,
];

/** Anti-spam "please verify you are human" replies (Boxbe, Bluebottle, Spamarrest and the like). */
export function isChallengeResponse(text: string): boolean {
  // Notices wrap lines anywhere ("allowed\nlist"): read them as one line.
  const flat = text.replace(/\s+/g, ' ');
  const hits = CHALLENGE.filter((re) => re.test(flat)).length;
  return hits >= 3;
}
