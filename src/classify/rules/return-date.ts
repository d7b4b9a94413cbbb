/**
 * The date an out-of-office sender says they are back, resolved against `now` (passed in, never
 * read from the clock). "Back/returning" cues win over "until" cues, because "away until Friday,
 * back on Monday" means Monday. Several languages.
 */

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'januar', 'janvier', 'enero', 'gennaio', 'januari', 'jänner', 'janeiro', 'styczeń', 'stycznia'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'febrero', 'febbraio', 'februari', 'fevereiro', 'lutego'],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'maart', 'março', 'marca'],
  ['april', 'apr', 'avril', 'abril', 'aprile', 'kwietnia'],
  ['may', 'mai', 'mayo', 'maggio', 'mei', 'maio', 'maja'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'junho', 'czerwca'],
  ['july', 'jul', 'juli', 'juillet', 'julio', 'luglio', 'julho', 'lipca'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'augustus', 'sierpnia'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'setembro', 'września'],
  ['october', 'oct', 'oktober', 'octobre', 'octubre', 'ottobre', 'outubro', 'okt', 'października'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopada'],
  ['december', 'dec', 'dezember', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dez', 'dezembro', 'grudnia'],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i)));

const WEEKDAYS: Record<string, number> = {};
[
  ['sunday', 'sun', 'sonntag', 'dimanche', 'domingo', 'domenica', 'zondag'],
  ['monday', 'mon', 'montag', 'lundi', 'lunes', 'lunedì', 'lunedi', 'maandag', 'segunda'],
  ['tuesday', 'tue', 'tues', 'dienstag', 'mardi', 'martes', 'martedì', 'martedi', 'dinsdag', 'terça'],
  ['wednesday', 'wed', 'mittwoch', 'mercredi', 'miércoles', 'miercoles', 'mercoledì', 'mercoledi', 'woensdag', 'quarta'],
  ['thursday', 'thu', 'thurs', 'donnerstag', 'jeudi', 'jueves', 'giovedì', 'giovedi', 'donderdag', 'quinta'],
  ['friday', 'fri', 'freitag', 'vendredi', 'viernes', 'venerdì', 'venerdi', 'vrijdag', 'sexta'],
  ['saturday', 'sat', 'samstag', 'samedi', 'sábado', 'sabado', 'sabato', 'zaterdag'],
].forEach((names, i) => names.forEach((n) => (WEEKDAYS[n] = i)));

const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const WEEKDAY_RE = Object.keys(WEEKDAYS).sort((a, b) => b.length - a.length).join('|');

const RETURN_CUES =
  /\b(back|return(ing|s)?|returned|will be (back|in)|in the office|im büro|zurück|wieder (da|erreichbar|im büro)|ab dem|ab|de retour|retour|rentre|regreso|regresaré|de vuelta|volveré|rientro|rientrerò|di ritorno|terug|weer aanwezig|available again|reachable again|from)\b/gi;
const UNTIL_CUES = /\b(until|till|til|through|thru|bis|jusqu'?au|jusqu'?à|hasta|fino al|fino a|tot en met|tot|t\/m)\b/gi;

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCMonth() !== m || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A day/month without a year is the next such date: not more than a month in the past. */
function withYear(now: Date, m: number, d: number): string | null {
  let y = now.getUTCFullYear();
  const candidate = Date.UTC(y, m, d);
  if (candidate < now.getTime() - 31 * 86_400_000) y++;
  return iso(y, m, d);
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

/** Parses a date at the start of `s` (after a cue). English text reads 03/04 as March 4. */
export function parseDateAt(s: string, now: Date, englishOrder: boolean): string | null {
  const t = s.replace(/^[\s,:]*(on|the|le|am|el|il|op|den|dem|lundi|on the)?\s*/i, '');
  let m = /^(\d{4})-(\d{2})-(\d{2})\b/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = /^(\d{1,2})([./-])(\d{1,2})(?:\2(\d{2,4}))?\b/.exec(t);
  if (m) {
    let a = Number(m[1]);
    let b = Number(m[3]);
    const dotted = m[2] === '.';
    // Day first, unless English with slashes, or the numbers leave no other reading.
    let [day, month] = dotted || !englishOrder ? [a, b] : [b, a];
    if (month > 12 && day <= 12) [day, month] = [month, day];
    [a, b] = [day, month];
    if (b < 1 || b > 12) return null;
    return m[4] ? iso(fullYear(m[4]), b - 1, a) : withYear(now, b - 1, a);
  }
  const wd = `(?:(?:${WEEKDAY_RE})\\.?,?\\s+(?:the\\s+)?)?`;
  m = new RegExp(`^${wd}(\\d{1,2})(?:st|nd|rd|th|er|\\.|º)?\\s*(?:of\\s+|de\\s+)?(${MONTH_RE})\\.?(?:,?\\s*(\\d{4}))?(?![a-z])`, 'i').exec(t);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()]!;
    return m[3] ? iso(Number(m[3]), month, Number(m[1])) : withYear(now, month, Number(m[1]));
  }
  m = new RegExp(`^${wd}(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s*(\\d{4}))?(?![\\d])`, 'i').exec(t);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()]!;
    return m[3] ? iso(Number(m[3]), month, Number(m[2])) : withYear(now, month, Number(m[2]));
  }
  m = new RegExp(`^(?:next\\s+)?(${WEEKDAY_RE})\\b`, 'i').exec(t);
  if (m) {
    const target = WEEKDAYS[m[1]!.toLowerCase()]!;
    const diff = ((target - now.getUTCDay() + 7) % 7) || 7;
    return new Date(now.getTime() + diff * 86_400_000).toISOString().slice(0, 10);
  }
  if (/^(tomorrow|morgen|demain|mañana|domani)\b/i.test(t)) return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  return null;
}

const MAX_CUES = 40;

function datesAfter(text: string, cues: RegExp, now: Date, english: boolean): string[] {
  const out: string[] = [];
  let seen = 0;
  for (const m of text.matchAll(cues)) {
    // An absence note names its dates early; reading every cue of a long text is wasted (and slow).
    if (++seen > MAX_CUES) break;
    // The date may follow a few words: "back in the office on Monday", "returning to work 3 March".
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
    for (let skip = 0; skip <= 4; skip++) {
      const rest = after.split(/\s+/).slice(skip).join(' ');
      if (!rest) break;
      const d = parseDateAt(rest, now, english);
      if (d) {
        out.push(d);
        break;
      }
      if (/^[.;!?]/.test(rest)) break;
    }
  }
  return out;
}

export function findReturnDate(text: string, now: Date): string | null {
  const english = /\b(the|and|office|back|until|will|return)\b/i.test(text);
  const today = now.toISOString().slice(0, 10);
  // A date already past is still what the sender said (the mail may be processed late).
  const pick = (ds: string[]) => ds.find((d) => d >= today) ?? ds[0] ?? null;
  // "from 8 September, returning 23 September": "from" names the start, so it only counts alone.
  const returns = datesAfter(text, RETURN_CUES, now, english);
  const fromStart = datesAfter(text, /\bfrom\b/gi, now, english);
  const realReturns = returns.filter((d) => !fromStart.includes(d) || fromStart.length === returns.length);
  return pick(realReturns) ?? pick(datesAfter(text, UNTIL_CUES, now, english)) ?? pick(returns);
}
