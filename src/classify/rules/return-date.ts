/**
 * The date an absent sender says they are back, resolved against `now` (the receive date, passed
 * in, never read from the clock), in English, German, French, Spanish, Italian, Portuguese, Dutch,
 * Polish and Swedish.
 *
 * Conventions: "until X" means X ("bis zum 3. Januar" → 3 January); an explicit return ("back on",
 * "de retour le", "ab dem 4.1. wieder erreichbar", "vanaf maandag 7 december ben ik weer
 * bereikbaar") wins over the end of an absence range; "from X" alone is the start of the absence,
 * never the return. Numbers are day-first ("4.1.", "15/12"); a slashed date reads month-first only
 * when the day-first reading is impossible ("12/18/2026"). A day alone ("back on the 14th") is the
 * next such day from the receive date, rolling into the next month and year; a day and month
 * without a year is the next such date (up to a month in the past stays in this year: mail can be
 * processed late). Relative spans ("next week", "in a few days") and a month without a day
 * ("until January 2027") give no date: null rather than a guess.
 */

const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'enero', 'gennaio', 'januari', 'janeiro', 'styczeń', 'stycznia', 'styczen'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'febrero', 'febbraio', 'februari', 'fevereiro', 'luty', 'lutego'],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'maart', 'março', 'marco', 'marzec', 'marca'],
  ['april', 'apr', 'avril', 'abril', 'aprile', 'kwiecień', 'kwietnia'],
  ['may', 'mai', 'mayo', 'maggio', 'mei', 'maio', 'maj', 'maja'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'junho', 'czerwiec', 'czerwca'],
  ['july', 'jul', 'juli', 'juillet', 'julio', 'luglio', 'julho', 'lipiec', 'lipca'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'augustus', 'augusti', 'sierpień', 'sierpnia'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'setembro', 'wrzesień', 'września', 'wrzesnia'],
  ['october', 'oct', 'okt', 'oktober', 'octobre', 'octubre', 'ottobre', 'outubro', 'październik', 'października', 'pazdziernika'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopad', 'listopada'],
  ['december', 'dec', 'dez', 'dezember', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dezembro', 'grudzień', 'grudnia'],
];
const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((names, i) => names.forEach((n) => MONTHS.set(n, i)));

const WEEKDAY_NAMES: string[][] = [
  ['sunday', 'sun', 'sonntag', 'dimanche', 'domingo', 'domenica', 'zondag', 'niedziela', 'niedzielę', 'söndag', 'söndagen'],
  ['monday', 'mon', 'montag', 'lundi', 'lunes', 'lunedì', 'lunedi', 'maandag', 'segunda-feira', 'segunda', 'poniedziałek', 'poniedzialek', 'måndag', 'måndagen'],
  ['tuesday', 'tue', 'tues', 'dienstag', 'mardi', 'martes', 'martedì', 'martedi', 'dinsdag', 'terça-feira', 'terça', 'wtorek', 'tisdag', 'tisdagen'],
  ['wednesday', 'wed', 'mittwoch', 'mercredi', 'miércoles', 'miercoles', 'mercoledì', 'mercoledi', 'woensdag', 'quarta-feira', 'quarta', 'środa', 'środę', 'sroda', 'onsdag', 'onsdagen'],
  ['thursday', 'thu', 'thurs', 'donnerstag', 'jeudi', 'jueves', 'giovedì', 'giovedi', 'donderdag', 'quinta-feira', 'quinta', 'czwartek', 'torsdag', 'torsdagen'],
  ['friday', 'fri', 'freitag', 'vendredi', 'viernes', 'venerdì', 'venerdi', 'vrijdag', 'sexta-feira', 'sexta', 'piątek', 'piatek', 'fredag', 'fredagen'],
  ['saturday', 'sat', 'samstag', 'samedi', 'sábado', 'sabado', 'sabato', 'zaterdag', 'sobota', 'sobotę', 'lördag', 'lördagen'],
];
const WEEKDAYS = new Map<string, number>();
WEEKDAY_NAMES.forEach((names, i) => names.forEach((n) => WEEKDAYS.set(n, i)));

const alternation = (names: Iterable<string>) => [...names].sort((a, b) => b.length - a.length).join('|');
const MONTH_RE = alternation(MONTHS.keys());
const WEEKDAY_RE = alternation(WEEKDAYS.keys());
/** Letters of the nine languages: a name must not continue into a longer word ("mars" in "marshal"). */
const NOT_LETTER = '(?![\\p{L}])';

/** Words that may stand between a cue and its date ("back in the office on Monday", "rientro previsto il 9"). */
const FILLER =
  /^(on|the|of|at|in|to|office|work|desk|am|dem|zum|ab|le|du|au|el|del|al|il|dal|dall'|em|no|dia|dnia|op|den|på|w|we|previsto|prévu|prevista|prevu|vorauss\.?|voraussichtlich|wieder|weer|de|a|partir|à|ik|ben|je|serai|sarò|estarò|estaré|estarei|jag|är|i|will|be|'ll|bin|ich|och|med|dia|o|ufficio|oficina|bureau|büro|kantoor|kontoret|kontor|biura|biurze|escritório|escritorio|trabalho|lavoro|trabajo|arbeit|werk|jobbet|pracy|sede|la|my|inbox|mailbox|desk|e-?mails?|computer|laptop)[,:]?$/i;

const VAGUE =
  /^(next week|later this week|early next week|end of (the|this|next) (week|month)|in a (few|couple of) (days|weeks)|shortly|soon|nächste(n)? woche|ende (der|des) (woche|monats)|la semaine prochaine|semaine prochaine|la (próxima|proxima) semana|(próxima|proxima) semana|la settimana prossima|(la )?prossima settimana|volgende week|(w )?przyszłym tygodniu|nästa vecka|(in|within) \d+ (days|weeks|hours))/i;

export type Parsed = { date: string } | { vague: true } | null;

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCMonth() !== m || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A day/month without a year is the next such date: not more than a month in the past. */
function withYear(now: Date, m: number, d: number): string | null {
  let y = now.getUTCFullYear();
  if (Date.UTC(y, m, d) < now.getTime() - 31 * 86_400_000) y++;
  return iso(y, m, d);
}

/** A day of the month alone: the next such day from the receive date (this month or a later one). */
function dayOnly(now: Date, d: number): string | null {
  if (d < 1 || d > 31) return null;
  let y = now.getUTCFullYear();
  let m = now.getUTCMonth();
  if (d < now.getUTCDate()) m++;
  // Skip months without that day (the 31st after a 30-day month).
  for (let i = 0; i < 3; i++, m++) {
    if (m > 11) {
      m = 0;
      y++;
    }
    const r = iso(y, m, d);
    if (r) return r;
  }
  return null;
}

/** A return date no more than a week before the receive date and within a year after it. */
function plausible(date: string, now: Date): boolean {
  const t = Date.parse(`${date}T00:00:00Z`);
  return t >= now.getTime() - 7 * 86_400_000 && t <= now.getTime() + 366 * 86_400_000;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?!\d)/;
const NUMERIC_DATE = /^(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/-])/;
/** "4. 1. 2027", "4. 1." (German, Polish, Czech typography: a space after each dot). */
const SPACED_DOTTED_DATE = /^(\d{1,2})\.\s(\d{1,2})\.(?:\s?(\d{4}))?(?!\d)/;
const WEEKDAY_PREFIX = `(?:(?:${WEEKDAY_RE})${NOT_LETTER}\\.?,?\\s+(?:the\\s+|den\\s+|le\\s+|il\\s+|el\\s+)?)?`;
const DAY_MONTH = new RegExp(
  `^${WEEKDAY_PREFIX}(\\d{1,2})(?:st|nd|rd|th|er|e|º|°|\\.)?\\s*(?:of\\s+|de\\s+|di\\s+)?(${MONTH_RE})${NOT_LETTER}\\.?(?:,?\\s*(?:de\\s+)?(\\d{4}))?(?!\\d)`,
  'iu',
);
const MONTH_DAY = new RegExp(`^${WEEKDAY_PREFIX}(${MONTH_RE})${NOT_LETTER}\\.?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s*(\\d{4}))?(?!\\d)`, 'iu');
const MONTH_ALONE = new RegExp(`^(?:(?:early|mid|late|end of|the end of|beginning of|anfang|mitte|ende|début|fin|finales de|principios de|inicio de|fine|inizio|metà|begin|eind|początku|końca|slutet av|början av)\\s+)?(${MONTH_RE})${NOT_LETTER}`, 'iu');
const WEEKDAY_ALONE = new RegExp(`^(?:next\\s+|this\\s+|coming\\s+|kommenden\\s+|nächsten\\s+|prochain\\s+|próximo\\s+|prossimo\\s+)?(${WEEKDAY_RE})${NOT_LETTER}`, 'iu');
const ORDINAL_DAY = /^(?:the\s+)?(\d{1,2})(st|nd|rd|th|er|e|º|°|\.)?(?=[\s,;:!?.)]|$)/i;
const WEEKDAY_DAY = new RegExp(`^(?:${WEEKDAY_RE})${NOT_LETTER}\\.?,?\\s{1,3}(?:the\\s{1,3}|den\\s{1,3}|le\\s{1,3}|il\\s{1,3}|el\\s{1,3}|dia\\s{1,3})?(\\d{1,2})(?:st|nd|rd|th|er|e|º|°|\\.)?(?=[\\s,;:!?.)]|$)`, 'iu');
/** "5 days", "9 am", "14:00" are not days of the month. */
const TIME_OR_SPAN = /^\d{1,2}\.?\s*(days?|weeks?|hours?|h\b|am\b|pm\b|uhr|tage?n?|jours?|días?|dias?|giorni|dagen|dni|dagar|minutes?|min\b|:)/i;
const TOMORROW = /^(tomorrow|morgen|demain|mañana|manana|domani|amanhã|amanha|jutro|i morgon|imorgon)(?![a-zà-ÿ])/i;

