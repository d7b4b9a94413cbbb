/**
 * The intent of a human reply, read from its new text only (quotes and signature removed). Each
 * rule group scores one intent; `rankIntents` orders them by the precedence the CRM effects need
 * (a request to stop always wins) and lowers confidence when the text pulls in two directions.
 */
import type { Intent, IntentScore, Offer } from '../types.ts';
import { anyMatch, wordRegex } from './word-regex.ts';
import { MAX_CLASSIFIED_CHARS } from './normalize-text.ts';
import { concedesThenRefuses, declineIndex, withoutConcession, withoutNegatedInterest } from './decline.ts';
import { CURIOUS_ML, FUTURE_OR_CONDITION_ML, INTERESTED_ML, LINK_PLACED_ML, MAYBE_ML, NOT_INTERESTED_ML, PAID_TERMS, REFERRAL_WORDS_ML } from './intent-lexicon.ts';

export const UNSUBSCRIBE_RE =
  /\bunsubscribe\b|\bopt(ed)?[- ]?out\b|\bremove (me|us|my (e-?mail|address|details|name|data|contact)|our (e-?mail|address|details)|this (e-?mail|address))\b|\btake (me|us|my (e-?mail|address)) off\b|\bstop (e-?mailing|emailing|contacting|sending|spamming|messaging|writing|bothering)\b|\b(do not|don't|dont|never|please don't) (e-?mail|contact|write( to)?|message|spam|bother) (me|us|this address)\b|\bno (more|further) (e-?mails?|emails?|messages|contact|outreach)\b|\bleave (me|us) alone\b|\b(report|reporting|reported|flag|flagging|mark|marking|marked)\s+(you|this|it|your (e-?mails?|messages?|domain|agency))?\s*(as|for|to)\s+(spam|junk|abuse)|\breport(ing)? (you|this|your \w+) to (google|gmail|spamhaus|your (host|provider|isp)|the (authorities|ico|ftc))|\bstop spamming\b|\bthis is spam\b|\bgdpr\b|\bdelete (all )?(my|our) (data|details|e-?mail|information|personal data)\b|\bnever (signed|opted) up\b|\bcease and desist\b|\bblacklist(ed)? (you|your)|désinscri|désabonn|ne (plus )?(m'|nous )?(écrivez|contactez)|abmelden|keine (weiteren )?(e-?mails|nachrichten|werbung)|nicht mehr (kontaktieren|anschreiben|schreiben)|non (contattarmi|scrivermi|contattateci)|cancellami|no me (escrib|contact|vuelva)|darme de baja|dar de baja|verwijder (mij|me|ons)|afmelden|stuur (me|ons) geen/i;
const STOP_ALONE = /^\s*(stop|unsubscribe|remove|remove me|spam|baja|abmelden|austragen|afmelden|d[ée]sinscription|disiscrivimi|descadastrar|wypisz|avregistrera)[\s.!]*$/i;
const HOSTILE_QUESTION = /\bhow did you get (my|this|our) (e-?mail|address|contact)|\bwho gave you (my|this) (e-?mail|address)/i;

const NOT_INTERESTED_RE =
  /\bnot interested\b|\bno,? thanks?\b|\bno thank you\b|\bthanks,? but no\b|\b(we|i) ?('ll| will) pass\b|\bpass on (this|that|it)\b|\b(not|isn't|is not|wouldn't be|won't be) (a (good |great )?|the right )?fit\b|\bnot (to )?(move|go|moving|going) forward\b|\bnot (to )?proceed\b|\bwon't be (moving|proceeding)\b|\bnot for us\b|\b(we|i) (do not|don't|dont|no longer|never|won't|will not|cannot|can't) (accept|do|offer|sell|publish|allow|take|work with|provide|want|need|feature|host)\b|\b(we|i) (are|'re|am) not (accepting|interested|able|looking|open|doing|offering|selling|taking)\b|\bnot (accepting|open to|doing|offering|selling|taking) (any )?(guest|sponsored|paid|link|new|outside|external|backlink|collaboration|partnership|submission)|\bdecline\b|\bno (paid|sponsored|guest) (links|posts|content|articles)\b|\bno longer (accept|offer|do|publish|sell)|\bwe('re| are) (all )?set\b|\bnot at (this|the) (moment|time)\b|\bnot right now\b|\bmaybe (later|another time|in the future|next year)\b|\bkein interesse\b|\bnicht interessiert\b|\bpas intéress|\bnon (siamo |sono )?interessat|\bno (estamos |estoy )?interesad|\bgeen interesse\b|\bikke interesse|\bnot something (we|i) (do|offer)\b|\bunfortunately,? (we|i) (can't|cannot|can not|won't|don't|do not)\b|\bdoes(n't| not) (fit|match|suit)\b|\bnot relevant\b|\bnot possible\b/i;

