/**
 * Red flags: words in a reply that mean no machine may answer it, whatever the intent, the model or
 * the policy says (the `red-flags` gate). A complaint or a spam report, a request to remove or erase
 * data, "how did you get my address", "don't contact / follow up", legal words, and instructions
 * aimed at an AI (read by the one injection detector, injection.ts). Nine languages: en, de, fr, es,
 * it, pt, nl, pl, sv.
 *
 * Read on the normalised text (see normalize-text.ts) and on hidden text (HTML comments, invisible
 * elements). Every pattern is a literal alternation with bounded gaps, so matching is linear.
 * A false positive costs a human a minute; a missed one can cost a partner.
 */
import type { RedFlag, RedFlagKind } from '../types.ts';
import { hiddenText, normalizeForDetection } from './normalize-text.ts';
import { wordRegex } from './word-regex.ts';
import { findInjectionSigns } from './injection.ts';

/** Kinds that, found in the sender's new text, also mean "stop contacting us" (UNSUBSCRIBE). */
export const STOP_FLAGS: readonly RedFlagKind[] = ['complaint', 'erasure', 'stop-contact'];

const GAP = "[^.!?\\n]{0,40}?";
const me = '(?:me|us|my|our|mine)';

const RULES: { kind: RedFlagKind; re: RegExp }[] = [
  {
    kind: 'complaint',
    re: wordRegex(
      [
        '\\bspam(?:mer|mers|ming)\\b', '(?:^|[\\s,.;:!?])(?:is|was|this|more|your|such|pure|total|blatant|obvious|ist|est|du|es|è|é|to|är|als|como|come|jako|het) spam\\b', '\\bspam (?:me|us)\\b', '\\bunsolicited\\b', '\\bjunk (?:mail|e-?mail)',
        '\\breport(?:ed|ing)? (?:you|this|it|your (?:e-?mails?|agency|domain|company|messages?|address))\\b(?! back)', `\\breport(?:ed|ing)?\\b${GAP}\\b(?:to|as) (?:google|gmail|spam|abuse|spamhaus|your (?:e-?mail )?(?:provider|host|isp)|the (?:authorities|ico|ftc|police))`,
        `\\bflag(?:ged|ging)? (?:you|this|it)${GAP}\\b(?:spam|abuse|phishing)`, '\\bblack-?list', '\\babuse@', '\\bharass',
        // de
        '\\bunerw[üu]nscht', '\\bunverlangt', `\\b(?:gemeldet|melden|markiert)\\b${GAP}\\b(?:spam|missbrauch|datenschutzbeh)|\\bals spam\\b`, '\\bbel[äa]stig',
        // fr
        '\\bpourriel', '\\bnon sollicit', `\\bsignal(?:ée|é|erai|erons|er)(?![a-z])${GAP}\\b(?:spam|abus|cnil|plainte|autorit)`, '\\bharc[eè]lement',
        // es / pt
        '\\bno solicitad', '\\bdenunci', '\\breportar', '\\breportad', '\\breportei\\b', '\\bn[ãa]o solicitad', '\\bindesejad',
        // it
        '\\bnon richiest', `\\bsegnal\\w*\\b${GAP}\\b(?:spam|abus|garante|autorit|polizia)`, '\\bindesiderat',
        // nl
        '\\bongevraagd', `\\b(?:gemeld|melden|rapporteren)\\b${GAP}\\b(?:spam|misbruik|autoriteit|politie)`,
        // pl
        '\\bniechcian', `\\bzg[łl][oa]s\\w*\\b${GAP}\\b(?:spam|uodo|policj|nadu[żz]y)`,
        // sv
        '\\bo[öo]nskad', '\\boombedd', `\\b(?:anm[äa]l|rapporter)\\w*\\b${GAP}\\b(?:spam|skr[äa]ppost|imy|polis)|\\banm[äa]l(?:a|er|t) (?:er|dig)\\b`,
      ],
    ),
  },
  {
    kind: 'erasure',
    re: wordRegex(
      [
        `\\b(?:remove|delete|erase|purge|scrub|wipe)\\b${GAP}\\b(?:${me}|(?:this|the) (?:e-?mail )?address|(?:my|our|this) (?:e-?mail|address|details|data|contact|info|information|name))\\b`,
        `\\b(?:remove|delete|erase)\\b${GAP}\\bfrom\\b${GAP}\\b(?:list|lists|database|databases|records|mailing|crm|system|files)\\b`,
        // Erasure asked for as a noun: "the deletion of my data", "deren Löschung", "la suppression de mes données".
        '\\b(?:l[öo]schung|suppression|effacement|supresi[óo]n|eliminaci[óo]n|cancellazione|exclus[ãa]o|elimina[çc][ãa]o|verwijdering|usuni[ęe]cie|radering)\\b',
        '\\btake (?:me|us|my (?:e-?mail|address)) off\\b', '\\bunsubscrib',
        // "off your list", "from your mailing list": the list we keep them on, whatever the verb.
        '\\b(?:off|from|out of) (?:your|the|this|all (?:of )?(?:your|the)) (?:mailing |e-?mail |contact |outreach |marketing |distribution )?(?:list|lists|database|crm|system|records|contacts|files)\\b(?! of)', '\\bopt(?:ed)?[- ]?out\\b', '\\bright to (?:erasure|be forgotten)',
        // de
        `\\b(?:l[öo]sch|entfern|austrag|streich)\\w*\\b${GAP}\\b(?:mich|uns|meine|unsere|adresse|e-?mail|daten|liste|verteiler|datenbank)`, `\\b(?:mich|uns)\\b${GAP}\\b(?:l[öo]schen|entfernen|austragen|streichen)\\b`, `\\btragen sie (?:mich|uns)\\b${GAP}\\baus\\b`, '\\baustragen\\b', "\\b(?:didn'?t|did not|never) (?:sign(?:ed)? up|subscribe[d]?|ask(?:ed)? for|opt(?:ed)? in)\\b", '\\baus (?:dem|ihrem|eurem|deinem) (?:e-?mail-?)?(?:verteiler|newsletter|liste|datenbank)', '\\babmeld',
        // fr
        `\\b(?:supprim|effac|retir)(?:er|ez|e|ons)\\b${GAP}\\b(?:moi|nous|mon|ma|mes|notre|nos|adresse|coordonn[ée]es|donn[ée]es|liste|fichier|base)`, `\\b(?:supprimez|effacez|retirez)-(?:moi|nous)`, '\\bd[ée]sinscri', '\\bd[ée]sabonn',
        // es
        `\\b(?:elimin|borr|suprim|quit)\\w{0,6}\\b${GAP}\\b(?:me|mi|mis|nos|nuestr|vuestr|su|correo|direcci[óo]n|datos|lista|base)\\b`, '\\b(?:eliminadme|borradme|elim[íi]name|b[óo]rrame|b[óo]rrenme|elim[íi]nenme|qu[íi]tenme|s[áa]quenme)\\b', '\\b(?:dar(?:me|nos)?|dadme|d[ée]nme|d[ée]nnos) de baja',
        // it
        `\\b(?:rimuov|cancell|elimin)(?:ere|ete|i|a|ate|ami|atemi|etemi)\\b${GAP}\\b(?:mi|ci|mio|mia|miei|nostr|indirizzo|email|e-mail|dati|lista|elenco|database)`, '\\b(?:cancellami|rimuovetemi|rimuovimi|cancellatemi|eliminatemi|toglietemi|toglimi|toglieteci|togliermi|toglierci)\\b', '\\bdisiscri',
        // es / it / pt: a removal verb (with or without its clitic, "sácame", "tirem-me", "me tire", "ser removido"), then "from the list".
        `\\b(?:s[áa]c|saqu|quit|borr|elimin|tir|remov|cancell|togl|rimuov|exclu|apag|retir|cancel)\\w{0,8}(?:-(?:me|nos|mi|ci))?\\b${GAP}\\b(?:de|da|dalla|dai|dagli|del|dos|das)\\s(?:[^\\s.!?]{1,12}\\s){0,2}(?:lista|listas|liste|elenco|base|banco|database|mailing|contatti|contactos|contatos|registro)\\b`,
        // pt
        `\\b(?:remov|apag|exclu|retir)(?:er|a|am|ir|e|em|ar)\\b${GAP}\\b(?:me|meu|minha|meus|nos|nosso|e-?mail|endere[çc]o|dados|lista|base)`, '\\b(?:removam-me|removam-nos|apaguem|descadastr)',
        // nl
        `\\bverwijder\\w*\\b${GAP}\\b(?:mij|me|ons|mijn|onze|adres|e-?mail|mailadres|gegevens|lijst|bestand|database)`, `\\b(?:mij|ons|me|adres|mailadres|e-?mailadres|gegevens)\\b${GAP}\\bverwijder`, '\\buitschrijv', '\\bafmeld', `\\bhaal (?:me|mij|ons)\\b${GAP}\\b(?:van|uit)\\b${GAP}\\b(?:lijst|lijsten|bestand|mailinglijst|database)`,
        // pl
        `\\busu[ńnw]\\w*\\b${GAP}\\b(?:mnie|nas|m[óo]j|moje|moich|adres|e-?mail|dane|danych|list|baz)`, `\\b(?:mnie|nas)\\b${GAP}\\busu[ńnw]`, `\\bwypis(?:z|a[ćc]|cie)\\b${GAP}\\b(?:mnie|nas|z list|z baz)`,
        // sv
        `\\b(?:ta bort|radera)\\b${GAP}\\b(?:mig|oss|min|mina|v[åa]r|v[åa]ra|adress|e-?post|mejladress|uppgifter|listan|register)`, '\\bavregistrer', '\\bavsluta prenumeration',
      ],
    ),
  },
  {
    // Mentions of data-protection law: never answered by a machine, but not by themselves a stop request.
    kind: 'data-protection',
    re: wordRegex('\\b(?:gdpr|ccpa|personal data|data protection|dsgvo|datenschutz|rgpd|donn[ée]es personnelles|lopd|datos personales|dati personali|lgpd|dados pessoais|avg|persoonsgegevens|rodo|dane osobowe|danych osobowych|personuppgift)'),
  },
  {
    kind: 'address-source',
    re: wordRegex(
      [
        `\\b(?:how|where) did you (?:\\w+ )?(?:get|find|obtain|buy|scrape|source|come across)\\b${GAP}\\b(?:e-?mail|address|contact|details|info)`,
        '\\bwho gave you (?:my|this|our)', `\\bwhere (?:is|was) (?:my|this) (?:e-?mail|address)${GAP}\\bfrom`,
        '\\bwoher (?:haben|hast|habt|kommt|stammt)\\b', '\\bwo haben sie (?:meine|diese)',
        `\\b(?:comment|o[ùu]) (?:avez-vous|as-tu|vous avez)${GAP}\\b(?:adresse|e-?mail|mail|coordonn)`,
        `\\b(?:c[óo]mo|de d[óo]nde|d[óo]nde)\\b${GAP}\\b(?:consigui|obtuv|sac[óoa]|tienen|tiene|obtien|consegu|arranj)${GAP}\\b(?:correo|direcci|e-?mail|contacto|dados|endere)`,
        `\\b(?:come|dove) (?:avete|hai|ha)${GAP}\\b(?:indirizzo|e-?mail|contatto|contatti)`,
        `\\bcomo (?:voc[êe]s? )?(?:conseguiu|conseguiram|obteve|obtiveram|achou|acharam)${GAP}\\b(?:e-?mail|endere[çc]o|contato)`,
        `\\b(?:hoe|waar)\\b${GAP}\\b(?:aan|vandaan)\\b${GAP}\\b(?:e-?mail|adres|mailadres|gegevens)|\\bhoe (?:komt|kom|komen) (?:u|je|jullie) aan`,
        '\\bsk[ąa]d (?:macie|masz|ma pan|ma pani|pan ma|pani ma|wzi[ęe]li)',
        `\\b(?:hur|var(?:ifr[åa]n)?) (?:fick|har) (?:ni|du)${GAP}\\b(?:adress|e-?post|mejl|mail|uppgifter|kontakt)`,
      ],
    ),
  },
  {
    kind: 'stop-contact',
    re: wordRegex(
      [
        "\\b(?:do not|don't|don’t|dont|never|please don't|please do not)(?: ever)?(?: again)? (?:contact|e-?mail|write to|message|follow[- ]up|reach out|bother|pitch|send (?:me|us))\\b", '\\bno need to follow[- ]?up',
        '\\bstop (?:e-?mailing|contacting|sending|spamming|messaging|writing|bothering|pitching|reaching)', '\\bno (?:more|further) (?:e-?mails?|messages|contact|outreach|pitches|follow[- ]?ups)',
        '\\bleave (?:me|us) alone', '\\bcease and desist', '\\bplease stop\\b', '\\bopt (?:me|us) out\\b', '\\bcancel (?:my|our|the) subscription',
        // "Enough", "leave me alone", "I've blocked you", in the nine languages.
        '\\bquit (?:e-?mailing|contacting|sending|messaging|writing)', '\\benough (?:with )?(?:the |these |your |all )?(?:e-?mails|messages|spam|pitches|follow-?ups)', "\\b(?:i'?ve|we'?ve|i have|we have) (?:now )?blocked\\b", '\\bcease (?:all )?(?:communication|contact|correspondence)', '\\bdo-?not-?contact\\b', '\\bunsub\\b',
        '\\bh[öo]ren sie (?:bitte )?auf\\b', '\\blassen sie (?:mich|uns) (?:bitte )?in ruhe', '\\bgenug (?:mit|von) (?:ihren|diesen|den|euren) (?:mails|e-?mails|nachrichten|anfragen)',
        '\\blaissez-(?:moi|nous) tranquilles?', "\\b(?:assez|[çc]a suffit) (?:de|avec) (?:vos|ces|tes) (?:mails|e-?mails|messages|relances)", "\\bj['’]ai bloqu[ée]",
        '\\bd[ée]j(?:ad|en|e|a)(?:me|nos) en paz', '\\bbasta (?:ya )?de (?:correos|e-?mails|mensajes)', '\\bhe bloqueado\\b',
        '\\bbasta (?:con )?(?:le |queste |con le )?(?:e-?mail|mail|messaggi)', '\\blasciate(?:mi|ci) in pace', '\\bsmettetela\\b',
        '\\bdeixem-(?:me|nos) em paz', '\\bchega de (?:e-?mails|mensagens|contatos)', '\\bbloqueei\\b',
        '\\bhou (?:eens )?op met (?:mailen|e-?mailen|sturen|mails)', '\\blaat (?:me|mij|ons) met rust', '\\bgenoeg (?:met|van) (?:die|deze|jullie|uw) (?:mails|e-?mails|berichten)',
        "\\b(?:cess|arr[êe]t)(?:er|ez|ons) de (?:m['’]|me |nous )", '\\bniet meer\\b[^.!?\\n]{0,20}\\b(?:gemaild|ge-?e-?maild|benaderd|gecontacteerd|lastiggevallen)', '\\buit (?:te )?schrijven\\b', '\\bnie [żz]ycz(?:[ęe]|ymy) sobie\\b', `\\b(?:mnie|nas)\\b${GAP}\\bwypis`,
        '\\bdajcie (?:mi|nam) spok[óo]j', '\\bprosz[ęe] przesta[ćc]', '\\bdo[śs][ćc] (?:tych |waszych )?(?:maili|e-?maili|wiadomo[śs]ci)',
        '\\bl[åa]t (?:mig|oss) vara\\b', '\\bnu f[åa]r det vara nog', '\\bsluta h[öo]ra av', '\\blose (?:my|this) (?:e-?mail|address|number)',
        "\\b(?:don'?t|do not|no longer) (?:want|wish|care) to (?:receive|get|hear from)", '\\b(?:be|been|get|getting) (?:removed|taken off|unsubscribed|deleted)\\b',
        // de
        '\\bnicht mehr (?:kontaktieren|anschreiben|schreiben|melden|anrufen|bel[äa]stigen)', '\\bkeine (?:weiteren |weitere )?(?:e-?mails|mails|nachrichten|anfragen|werbung|kontaktaufnahme)',
        `\\b(?:schreiben|kontaktieren) sie (?:mir|mich|uns) nicht`, '\\bunterlassen sie', '\\buntersage\\b', '\\bweitere kontaktaufnahme',
        // fr
        `\\bne (?:me |nous |m'|m’)?(?:contactez|[ée]crivez|relancez|sollicitez|envoyez)${GAP}\\bplus\\b`, `\\bne plus (?:me |nous |m'|m’)?(?:contacter|[ée]crire|relancer|solliciter|envoyer)`, '\\bne (?:souhaite|veux|d[ée]sire|souhaitons|voulons|d[ée]sirons) (?:plus|pas) recevoir', '\\bcessez de', '\\barr[êe]tez de (?:m|me|nous)\\b', '\\bplus jamais',
        // es
        `\\bno (?:me|nos) (?:vuelva|vuelvan|vuelvas|escriba|escriban|escribas|contacte|contacten|contactes|env[íi]e|env[íi]en|env[íi]es|mande|manden|mandes)\\b`, '\\b(?:dejen|deje|deja) de (?:escribir|enviar|contactar|molestar)', '\\bno (?:quiero|queremos) (?:recibir|m[áa]s)', '\\bno (?:deseo|deseamos) recibir',
        // it
        `\\bnon (?:mi |ci )?(?:contattate|scrivete|contatti|scriva|contattare|scrivere|inviate|mandate)(?:ci|mi)?\\b${GAP}\\bpi[ùu](?![a-z])`, '\\b(?:smettete|smetti|smetta) di', '\\bnon contattarmi', '\\bnon scrivermi', '\\bnon (?:desidero|voglio|vogliamo|desideriamo) (?:pi[ùu] )?ricevere',
        // pt
        `\\bn[ãa]o (?:me |nos )?(?:contate|contatem|contacte|contactem|escreva|escrevam|envie|enviem|mande|mandem)\\b${GAP}\\bmais\\b`, '\\b(?:parem|pare) de (?:me |nos )?(?:enviar|escrever|contatar|contactar|mandar)', '\\bn[ãa]o (?:quero|queremos|desejo|desejamos) (?:mais )?receber',
        // nl
        '\\bgeen contact meer', '\\bstuur (?:me|mij|ons) geen', '\\bniet meer (?:mailen|e-mailen|contacteren|benaderen|schrijven|sturen)', '\\bstop met (?:mailen|e-mailen|sturen|benaderen)', '\\bgeen (?:e-?mails|mails|berichten) meer',
        // pl
        `\\bnie (?:kontaktujcie|piszcie|wysy[łl]ajcie|kontaktuj|pisz|przysy[łl]ajcie)\\b`, `\\bprosz[ęe]${GAP}\\bnie (?:pisa[ćc]|kontaktowa[ćc]|wysy[łl]a[ćc])`, '\\bnie (?:chc[ęe]|chcemy) (?:ju[żz] )?(?:otrzymywa[ćc]|dostawa[ćc])', '\\bprzesta[ńn]cie',
        // sv
        '\\bkontakta (?:mig|oss) (?:inte|aldrig)', '\\bsluta (?:maila|mejla|skicka|kontakta|skriva)', '\\bskicka inga (?:fler|mer)', '\\bvill inte (?:f[åa]|ha|ta emot) (?:fler|mer|n[åa]gra)', '\\bskicka inte (?:fler|mer|n[åa]gra)', `\\binte\\b${GAP}\\b(?:kontakta|maila|mejla|skriva till) (?:mig|oss) (?:igen|mer)`,
      ],
    ),
  },
  {
    kind: 'legal',
    re: wordRegex(
      [
        '\\blawyers?\\b', '\\battorneys?\\b', '\\bsolicitors?\\b', '\\blegal (?:action|steps|proceedings|team|department|counsel|notice|advice)', '\\blaw ?suit', '\\bsu(?:e|ing) (?:you|your)', '\\bin court\\b', '\\bcourt order',
        '\\bcease and desist', '\\bdmca\\b', '\\bcopyright (?:infringement|violation|claim)', '\\bdefamation', '\\blibel\\b', '\\blitigation', '\\bpolice\\b', '\\bregulator\\b', '\\bico\\b', '\\bftc\\b', '\\bcan-?spam',
        '\\b(?:rechts)?anw[äa]lt', '\\brechtliche schritte', '\\babmahnung', '\\bvor gericht', '\\bgerichtlich', '\\bklage\\b', '\\bstrafanzeige', '\\banzeige erstatten',
        '\\bavocat', '\\bpoursuites', '\\baction en justice', '\\bmise en demeure', '\\btribunal', '\\bporter plainte', '\\bcnil\\b',
        '\\babogad', '\\bacciones legales', '\\bmedidas legales', '\\bdemandar(?:emos|[ée])?\\b', '\\buna demanda\\b', '\\baepd\\b',
        '\\bavvocat', '\\bazioni legali', '\\bvie legali', '\\bdiffida', '\\bquerela', '\\bgarante (?:della )?privacy',
        '\\badvogad', '\\ba[çc][ãa]o judicial', '\\bprocesso judicial', '\\bmedidas judiciais', '\\banpd\\b',
        '\\badvocaat', '\\bjuridische stappen', '\\brechtszaak', '\\bsommatie', '\\bautoriteit persoonsgegevens',
        '\\bprawnik', '\\badwokat', '\\bkroki prawne', '\\bpozew', '\\bs[ąa]d(?:zie|u)\\b', '\\bs[ąa]dow', '\\buodo\\b',
        '\\badvokat', '\\bjurist', '\\br[äa]ttsliga [åa]tg[äa]rder', '\\bst[äa]mning', '\\bdomstol', '\\bpolisanm[äa]lan', '\\bimy\\b',
      ],
    ),
  },
];

