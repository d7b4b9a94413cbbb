/**
 * Declines written without a stock phrase, in the nine languages. People rarely say "not
 * interested": they say what they do not do ("we don't run sponsored content", "wir nehmen keine
 * externen Artikel an", "non è il genere di contenuti che pubblichiamo") or thank and then refuse
 * ("merci, mais nous ne sommes pas preneurs"). Two shapes, read per sentence, never in a question:
 *
 * - a negation followed, in the same sentence, by what we pitch (guest posts, links, sponsored or
 *   outside content, collaborations) — `NEGATED_OFFER`;
 * - thanks, then "but", then a negation — `THANKS_BUT_NO`.
 *
 * And interest words under a negation ("this isn't something we'd be interested in", "we're not
 * open to guest contributions") are removed before interest is looked for (`withoutNegatedInterest`).
 * Every pattern is an alternation with bounded gaps (linear: see word-regex.ts).
 */
import { wordRegex } from './word-regex.ts';

/** Negations, nine languages. "no" only before a noun-like word, not "no problem". */
const NEG_WORDS = [
  'not|never|no longer|nothing|none|no',
  'nicht|nichts|kein\\w{0,3}|nie(?:mals)?',
  "pas|aucun\\w{0,2}|jamais|rien|n['’][a-zé]{2,20} plus|ne [a-zé]{2,20} plus",
  'nunca|ning[úu]n\\w{0,2}|nada',
  'non|nessun\\w{0,2}',
  'n[ãa]o|nenhum\\w{0,2}',
  'niet|geen|nooit',
  '[żz]adn\\w{0,3}',
  'inte|inga|inget|aldrig',
].join('|');
/**
 * Not a refusal: "no problem", "kein Problem", "not only", "nie tylko", "no more than two links" (but
 * "niet meer", "nicht mehr" alone are "no longer": a refusal).
 */
const NEG = `(?:\\b(?:${NEG_WORDS})|n't|n’t)(?![^.!?\\n]{0,8}(?:problem|probl[èe]m|worr|sorg|souci|hay problema))(?!\\s(?:only|just|nur|seulement|solo|s[óo]|alleen|tylko|bara)\\b)(?!\\s(?:more|less|fewer|mehr|weniger|plus|moins|m[áa]s|menos|pi[ùu]|meno|mais|meer|minder|wi[ęe]cej|mniej|mer|mindre)\\s(?:than|als|que|de|di|do|dan|ni[żz]|[äa]n|as)\\b)(?!\\slater\\s)`;

/** What we pitch, as the objects of a refusal, and what it must suit (our niche, our readers). */
const OFFER_WORDS = [
  'commercial|promotional|affiliate\\w*|advertis\\w*|kommerziell\\w*|commerciaux|commerciales?|commercial[ei]|comerciais|commerci[ëe]le|komercyjn\\w*|kommersiell\\w*|niche|audience|readers|readership|editorial\\w*|scope|remit|thema|themen|thematisch|zielgruppe|leser\\w*|redaktion\\w*|ligne [ée]ditoriale|th[ée]matique|lecteurs|l[íi]nea editorial|tem[áa]tica|lectores|linea editoriale|lettori|linha editorial|leitores|p[úu]blico|doelgroep|lezers|tematyk\\w*|czytelnik\\w*|profil\\w*|l[äa]sare|m[åa]lgrupp\\w*|inriktning',
  'guest ?posts?|guest (?:articles?|contributions?|content|blogs?|authors?)|contributions?|sponsored|paid|advertori\\w+|links|(?:an?|any|the|your|such|external|outbound|paid|sponsored|dofollow|follow) link|backlinks?|link (?:exchanges?|insertions?|placements?)|placements?|outside|external|third[- ]party|outreach|pitch\\w*|submissions?|collaborations?|partnerships?|(?:this|that|such) (?:kind|type|sort) of|content',
  'gastbeitr\\w*|gastartikel\\w*|artikel\\w*|beitr[äa]ge\\w*|links?|backlinks?|verlinkung\\w*|externe\\w*|bezahlte\\w*|gesponserte\\w*|werbung|kooperation\\w*|zusammenarbeit|anfragen|fremd\\w*',
  'articles?|liens?|backlinks?|contenus?|sponsoris\\w*|invit[ée]s?|partenariats?|collaborations?|publicit\\w*|r[ée]dactionnels?|ce (?:genre|type) de',
  'art[íi]culos?|enlaces?|contenidos?|patrocinad\\w*|colaboraci\\w*|invitad\\w*|publicidad|terceros|este tipo de',
  'articol\\w*|link|contenut\\w*|sponsorizzat\\w*|collaborazion\\w*|ospit\\w*|pubblicit\\w*|guest post|questo (?:genere|tipo) di|il genere di',
  'artigos?|links?|conte[úu]dos?|patrocinad\\w*|parcerias?|colabora[çc]\\w*|publicidade|convidad\\w*|terceiros|esse tipo de|este tipo de',
  'artikel\\w*|links?|content|gesponsord\\w*|betaalde|samenwerking\\w*|gastblog\\w*|advertorial\\w*|extern\\w*',
  'artyku[łl]\\w*|link\\w*|tre[śs]ci|sponsorowan\\w*|wsp[óo][łl]prac\\w*|go[śs]cinn\\w*|reklam\\w*|p[łl]atn\\w*',
  'artiklar|inl[äa]gg|l[äa]nkar|l[äa]nk|sponsrad\\w*|samarbet\\w*|g[äa]st\\w*|annons\\w*|betald\\w*|den typen av',
].join('|');