/**
 * Reads a date at the start of `s`. `article` says an article or preposition came just before
 * ("the 14th", "le 14", "am 14."), which lets a bare day number stand.
 */
export function parseDateAt(s: string, now: Date, article = false, language: string | null = null): Parsed {
  const t = s.replace(/^[\s,:(]+/, '');
  if (VAGUE.test(t)) return { vague: true };
  let m = ISO_DATE.exec(t);
  if (m) {
    const d = iso(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return d ? { date: d } : null;
  }
  m = NUMERIC_DATE.exec(t);
  if (m) {
    let day = Number(m[1]);
    let month = Number(m[3]);
    // Day first; month first only when the day-first reading is impossible (US 12/18/2026).
    if (month > 12 && day <= 12 && m[2] !== '.') [day, month] = [month, day];
    if (month < 1 || month > 12) return null;
    const year = m[4];
    const read = (dd: number, mm: number) => (year ? iso(fullYear(year), mm - 1, dd) : withYear(now, mm - 1, dd));
    const d = read(day, month);
    const ambiguous = m[2] !== '.' && day <= 12 && month <= 12 && day !== month;
    // Both orders possible (03/04/2027) and the day-first one already long past: the other, if current.
    if (d && ambiguous && !plausible(d, now)) {
      const other = read(month, day);
      if (other && plausible(other, now)) return { date: other };
    }
    // English is the one language of the nine where a slashed date may be month-first (US): when
    // both readings are plausible, an absence note means the nearer one ("back 12/10" on 1 December).
    if (d && ambiguous && language === 'en' && m[2] === '/') {
      const other = read(month, day);
      if (other && plausible(other, now) && other < d) return { date: other };
    }
    return d ? { date: d } : null;
  }
  m = SPACED_DOTTED_DATE.exec(t);
  if (m) {
    const d = m[3] ? iso(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : withYear(now, Number(m[2]) - 1, Number(m[1]));
    return d ? { date: d } : null;
  }
  m = DAY_MONTH.exec(t);
  if (m) {
    const month = MONTHS.get(m[2]!.toLowerCase())!;
    const d = m[3] ? iso(Number(m[3]), month, Number(m[1])) : withYear(now, month, Number(m[1]));
    return d ? { date: d } : null;
  }
  m = MONTH_DAY.exec(t);
  if (m) {
    const month = MONTHS.get(m[1]!.toLowerCase())!;
    const d = m[3] ? iso(Number(m[3]), month, Number(m[2])) : withYear(now, month, Number(m[2]));
    return d ? { date: d } : null;
  }
  // A month with no day says when, but not which day: no date rather than a guess.
  if (MONTH_ALONE.test(t)) return { vague: true };
  // A weekday with the day of the month and no month ("Monday the 14th", "lundi 7", "am Montag, den
  // 7."): the day number decides, as for a day alone.
  m = WEEKDAY_DAY.exec(t);
  if (m && !TIME_OR_SPAN.test(t.slice(m[0].search(/\d/)))) {
    const d = dayOnly(now, Number(m[1]));
    if (d) return { date: d };
  }
  m = WEEKDAY_ALONE.exec(t);
  if (m) {
    const target = WEEKDAYS.get(m[1]!.toLowerCase())!;
    const diff = (target - now.getUTCDay() + 7) % 7 || 7;
    return { date: new Date(now.getTime() + diff * 86_400_000).toISOString().slice(0, 10) };
  }
  if (TOMORROW.test(t)) return { date: new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10) };
  m = ORDINAL_DAY.exec(t);
  if (m && (m[2] || article || /^the\s/i.test(t))) {
    // "5 days", "9 am", "14:00" are not days of the month.
    if (TIME_OR_SPAN.test(t.replace(/^the\s+/i, ''))) return null;
    const d = dayOnly(now, Number(m[1]));
    return d ? { date: d } : null;
  }
  return null;
}

const ARTICLE = /^(the|le|el|il|am|dem|zum|den|op|em|dnia|al|du|au|dal|no|dia)$/i;

/** The first date within a few words after position `from` (cue words and fillers skipped). */
function dateAfter(text: string, from: number, now: Date, language: string | null): Parsed {
  const after = text.slice(from, from + 80);
  const words = after.split(/\s+/).filter(Boolean);
  for (let skip = 0; skip <= 5 && skip < words.length; skip++) {
    const rest = words.slice(skip).join(' ');
    const prev = skip > 0 ? words[skip - 1]!.replace(/[,:]$/, '') : '';
    const parsed = parseDateAt(rest, now, ARTICLE.test(prev), language);
    if (parsed) return parsed;
    // Only fillers may stand between the cue and the date; a sentence end stops the search.
    const word = words[skip]!;
    if (/[.;!?]$/.test(word) && !/^\d/.test(word)) return null;
    if (!FILLER.test(word)) return null;
  }
  return null;
}

/** Whole words or phrases only: the boundaries know accented letters ("volveré", "até"). */
function phrases(alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}])`, 'giu');
}

/** Explicit returns: the date follows the cue. */
const RETURN_CUES = phrases([
  // English
  "i'?ll be back|will be back|back in the office|back at work|back|returning|returns|return|in the office again|available again|reachable again|resuming work|reopens?|reopening|will reopen",
  // Reopening after a closure, and "we are back" (nine languages)
  'wiedereröffnung(?: am)?|reabrimos|reabriremos|reabre|reapertura|volvemos|regresamos|estaremos de vuelta|riapriremo|riaprirà|riapre|riapertura|rientreremo|torneremo|saremo di nuovo in ufficio|voltamos a atender|voltamos|reabertura|retomamos o atendimento|retomamos|retornamos|estaremos de volta|heropening|gaan weer open|zijn weer open|weer open|wracamy|będziemy z powrotem|ponownie otwarte|öppnar igen|öppet igen',
  // German
  'wieder (?:im büro|im haus|erreichbar|da|verfügbar|zurück)(?: am| ab)?|zurück(?: am| ab)?|rückkehr(?: am)?',
  // French
  'de retour|retour prévu|je reviens|je rentre|retour au bureau|reviendrai|rentrerai|serai de retour|réouverture|rouvrons|rouvrira',
  // Spanish, Portuguese
  'estaré de vuelta|volveré|regresaré|de vuelta|regreso|vuelvo|me reincorporo|me incorporo|me reincorporaré|me incorporaré|estarei de volta|de volta|retorno|regresso|volto',
  // Italian
  'sarò di nuovo in ufficio|di nuovo in ufficio|rientrerò|rientro|di ritorno|tornerò|torno',
  // Dutch, Polish, Swedish
  'weer aanwezig|weer bereikbaar|weer op kantoor|terug|będę z powrotem|wracam|wrócę|powrót|är tillbaka|tillbaka|åter',
  // Danish, Norwegian (beside Swedish in Nordic auto-replies)
  'tilbake|tilbage',
]);

/**
 * "from X to", "du X au", "dal X al", "entre X e", "van X tot", "od X do": the cue is the range's end
 * ("du 24 décembre au 3 janvier", "from Dec 2 - Dec 11"). X is up to four words with a digit among
 * them; whatever follows the connector must still parse as a date, so a false start costs nothing.
 */
const RANGE_START = `(?:from|between|du|dal|del|de|desde|entre|van|vom|od|från|mellan)\\s{1,3}(?=[^.!?\\n]{0,30}\\d)(?:[^\\s!?\\n]{1,12}\\s{1,3}){0,3}?[^\\s!?\\n]{1,12}(?:\\s{1,3}(?:to|au|al|a|e|y|and|och|till|until|through|thru|bis|tot|t/m|do)|\\s{0,3}[–—-])`;

/** "until X" (the last day away, read as the return by convention). */
const UNTIL_CUES = phrases([
  // A range's second day: "du 2 au 10 décembre", "du 24 décembre au 3 janvier", "dal 24 dicembre al
  // 6 gennaio", "from 3rd to 9th December", "from Dec 2 - Dec 11", "entre 24/12 e 03/01".
  RANGE_START,
  'till och med|t\\.o\\.m\\.|fram till|til og med|up to and including|until|till|til|through|thru',
  'bis einschließlich|bis einschl\\.|bis zum|bis',
  "jusqu['’]au|jusqu['’]à|jusqu['’]a",
  'hasta el|hasta',
  "fino all['’]|sino all['’]|fino al|fino a|sino al",
  'até o dia|até dia|até',
  'tot en met|t/m|tot',
  'do dnia|do',
]);

/** Anything that reads as a date in running text (counted, not parsed). */
const DATE_TOKEN = new RegExp(`\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./-]\\d{1,2}|\\d{1,2}(?:st|nd|rd|th|er|º|°|\\.)?\\s{1,3}(?:de\\s{1,3}|of\\s{1,3})?(?:${MONTH_RE})${NOT_LETTER}|(?:${MONTH_RE})\\.?\\s{1,3}\\d{1,2}(?!\\d)`, 'giu');

/** "from X" followed by a return word: "ab dem 4.1. wieder erreichbar", "vanaf maandag 7 december ben ik weer bereikbaar". */
const FROM_CUES = phrases([
  'from|as of|starting',
  'ab dem|ab|vom|am',
  "à partir du|à partir de|dès le",
  'a partir del|a partir de|a partir do|desde el',
  "dall['’]|dal|dai",
  'vanaf|van|op',
  'od dnia|od',
  'från och med|fr\\.o\\.m\\.|från',
]);
const BACK_WORDS = phrases([
  'back|return\\w*|available|reachable|in the office',
  'wieder|zurück|erreichbar',
  'de retour|disponible|joignable',
  'de vuelta|di nuovo|rientro|raggiungibile|de volta|disponível',
  'weer|terug|bereikbaar|dostępn\\w*|z powrotem|tillbaka|nåbar|tillgänglig',
]);

/** An absence note names its dates early; reading every cue of a long text is wasted (and slow). */
const MAX_CUES = 40;
const MAX_TEXT = 20_000;

function datesAfter(text: string, cues: RegExp, now: Date, language: string | null): Parsed[] {
  const out: Parsed[] = [];
  let seen = 0;
  for (const m of text.matchAll(cues)) {
    if (++seen > MAX_CUES) break;
    const parsed = dateAfter(text, m.index + m[0].length, now, language);
    if (parsed) out.push(parsed);
  }
  return out;
}

/** "from X … back": X is the return when a return word follows the date closely. */
function fromBackDates(text: string, now: Date, language: string | null): Parsed[] {
  const out: Parsed[] = [];
  let seen = 0;
  for (const m of text.matchAll(FROM_CUES)) {
    if (++seen > MAX_CUES) break;
    const start = m.index + m[0].length;
    const parsed = dateAfter(text, start, now, language);
    if (!parsed || !('date' in parsed)) continue;
    // A return word must follow in the same sentence, and not with a date of its own ("from 8
    // September, returning 23 September": that return has its own cue).
    const tail = text.slice(start, start + 90).split(/[;!?\n]|(?<!\d)\.(?=\s+\p{Lu})/u)[0] ?? '';
    BACK_WORDS.lastIndex = 0;
    const back = BACK_WORDS.exec(tail);
    if (!back) continue;
    // Another date between this one and the return word owns it ("vom 21.12. bis 8.1. im Urlaub und
    // ab dem 11.1. wieder erreichbar": "wieder" is the 11th's).
    if ((tail.slice(0, back.index).match(DATE_TOKEN) ?? []).length > 1) continue;
    const own = dateAfter(text, start + back.index + back[0].length, now, language);
    if (!own || !('date' in own)) out.push(parsed);
  }
  return out;
}

/** An explicit return ("back on 4 January", "wieder erreichbar ab 4.1.", "reopens on …"), never an "until". */
export function statesReturn(input: string, now: Date, language: string | null = null): boolean {
  const text = input.slice(0, MAX_TEXT);
  return [...datesAfter(text, RETURN_CUES, now, language), ...fromBackDates(text, now, language)].some((p) => p !== null && 'date' in p);
}

/**
 * `language` (ISO 639-1, from `detectLanguage`) only decides the order of an ambiguous slashed
 * date: month-first is possible in English alone; every other language here writes the day first.
 */
export function findReturnDate(input: string, now: Date, language: string | null = null): string | null {
  const text = input.slice(0, MAX_TEXT);
  const today = now.toISOString().slice(0, 10);
  const dates = (ps: Parsed[]) => ps.flatMap((p) => (p && 'date' in p ? [p.date] : []));
  // A date already past is still what the sender said (the mail may be processed late).
  const pick = (ds: string[]) => ds.find((d) => d >= today) ?? ds[0] ?? null;
  const returns = [...datesAfter(text, RETURN_CUES, now, language), ...fromBackDates(text, now, language)];
  const explicit = pick(dates(returns));
  if (explicit) return explicit;
  const until = datesAfter(text, UNTIL_CUES, now, language);
  return pick(dates(until));
}
