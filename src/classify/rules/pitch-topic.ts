/**
 * Whether a reply's words are about what we pitched: the piece, the link, the price, the site, the
 * client (nine languages, stems). A question with none of them ("Your email arrived empty, did something
 * go wrong?", "Who is this?") is not one a reply about our offer can answer, so it is not answered
 * alone (classify-rules.ts caps its confidence below the default policy's threshold); a person reads it.
 */
import { wordRegex } from './word-regex.ts';

const ABOUT_THE_PITCH = wordRegex([
  // English
  '\\b(?:article|post|posts|guest|blog|link|links|backlink|anchor|url|price|pricing|cost|fee|fees|rate|rates|charge|pay|paid|payment|budget|sponsor|topic|subject|word|words|draft|content|piece|write|writ|author|publish|client|brand|website|site|page|niche|audience|traffic|dofollow|nofollow|invoice|deadline|outline|image|images|collaborat|partnership|offer|proposal|idea|pitch|placement|insert)',
  '\\bhow much\\b',
  // German
  '\\b(?:artikel|beitr[äa]g|gast|anker|preis|kosten|geb[üu]hr|honorar|bezahl|zahl|thema|themen|w[öo]rter|entwurf|inhalt|schreib|ver[öo]ffentlich|kunde|marke|webseite|seite|zielgruppe|rechnung|angebot|vorschlag|idee|zusammenarbeit|kooperation|verlink|auftrag|anbieter)', '\\bwie ?viel',
  // French
  '\\b(?:billet|invit[ée]|lien|ancre|prix|tarif|co[ûu]t|frais|pay|sujet|th[èe]me|mots|brouillon|contenu|r[ée]dig|[ée]cri|publi|marque|proposition|id[ée]e|partenariat|commanditaire|donneur d.ordre)', '\\bcombien\\b',
  // Spanish, Portuguese
  '\\b(?:art[íi]culo|artigo|invitad|convidad|enlace|ancla|[âa]ncora|precio|pre[çc]o|valor|coste|costo|custo|pag|presupuesto|or[çc]amento|patrocin|tema|asunto|assunto|palabras|palavras|borrador|rascunho|contenido|conte[úu]do|escrib|escrev|redact|redig|p[úu]blic|cliente|marca|sitio|p[áa]gina|factura|fatura|oferta|propuesta|proposta|ideia|colabora|parceria|enlaz|contratante)', '\\bcu[áa]nto\\b', '\\bquanto\\b',
  // Italian
  '\\b(?:articolo|ospite|collegamento|ancora|prezzo|tariffa|pagare|pagamento|sponsorizz|argomento|parole|bozza|contenuto|scriv|pubblic|marchio|sito|pagina|fattura|offerta|proposta|collaborazione|committente)',
  // Dutch
  '\\b(?:bericht|gastblog|prijs|tarief|betal|gesponsord|onderwerp|woorden|concept|inhoud|schrijv|publiceer|klant|merk|factuur|aanbod|voorstel|samenwerking|opdrachtgever|linken|linkt)', '\\bhoeveel\\b',
  // Polish
  '\\b(?:artyku|wpis|go[śs]cin|odno[śs]nik|cen[aęy]|cennik|koszt|op[łl]at|p[łl]at|bud[żz]et|temat|s[łl][óo]w|szkic|tre[śs][ćc]|pisa|publik|klient|stron|faktur|ofert|propozycj|pomys[łl]|wsp[óo][łl]prac|zleceniodawc|linkow|zlecen)', '\\bile\\b',
  // Swedish
  '\\b(?:inl[äa]gg|g[äa]st|blogg|l[äa]nk|ankar|pris|kostnad|avgift|betal|sponsr|[äa]mne|utkast|inneh[åa]ll|skriv|publicer|kund|varum[äa]rke|webbplats|sajt|sida|erbjud|f[öo]rslag|id[ée]|samarbet|uppdragsgivare|uppdrag)', '\\bhur mycket\\b',
]);

export function aboutThePitch(text: string): boolean {
  return ABOUT_THE_PITCH.test(text);
}