const NEGATED_OFFER = wordRegex(`${NEG}\\b[^.!?\\n]{0,60}?\\b(?:${OFFER_WORDS})\\b`);

/**
 * The object first, then the refusal: "Gastbeiträge veröffentlichen wir nicht", "Gesponsorde
 * artikelen plaatsen wij niet", "Sponsrade inlägg publicerar vi inte" (a verb, then the inverted
 * subject, then the negation), "Les articles sponsorisés, on ne fait pas", "Articoli sponsorizzati
 * non ne pubblichiamo", "Artykułów sponsorowanych nie publikujemy" (a first-person verb after the
 * negation). English puts the subject first, so "the link we added is not live" is never read here.
 */
const TOPIC_FIRST = wordRegex(
  `\\b(?:${OFFER_WORDS})\\b[^.!?\\n]{0,40}?(?:${[
    // de, nl, sv: a verb, the inverted subject, up to two words, the negation
    '\\s[^\\s.!?]{2,20}\\s(?:wir|ich)\\s(?:[^\\s.!?]{1,20}\\s){0,2}(?:nicht|keine?\\w{0,2}|nie(?:mals)?)\\b',
    '\\s[^\\s.!?]{2,20}\\s(?:wij|we|ik)\\s(?:[^\\s.!?]{1,20}\\s){0,2}(?:niet|geen|nooit)\\b',
    '\\s[^\\s.!?]{2,20}\\s(?:vi|jag)\\s(?:[^\\s.!?]{1,20}\\s){0,2}(?:inte|inga|inget|aldrig)\\b',
    // fr: "on ne fait pas", "nous n'en publions pas"
    "\\b(?:on|nous|je)\\s(?:ne\\s|n['’])(?:en\\s)?[^\\s.!?]{2,20}\\s(?:[^\\s.!?]{1,20}\\s)?(?:pas|plus|jamais)\\b",
    // it, es/pt, pl: the negation, then a first-person verb
    '\\bnon\\s(?:ne\\s|li\\s|le\\s)?[^\\s.!?]{2,20}(?:iamo|o)\\b',
    '\\b(?:no|n[ãa]o)\\s(?:los\\s|las\\s|lo\\s|la\\s|os\\s|as\\s)?[^\\s.!?]{2,20}(?:amos|emos|imos)\\b',
    '\\bnie\\s[^\\s.!?]{2,20}(?:emy|imy|amy|ujemy)\\b',
  ].join('|')})`,
);