const EXCERPT_CHARS = 120;

function matchAll(text: string, where: RedFlag['where']): RedFlag[] {
  const out: RedFlag[] = [];
  for (const { kind, re } of RULES) {
    const m = re.exec(text);
    if (!m) continue;
    const start = Math.max(0, m.index - 30);
    out.push({ kind, where, excerpt: text.slice(start, m.index + m[0].length + 40).replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARS) });
  }
  return out;
}

export interface RedFlagInput {
  /** The sender's new text: quotes and signature removed. */
  newText: string;
  subject: string;
  /** The whole text (with quotes) and the HTML: injection is looked for everywhere, hidden text included. */
  fullText: string;
  html: string | null;
}

/** Instructions aimed at an AI (the one detector, injection.ts) as a red flag. */
function injectionFlag(text: string, where: RedFlag['where']): RedFlag[] {
  const sign = findInjectionSigns(text)[0];
  return sign ? [{ kind: 'injection', where, excerpt: sign.excerpt.slice(0, EXCERPT_CHARS) }] : [];
}

/** Every red flag, each kind once (the first place it shows). */
export function findRedFlags(input: RedFlagInput): RedFlag[] {
  const visibleRaw = `${input.subject}\n${input.newText}`;
  const visible = normalizeForDetection(visibleRaw);
  const hiddenRaw = hiddenText(input.fullText, input.html);
  const hidden = normalizeForDetection(hiddenRaw);
  const found = [...matchAll(visible, 'text'), ...injectionFlag(visibleRaw, 'text'), ...matchAll(hidden, 'hidden'), ...injectionFlag(hiddenRaw, 'hidden'), ...injectionFlag(input.fullText, 'text')];
  const seen = new Set<string>();
  return found.filter((f) => {
    if (seen.has(f.kind)) return false;
    seen.add(f.kind);
    return true;
  });
}