const INTERESTED_RE =
  /\bsounds? (good|great|interesting|fine|perfect|ok|okay)\b|(?<!not |n't |no )\binterested\b|\bhappy to (help|publish|add|include|take|have|accept|work|review|consider|do|feature|host|go)\b|\bglad to\b|\bwould (love|be happy|be glad|like) to\b|(?<!(can|could|would|will) you )\b(please )?(send|share|shoot) (it|me|us|over|the|your|them)\b|\bgo ahead\b|\blet'?s (do it|go|proceed|move forward|work)\b|^\s*(yes|yeah|yep|sure|ok|okay|absolutely|definitely|of course)\b|\bcount (me|us) in\b|\bworks for (me|us)\b|\b(it's a )?deal\b|(?:^|[\n.!]\s*)agreed\b|\bthat works\b|\blooking forward\b|\bwe (accept|welcome) (guest|sponsored)|\bopen to (it|this|that|guest|collaborat|partner)|\bfeel free to (send|share)\b|\b(i|we) can (do|add|publish|include|place|offer)\b|\bgerne\b|\bvolontiers\b|\bavec plaisir\b|\bcon gusto\b|\bvolentieri\b|\bgraag\b|^\s*(ja|oui|sí|si|certo|claro)(?=[\s,.!]|$)|\b(once|when|as soon as) (it|the (article|post|link|piece)) (is|goes) (live|published|up)\b/im;
const STRONG_AGREEMENT = /\bsounds? (good|great|perfect)\b|\bgo ahead\b|\blet'?s (do it|go|proceed)\b|^\s*(yes|sure|absolutely|ok|okay)\b|\bhappy to (?!consider|review|look|take a look|have a look|discuss|hear|chat|talk)|\bworks for (me|us)\b|\bdeal\b|(?:^|[\n.!]\s*)agreed\b|\bcount (me|us) in\b|\bwe (accept|welcome) (guest|sponsored)|(?<!not |n't |no )\b(i'?m|we'?re|i am|we are|but|very|definitely|really) interested\b|(?<!(can|could|would|will) you )\b(please )?(send|share) (it|over|me|us|the)\b/im;

const QUESTION_RE =
  /\?|¿|\b(let me know|please (advise|clarify|tell me|explain|confirm)|i('d| would) like to know|wondering (if|whether|what|how)|can you (tell|send|share|clarify|explain)|could you (tell|send|share|clarify|explain))\b/i;

const LINK_PLACED_RE =
  /(?:^|\n)\s*(published|live|now live)\b|\b(is|are|it'?s|its|was|were|went|now|has been|have been|got)\s+(now\s+|already\s+|finally\s+)?(live|published|online|up(?!\s+to\b))\b|\b(link|links|post|article|backlink|mention|url|piece|insertion|edit)\s+(is|are|has been|have been|was|were)\s+(now\s+|already\s+)?(added|placed|inserted|live|published|up|included|updated|done|complete|completed)\b|\b(i'?ve|i have|we'?ve|we have|just|i|we)\s+(just\s+|now\s+|already\s+)?(added|placed|inserted|published|included|updated|put|posted)\s+(your|the|a|it|that|both)\b|\bhere('s| is)\s+the\s+(live\s+)?(link|url|post|article)\b|\b(you can|you'll) (now )?(find|see|view|check) (it|the (post|article|link|page))\b|\b(ist|wurde)\s+(jetzt\s+|nun\s+)?(online|veröffentlicht|eingefügt|eingebaut)\b|\best\s+(maintenant\s+|désormais\s+)?(en ligne|publié)|\b(está|ha sido|fue)\s+publicad|\bè\s+(stato\s+)?(pubblicato|online)|\bis\s+(nu\s+)?(online|gepubliceerd|geplaatst)\b/i;
// "Once it is live I'll send the link" is a promise, not a placement.
const FUTURE_OR_CONDITION = /\b(once|when|as soon as|if|after|before|until|will|would|shall|going to|should|soon)\b|'ll\b/i;

const REFERRAL_RE =
  /\b(contact|reach out to|reach|e-?mail|write to|speak (to|with)|talk to|get in touch with|forward(ed|ing)?|cc'?d|cc'?ing|copied|copying|loop(ed|ing)? in|handles?|manages?|in charge of|responsible for|(right|best|correct) (person|contact)|colleague|coworker|co-worker|editor|partnerships?|department|no longer (with|at|work|handle|manage|responsible)|has left|left the company|moved on|instead|please (use|write to|send)|deals? with|looks? after|takes? care of|manager|team|desk|wenden sie sich an|wende dich an|kontaktieren sie|contactez|contacta|contatta|neem contact)\b/i;

/** "Usually", "in principle", nine languages: what follows is a house rule, open to exceptions. */
const SOFTENED_RULE = wordRegex([
  '\\b(?:normally|usually|generally|typically|as a rule|in principle|in general)\\b',
  '\\b(?:eigentlich|normalerweise|grunds[äa]tzlich|in der regel|[üu]blicherweise)\\b',
  "\\b(?:en principe|normalement|d'habitude|en g[ée]n[ée]ral|g[ée]n[ée]ralement)\\b",
  '\\b(?:normalmente|en principio|por lo general|generalmente|habitualmente|en general)\\b',
  '\\b(?:di solito|in genere|in linea di principio|di norma|solitamente)\\b',
  '\\b(?:normalmente|em princ[íi]pio|geralmente|em geral|por via de regra)\\b',
  '\\b(?:normaal gesproken|normaliter|eigenlijk|doorgaans|in principe|meestal)\\b',
  '\\b(?:zazwyczaj|zwykle|normalnie|w zasadzie|z zasady|generalnie)\\b',
  '\\b(?:vanligtvis|normalt|egentligen|i regel|i princip|oftast)\\b',
]);

// What a question about the collaboration is about, in the nine languages.
const OUTREACH_TOPIC = wordRegex([
  '\\b(?:articles?|posts?|guest|links?|backlinks?|anchor|drafts?|topics?|subject|content|piece|words?|images?|dofollow|nofollow|sponsored|publish\\w*|payment|invoice|price|rates?|fees?|cost|budget|clients?|niche|deadline|url|pages?|placements?|exchange|dr(?= of|\\?| score| rating)|domain (?:rating|authority)|traffic|write|writing|written|collaborat\\w*|partnership|proposal|offer\\w*|how much)\\b',
  // Whether and how much they would be paid, nine languages ("do you pay", "quanto pagate?", "wie viel zahlen Sie?")
  '\\b(?:(?:do|will|would) you (?:pay|offer)|you pay|is (?:it|this) paid)\\b', '\\b(?:zahlen sie|bezahlen sie|zahlt ihr|bezahlt ihr)\\b', '\\b(?:payez|vous payez)\\b',
  '\\b(?:pag[áa]is|pagan|pagate|pagam|pagar[áa]o)\\b', '\\b(?:betalen jullie|betaalt u|betaal je)\\b', '\\b(?:p[łl]acicie|zap[łl]acicie|p[łl]ac[ąa])\\b', '\\b(?:betalar ni|betalar du)\\b',
  '\\b(?:artikel\\w*|beitr[äa]g\\w*|gastbeitr[äa]g\\w*|links?|ankertext\\w*|thema|themen|text\\w*|preis\\w*|kosten|ver[öo]ffentlich\\w*|kunde|kunden|auftraggeber\\w*|angebot\\w*|wie ?viel|kennzeichn\\w*|werbung|anzeige)\\b',
  "\\b(?:articles?|liens?|ancres?|sujets?|textes?|prix|tarifs?|co[ûu]ts?|publi\\w*|clients?|r[ée]daction|propositions?|combien|publicit[ée]|sponsoris\\w*)\\b",
  '\\b(?:art[íi]culos?|enlaces?|anclas?|temas?|textos?|precios?|tarifas?|costes?|public\\w*|clientes?|propuestas?|cu[áa]nt[oa]s?|patrocinad\\w*)\\b',
  '\\b(?:articol[oi]|link|ancora|argoment[oi]|test[oi]|prezz[oi]|tariff[ae]|cost[oi]|pubblic\\w*|client[ei]|propost[ae]|quant[oiae]|sponsorizzat\\w*)\\b',
  '\\b(?:artigos?|links?|[âa]ncoras?|temas?|textos?|pre[çc]os?|valor|custos?|public\\w*|clientes?|propostas?|quant[oa]s?|patrocinad\\w*)\\b',
  '\\b(?:artikel\\w*|links?|ankertekst|onderwerp\\w*|tekst\\w*|prijs|prijzen|tarie\\w*|kosten|publice\\w*|klant\\w*|voorstel\\w*|hoeveel|gesponsord\\w*|advertorial)\\b',
  '\\b(?:artyku[łl]\\w*|wpis\\w*|link\\w*|anchor|temat\\w*|tekst\\w*|cen[aęy]|koszt\\w*|publik\\w*|klient\\w*|propozycj\\w*|ile|sponsorowan\\w*)\\b',
  '\\b(?:artikel\\w*|inl[äa]gg\\w*|l[äa]nk\\w*|ankartext\\w*|[äa]mne\\w*|text\\w*|pris\\w*|kostnad\\w*|public\\w*|kund\\w*|f[öo]rslag\\w*|hur mycket|sponsrad\\w*)\\b',
  // Which site or page, labelled as an ad, one-off or ongoing, what is in it for them (nine languages).
  // "What is it about?", nine languages: the pitch itself.
  "\\bwhat(?:'s| is) (?:it|this) (?:about|for)\\b", '\\bworum geht es\\b', "\\bde quoi (?:s['’]agit|il s['’]agit)", '\\bde qu[ée] (?:se )?trata\\b', '\\bdi (?:che )?cosa si tratta\\b', '\\bdo que se trata\\b', '\\bwaar gaat het (?:over|om)\\b', '\\bo co chodzi\\b', '\\bvad (?:g[äa]ller|handlar) det\\b',
  '\\b(?:what|which) (?:kind of |type of |sort of )?(?:site|website|page|blog|brand|company)\\b', '\\b(?:label(?:l?ed)?|disclos\\w*|marked) as (?:an? )?(?:ad|advert\\w*|sponsored|paid|partner\\w*)\\b', '\\b(?:one-?off|ongoing|long-?term|recurring|permanent(?:ly)?)\\b', '\\bin it for (?:us|me)\\b',
  '\\b(?:welche|was f[üu]r (?:eine?)?) ?(?:seite|website|webseite|marke|firma)\\b', '\\b(?:quel(?:le)?|pour quel(?:le)?) (?:site|page|marque|entreprise)\\b', '\\bqu[ée] (?:sitio|web|p[áa]gina|marca|empresa)\\b', '\\b(?:quale|che) (?:sito|pagina|marchio|azienda)\\b', '\\b(?:qual|que) (?:site|p[áa]gina|marca|empresa)\\b', '\\bwelke (?:site|pagina|website|merk|bedrijf)\\b', '\\b(?:jak(?:a|iej|i)|kt[óo]r(?:a|ej|y)) (?:stron\\w*|mark\\w*|firm\\w*)\\b', '\\bvilk(?:en|et) (?:sajt|sida|webbplats|varum[äa]rke|f[öo]retag)\\b',
]);

export interface HumanSignals {
  text: string;
  subject: string;
  offers: Offer[];
  /** Other people's addresses in the reply (not the sender's, not ours). */
  addresses: string[];
  hasUrl: boolean;
  /** A red flag that means "stop contacting us" (a complaint, an erasure or a do-not-contact request). */
  stop?: boolean;
  /** An amount of theirs is stated even if it is no single price (a range, a lower bound, a package). */
  priceMentioned?: boolean;
  /** Other addresses on the sender's own domain: a colleague, whatever the wording. */
  colleagueAddresses?: string[];
}

export interface RankedIntents {
  intents: IntentScore[];
  /** Where the "link is live" phrase was found, to pick the URL beside it. */
  linkPhraseIndex: number | null;
}

/** "Stop." alone, or under a greeting line ("Hi Laura,\n\nStop."): a short reply that is only a stop word. */
function stopAlone(text: string): boolean {
  if (STOP_ALONE.test(text)) return true;
  const lines = text.slice(0, 400).split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length <= 3 && lines.some((l) => STOP_ALONE.test(l));
}

function sentences(text: string): { s: string; index: number }[] {
  const out: { s: string; index: number }[] = [];
  const re = /[^.!?\n]+[.!?]*/g;
  for (const m of text.matchAll(re)) out.push({ s: m[0], index: m.index });
  return out;
}

function linkPlacedAt(text: string): number | null {
  for (const { s, index } of sentences(text)) {
    const m = LINK_PLACED_RE.exec(s) ?? LINK_PLACED_ML.exec(s);
    if (!m) continue;
    const before = s.slice(0, m.index + m[0].length);
    if (!FUTURE_OR_CONDITION.test(before) && !FUTURE_OR_CONDITION_ML.test(before)) return index + m.index;
  }
  return null;
}

function firstIndex(text: string, res: RegExp[]): number {
  return Math.min(...res.map((re) => re.exec(text)?.index ?? Infinity));
}

export function rankIntents(h: HumanSignals): RankedIntents {
  // Bounded here too, whoever calls: the phrase lists are long, and a reply's intent is in its first 32 KB.
  const t = h.text.slice(0, MAX_CLASSIFIED_CHARS);
  const subject = h.subject.replace(/^\s*((re|aw|sv|fw|fwd|tr|wg)\s*:\s*)+/i, '');
  const scores = new Map<Intent, number>();
  const set = (i: Intent, c: number) => scores.set(i, Math.max(scores.get(i) ?? 0, c));

  if (h.stop || UNSUBSCRIBE_RE.test(t) || stopAlone(t) || STOP_ALONE.test(subject)) set('UNSUBSCRIBE', 0.95);
  else if (HOSTILE_QUESTION.test(t)) set('UNSUBSCRIBE', 0.7);
  const linkPhraseIndex = linkPlacedAt(t);
  if (linkPhraseIndex !== null) set('LINK_PLACED', h.hasUrl ? 0.93 : 0.75);
  // The decline lists are long (a fifth of the rules' CPU went to testing the same text with them three
  // times): read once where they first match, then ask the index.
  const stockPhraseAt = firstIndex(t, [NOT_INTERESTED_RE, ...NOT_INTERESTED_ML]);
  const stockPhrase = stockPhraseAt !== Infinity;
  if (h.offers.length) set('PRICE_QUOTE', 0.92);
  else if (h.priceMentioned) set('PRICE_QUOTE', 0.85);
  else if (PAID_TERMS.test(t) && !stockPhrase) set('PRICE_QUOTE', 0.8);
  const referralWords = REFERRAL_RE.test(t) || REFERRAL_WORDS_ML.test(t);
  if (h.addresses.length && referralWords) set('REFERRAL', 0.9);
  else if (h.colleagueAddresses?.length) set('REFERRAL', 0.85);
  // An address with no referral wording ("send the draft to ed@site.com") is kept as a secondary reading.
  const looseAddress = h.addresses.length > 0 && !scores.has('REFERRAL');
  const declineAt = declineIndex(t);
  const stockDecline = stockPhrase || concedesThenRefuses(t);
  const notInterested = stockDecline || declineAt >= 0;
  // A stock phrase ("not interested", "nein danke") is surer than a refusal read from its shape.
  if (notInterested) set('NOT_INTERESTED', stockDecline ? 0.92 : 0.85);
  // "Not something we'd be interested in", "not open to": interest words under a negation are no yes.
  const ti = withoutConcession(withoutNegatedInterest(t));
  const interestedMl = anyMatch(ti, INTERESTED_ML);
  const interested = INTERESTED_RE.test(ti) || interestedMl || CURIOUS_ML.test(ti);
  // The other languages' phrases are explicit agreement ("gerne", "pode mandar"), as strong as "sounds good".
  // "Why not" / "maybe" beside a question asks first ("Pourquoi pas, mais quel est le sujet ?").
  // A hedged yes likewise ("yes, possibly — what's the word count?", "grundsätzlich ja, aber …?").
  const tiStrong = QUESTION_RE.test(ti) ? ti.replace(MAYBE_ML, (m) => ' '.repeat(m.length)) : ti;
  const strong = STRONG_AGREEMENT.test(tiStrong) || (tiStrong === ti ? interestedMl : anyMatch(tiStrong, INTERESTED_ML));
  if (interested) set('INTERESTED', strong ? 0.9 : 0.82);
  const question = QUESTION_RE.test(t);
  if (question) set('QUESTION', 0.85);
  // A question beside a refusal read only from its shape ("Is this for a casino? We don't link to
  // those") asks before deciding: QUESTION first, at a confidence a human has to confirm.
  // A stock refusal softened by "usually" ("Eigentlich veröffentlichen wir keine Gastartikel. Um
  // welchen Kunden geht es?", "en principe nous n'acceptons pas …") is a house rule, not the answer.
  const softened = question && stockDecline && SOFTENED_RULE.test(t);
  const askingFirst = question && notInterested && (!stockDecline || softened) && !interested;
  // A yes that comes first and then sets a limit ("Sure! We don't take casino links though") is a
  // conditional yes; a no that comes first is a no. Either way the mix keeps confidence low (below).
  const declineFirst = Math.min(stockPhraseAt, declineAt >= 0 ? declineAt : Infinity);
  // Asked first, the refusal is a condition of the answer ("Is the anchor negotiable? I'm not keen
  // on exact-match anchors"); refused first, a human reads it before anything is sent.
  const refusedBeforeAsking = askingFirst && declineFirst < firstIndex(t, [QUESTION_RE]);

  const order: Intent[] = ['UNSUBSCRIBE', 'LINK_PLACED', 'PRICE_QUOTE', 'REFERRAL', 'NOT_INTERESTED', 'INTERESTED', 'QUESTION'];
  // A refusal read only from its shape ("I don't charge for this kind of thing … happy to publish
  // it") gives way to explicit agreement wherever it stands; the mix still caps confidence below.
  if (notInterested && interested && strong && (!stockDecline || firstIndex(ti, [INTERESTED_RE, ...INTERESTED_ML]) < declineFirst)) {
    order.splice(order.indexOf('NOT_INTERESTED'), 1);
    order.splice(order.indexOf('INTERESTED') + 1, 0, 'NOT_INTERESTED');
  }
  if (askingFirst) {
    order.splice(order.indexOf('QUESTION'), 1);
    order.splice(order.indexOf('NOT_INTERESTED'), 0, 'QUESTION');
  }
  let present = order.filter((i) => scores.has(i));
  if (looseAddress) {
    if (!present.length) return { intents: [{ intent: 'OTHER', confidence: 0.5 }, { intent: 'REFERRAL', confidence: 0.45 }], linkPhraseIndex };
    scores.set('REFERRAL', 0.6);
    present.push('REFERRAL');
  }
  // Interest with a question: agreement words make it INTERESTED, otherwise they are asking first.
  if (interested && question && !strong) present = present.filter((i) => i !== 'QUESTION').flatMap((i) => (i === 'INTERESTED' ? ['QUESTION', 'INTERESTED'] : [i])) as Intent[];
  if (!present.length) return { intents: [{ intent: 'OTHER', confidence: t.trim() ? 0.5 : 0.3 }], linkPhraseIndex };

  // A question about something other than the collaboration ("can you fix my site?") is not a
  // question before deciding: nothing here to answer alone.
  if (present[0] === 'QUESTION' && present.length === 1 && !OUTREACH_TOPIC.test(t)) {
    return { intents: [{ intent: 'OTHER', confidence: 0.6 }, { intent: 'QUESTION', confidence: 0.55 }], linkPhraseIndex };
  }
  const primary = present[0]!;
  let confidence = scores.get(primary)!;
  // Mixed signals: a no next to a yes, or a stop request next to anything else.
  const conflicting =
    (notInterested && interested && primary !== 'UNSUBSCRIBE') ||
    (primary === 'UNSUBSCRIBE' && (interested || h.offers.length > 0) && confidence < 0.95) ||
    (primary === 'NOT_INTERESTED' && h.offers.length > 0);
  if (conflicting || refusedBeforeAsking) confidence = Math.min(confidence, 0.65);
  if (primary === 'INTERESTED' && question) confidence = Math.min(confidence, 0.85);
  if (t.trim().length < 4) confidence = Math.min(confidence, 0.6);
  const intents: IntentScore[] = [{ intent: primary, confidence }];
  for (const i of present.slice(1)) intents.push({ intent: i, confidence: Math.min(scores.get(i)!, confidence - 0.05) });
  return { intents, linkPhraseIndex };
}