const THANKS = [
  'thanks?|thank you|appreciate\\w*|kind of you|grateful',
  'danke|vielen dank|besten dank',
  'merci',
  'gracias|agradezco|agradecemos',
  'grazie|ringrazio|ringraziamo',
  'obrigad[oa]s?|agrade[çc]o',
  'bedankt|dank je|dank u|dankjewel',
  'dzi[ęe]kuj[ęe]|dzi[ęe]kujemy|dzi[ęe]ki',
  'tack',
].join('|');
const BUT = 'but|however|aber|jedoch|mais|pero|sin embargo|ma|per[òo]|mas|por[ée]m|maar|ale|jednak|men';
const THANKS_BUT_NO = wordRegex(`\\b(?:${THANKS})\\b[^.!?\\n]{0,80}?\\b(?:${BUT})\\b[^.!?\\n]{0,50}?${NEG}\\b`);

/**
 * Willingness or praise conceded before "but" and a negation: "I'd love to help, but our policy doesn't
 * allow it", "Ik zou graag helpen, maar …", "Ótimo guia, mas não adicionamos links". The praise is no
 * yes: a refusal (nine languages).
 */
const WILLING = [
  "(?:i|we)(?:'d| would) (?:love|like|be happy|be glad) to|love the|great (?:guide|article|resource|post|piece|idea)|nice (?:guide|article|resource|piece)|looks (?:good|great|nice|interesting)|sounds (?:good|great|nice|interesting)|i wish (?:i|we) could",
  'gerne? w[üu]rde|w[üu]rden? (?:ich|wir) (?:ja )?gerne?|sch[öo]ne[rs]? (?:artikel|beitrag|ratgeber|idee)|tolle[rs]? (?:artikel|beitrag|ratgeber|idee)|klingt (?:gut|interessant)',
  "j['’]aimerais|je voudrais bien|nous aimerions|(?:tr[èe]s )?(?:bon|beau|bel|super) (?:guide|article)|(?:[çc]a a l['’]air|semble) (?:int[ée]ressant|bien)",
  'me gustar[íi]a|me encantar[íi]a|nos gustar[íi]a|nos encantar[íi]a|(?:gran|buena|bonita) gu[íi]a|me encanta|suena (?:bien|interesante)',
  'mi piacerebbe|ci piacerebbe|vorrei (?:tanto|davvero)?|vorremmo|(?:bella|ottima) guida|ottim[oa]|bell[oa] (?:articolo|guida)|sembra interessante',
  'gostar[íi]amos|gostaria|adorar[íi]a|[óo]timo|(?:bom|belo|excelente) (?:guia|artigo)|parece interessante',
  'zou (?:ik |we )?(?:graag|best)|zouden (?:we )?(?:graag|best)|mooie (?:gids|artikel|handleiding)|leuk(?:e)? (?:gids|artikel|idee)|klinkt (?:goed|interessant|leuk)',
  'ch[ęe]tnie bym|ch[ęe]tnie by[śs]my|chcia[łl](?:bym|abym|ym)|[śs]wietny (?:poradnik|artyku[łl])|fajny (?:poradnik|artyku[łl])|brzmi (?:ciekawie|dobrze)',
  'hj[äa]lper g[äa]rna|skulle g[äa]rna|g[äa]rna hj[äa]lpa|fin (?:guide|artikel)|bra (?:guide|artikel)|l[åa]ter (?:bra|intressant)',
].join('|');
const CONCESSION = wordRegex(`\\b(?:${WILLING})\\b[^.!?\\n]{0,60}?\\b(?:${BUT})\\b(?=[^.!?\\n]{0,80}?${NEG})`, 'gi');

/** Praise or willingness conceded before "but" + a negation ("I'd love to, but we can't"). */
export function concedesThenRefuses(text: string): boolean {
  CONCESSION.lastIndex = 0;
  const found = CONCESSION.test(text);
  CONCESSION.lastIndex = 0;
  return found;
}

/** The text with such concessions blanked out, so "I'd love to help, but …" is no yes. */
export function withoutConcession(text: string): string {
  return text.replace(CONCESSION, (m) => ' '.repeat(m.length));
}

/** Interest words under a negation in the same clause. */
const INTEREST_WORDS =
  'interested|interesting|open to|keen|interesse\\w*|interessiert|int[ée]ress\\w*|interes\\w*|ge[ïi]nteresseerd|zainteresowan\\w*|interesuj\\w*|intresserad\\w*|intressant';
const NEGATED_INTEREST = wordRegex(`${NEG}\\b[^.!?\\n,]{0,40}?\\b(?:${INTEREST_WORDS})\\b`, 'gi');

/**
 * "Don't hesitate to send it" in the nine languages is an invitation, and "I can't open the link"
 * or "I haven't read the article yet" are about reading, not refusing: such sentences are skipped.
 */
const PERCEIVE = [
  '\\b(?:open(?!\\s(?:to|for))|find|found|see|read|load|access|receive[d]?|get|got|understand|sure|know|remember|seen|reach)\\b',
  '\\b(?:[öo]ffnen|finden|gefunden|sehen|gesehen|lesen|gelesen|verstehe|sicher)\\b',
  '\\b(?:ouvrir|trouv\\w+|voir|vu|lire|lu|compris|s[ûu]r)\\b',
  '\\b(?:abrir|encontr\\w+|leer|le[íi]do|entiendo|segur[oa]|recib\\w+)\\b',
  '\\b(?:aprire|trov\\w+|vedo|visto|leggere|letto|capisco|sicur[oa]|ricevut\\w+)\\b',
  '\\b(?:abrir|encontr\\w+|ler|lido|entendo|receb\\w+)\\b',
  '\\b(?:openen|vinden|gevonden|zien|gezien|lezen|gelezen|begrijp|zeker|ontvangen)\\b',
  '\\b(?:otworzy\\w*|znale\\w*|widz\\w*|czyta\\w*|przeczyta\\w*|rozumiem|pewn\\w+|otrzyma\\w*)\\b',
  '\\b(?:[öo]ppna|hitta\\w*|l[äa]sa|l[äa]st|f[öo]rst[åa]r|s[äa]ker|f[åa]tt)\\b',
].join('|');
/** "We don't charge for it": about money, not a refusal. */
const CHARGE = 'charge|cobr\\w+|factur\\w+|berechne\\w*|verlange\\w*|rekenen|vragen (?:geen|niets)|pobiera\\w*|tar (?:inte )?betalt|fa(?:re|ccio|cciamo) pagare';
const NOT_A_REFUSAL = wordRegex([
  `${NEG}(?:\\s[^\\s.!?]{1,20}){0,2}\\s(?:${CHARGE})`, '\\b(?:free of charge|for free|kostenlos|gratuit\\w*|gratis|darmow\\w*|bezp[łl]atn\\w*|umsonst)\\b',
  '\\bhesit', '\\bh[ée]sit', '\\bdud(?:e|es|en|éis)\\b', '\\besit', '\\baarzel', '\\bwahaj', '\\btveka', '\\bz[öo]ger',
  `${NEG}(?:\\s[^\\s.!?]{1,20}){0,2}\\s(?:${PERCEIVE})`,
  // "Not yet" is about when, not whether: "we haven't published the article yet", "noch nicht online".
  `\\b(?:yet|noch nicht|noch kein\\w{0,3}|pas encore|todav[íi]a no|a[úu]n no|non ancora|ancora non|ainda n[ãa]o|nog niet|nog geen|jeszcze nie|[äa]nnu inte|inte [äa]n|inte [äa]nnu)\\b`,
]);

const MAX_SENTENCES = 60;

function statements(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[^.!?\n]{1,2000}[.!?]*/g)) {
    if (out.length >= MAX_SENTENCES) break;
    if (!m[0].includes('?') && !NOT_A_REFUSAL.test(m[0])) out.push(m[0]);
  }
  return out;
}

/** The first sentence (not a question) that refuses; its index in `text`, or -1. */
export function declineIndex(text: string): number {
  for (const s of statements(text)) {
    if (NEGATED_OFFER.test(s) || TOPIC_FIRST.test(s) || THANKS_BUT_NO.test(s) || negatesInterest(s)) return Math.max(0, text.indexOf(s));
  }
  return -1;
}

/** The text with negated interest blanked out, so "not interested in" is no "interested". */
export function withoutNegatedInterest(text: string): string {
  return text.replace(NEGATED_INTEREST, (m) => ' '.repeat(m.length));
}

/** True when a negated interest phrase is in the text ("isn't something we'd be interested in"). */
export function negatesInterest(text: string): boolean {
  NEGATED_INTEREST.lastIndex = 0;
  const found = NEGATED_INTEREST.test(text);
  NEGATED_INTEREST.lastIndex = 0;
  return found;
}
