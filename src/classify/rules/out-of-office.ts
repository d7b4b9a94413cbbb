/**
 * Out-of-office wording in several languages. Kept apart from the header checks so the same rules
 * read a human-typed "I'm away until Monday" and a vacation auto-reply.
 */

/**
 * A mailbox "not monitored" is an organisation's unattended address (AUTO_REPLY, see
 * auto-reply.ts), not a person's absence; one "no longer in use" belongs to someone who left.
 */
const ABSENCE: RegExp[] = [
  // English
  /\b(out of (the )?office|ooo\b|away from (the |my )?(office|desk|e-?mail|keyboard)|on (annual |a |my )?(vacation|holiday|holidays|leave|annual leave|sabbatical|honeymoon|parental leave|maternity leave|paternity leave|sick leave|business trip|pto)|(currently |presently )?(away|travell?ing|off|offline) (until|till|through|and will|from|with limited)|limited (access to|ability to (check|access)) (e-?mail|my e-?mail|email)|no access to (my )?e-?mail|(will|shall) (be )?(back|return|respond|reply) (on|upon|when|after|in the office)|upon my return|when i return|on my return|i am (currently )?(away|out|off)\b|i'?m (currently )?(away|out|off)\b|(back|returning) (in the office|to the office|on)\b|this (e-?mail )?(inbox|mailbox|e-?mail address|address|account)( [^\s@()]+@[^\s@()]+| \([^\s@()]+@[^\s@()]+\))? is no longer in use|no longer (with|at|working)|left the company|at (a|the|an) (conference|trade ?show|event|offsite)|(will be|am|i'?m|i'?ll be) (currently )?(unavailable|not available|out of town|out of the country)|limited (e-?mail|email|internet) access|off sick|out sick|(in|during) my absence|while i'?m (away|out|off)|on (medical|bereavement|compassionate|study) leave)/i,
  // German
  /(nicht im büro|abwesend|im urlaub|außer haus|ausser haus|nicht im haus|urlaubsbedingt|bin (ab|bis)|wieder (im büro|erreichbar|da)|eingeschränkt erreichbar|nicht erreichbar|keinen zugriff auf (meine )?e-?mails?|in elternzeit|auf (dienst|geschäfts)reise|abwesenheitsnotiz|im mutterschutz|krankgeschrieben|(in|während) meiner abwesenheit|wieder im haus|nicht verfügbar)/i,
  // French
  /(absente? du bureau|en (congés?|vacances|déplacement|congé maternité|congé parental)|actuellement absente?|de retour le|hors du bureau|je serai absente?|je suis absente?|accès limité|je serai de retour|(en|pendant) mon absence|en arrêt maladie|reviendrai|je serai indisponible|je suis indisponible)/i,
  // Spanish / Portuguese
  /(fuera de la oficina|de vacaciones|estoy ausente|estaré ausente|estaré fuera|regresaré|volveré (el|a la oficina)|de vuelta el|de viaje|de baja|fora do escritório|de férias|estou ausente|estarei ausente|estarei fora|de licença|(en|durante) mi ausencia|de permiso|(na|durante a) minha ausência|de baixa|(estaré|estoy) (no disponible|fuera de la ciudad)|(estarei|estou) indisponível)/i,
  // Italian
  /(fuori (ufficio|sede)|in ferie|sono assente|sarò assente|rientrerò|rientro previsto|sarò di ritorno|di ritorno il|in vacanza|in trasferta|non sarò raggiungibile|in congedo|in malattia|in maternità|(durante la|in) mia assenza|(sarò|sono) non disponibile)/i,
  // Dutch / Swedish / Nordic / Polish
  /(afwezig|met vakantie|op vakantie|niet op kantoor|niet aanwezig|weer aanwezig|weer bereikbaar|frånvarande|på semester|är ledig|föräldraledig|tjänstledig|inte på kontoret|tillbaka (den|på kontoret|igen)|ikke på kontoret|på ferie|fraværende|poissa|lomalla|nieobecn|na urlopie|poza biurem|przebywam na|met verlof|(tijdens|in) mijn afwezigheid|ziek thuis|na zwolnieniu|w delegacji|sjukskriven|under min frånvaro|på tjänsteresa|på konferens|(ben|zal) (ik )?niet beschikbaar|(będę|jestem) niedostępn|inte tillgänglig)/i,
  // Office closures and "back on …" statements, nine languages (issue 9, third pass): "our office is
  // closed until 4 January", "Büro … geschlossen", "nos bureaux sont fermés", "oficinas cerradas", …
  /\b(office|offices|studio|shop|team|company|we) (is |are |will be |remains? )?(closed|shut)\b|\b(closed|shut) (for|over|during) (the )?(holidays?|christmas|new year|summer|easter|break)|\bnot in the office\b|\bi'?ll be (back|away|out|off)\b|\bi (return|get back|am back|'m back) (on|to the office|to work)\b|\bback at (my desk|work)\b|\btravell?ing (with|and|until|till|through)\b|\b(patchy|limited|intermittent|sporadic) (connectivity|signal|wifi|wi-fi|internet|reception)\b/i,
  /(büro|geschäft|praxis|redaktion|firma)\b[^\n]{0,40}\b(geschlossen|nicht besetzt)|betriebsferien|betriebsurlaub|(habe|in) urlaub|auf reisen|bin (ab|am) [^.\n]{0,30}zurück|bin (wieder )?zurück (am|ab)|(bureaux?|agence|boutique|rédaction)\b[^.\n]{0,30}\b(fermée?s?)|fermeture (annuelle|exceptionnelle)|je reviens (le|lundi|mardi|mercredi|jeudi|vendredi)|(oficinas?|tienda|redacción)\b[^.\n]{0,40}\b(cerrad[oa]s?)|cierre por vacaciones|(vuelvo|regreso|me reincorporo) (el|a la oficina|al trabajo|lunes|martes|miércoles|jueves|viernes)|estaré de vuelta|(uffici|ufficio|negozio|redazione)\b[^.\n]{0,40}\b(chius[oi])|chiusura (aziendale|per ferie)|(torno|rientro) (il|in ufficio|lunedì|martedì|mercoledì|giovedì|venerdì)|sarò fuori|(escritório|loja|redação)\b[^.\n]{0,40}\b(fechad[oa]s?)|(volto|regresso|retorno) (no dia|a \\d|em \\d|ao escritório|na)|estarei de volta/i,
  /(kantoor|winkel|redactie)\b[^.\n]{0,40}\b(gesloten|dicht)|ben (ik )?(weer )?terug (op|vanaf|per)|beperkt bereikbaar|(biuro|sklep|redakcja)\b[^.\n]{0,40}\b(nieczynne|zamknięte|zamknięty)|wracam (do|w|we|dnia|\\d)|będę z powrotem|ograniczony dostęp|(kontoret|butiken|redaktionen)\b[^.\n]{0,40}\b(stängt|stängd)|åter (på kontoret|i tjänst|den|\\d)|begränsad (tillgång|åtkomst)|jag är borta/i,
  // Closed for a while, said by the organisation itself: "we are closed until 4 January", "Wir sind in
  // der Winterpause", "vi har julledigt", "siamo chiusi per ferie" (nine languages).
  /\b(?:we are|we're|we will be|we'll be) (?:closed|away|off)\b|\bclosed (?:until|till|through|from)\b|(?:wir sind|sind wir)\b[^.\n]{0,30}\b(?:geschlossen|im urlaub|in den ferien)|\b(?:winter|sommer|weihnachts|oster)pause\b|\bbetriebsruhe\b|\bgeschlossen (?:bis|vom|von)\b|\bnous sommes (?:fermés|en congés|absents)|\bfermés? (?:jusqu|du \d)|\bcongés annuels\b|\b(?:estamos|permaneceremos) (?:cerrad[oa]s|de vacaciones)|\bcerrad[oa]s? (?:hasta|del \d|por vacaciones)|\bsiamo (?:chiusi|in ferie)|\bchius[oiae] (?:fino|dal \d|per ferie)|\b(?:estamos|estaremos) (?:fechad[oa]s|de férias|em recesso)|\bfechad[oa]s? (?:até|de \d)|\brecesso\b|\b(?:wij zijn|we zijn|zijn wij|zijn we) (?:gesloten|dicht|met vakantie)|\bgesloten (?:tot|van|t\/m)\b|\b(?:kerst|zomer)(?:sluiting|vakantie)\b|\b(?:jesteśmy|będziemy) (?:nieobecni|na urlopie|zamknięci)|\bprzerw(?:a|ie|ę) świąteczn|\bnieczynne (?:do|od)\b|\bvi (?:är|har) (?:stängt|jul ?ledigt|semesterstängt|ledigt)|\b(?:jul|semester)(?:stängt|ledigt)\b|\bstängt (?:till|t\.o\.m|fram till|från|mellan)\b/i,
  // Beyond the nine: the absence words of other languages real auto-replies arrive in (ja, zh, ru, cs, da/no, hu, tr, el).
  /不在|休暇|出張|夏季休暇|夏期休暇|年末年始|休假|出差|不在办公室|в отпуске|вне офиса|отсутству|в командировке|mimo kancelář|na dovolené|nepřítomn|på ferie|på kontoret igen|tilbake|tilbage|szabadságon|házon kívül|izindeyim|ofis dışında|εκτός γραφείου|σε άδεια/i,
];

export function mentionsAbsence(text: string): boolean {
  return ABSENCE.some((re) => re.test(text));
}

/** First-person absence statements ("I'm on holiday", "ich bin im Urlaub", "sono in ferie", …). */
const FIRST_PERSON_ABSENCE =
  /\b(i am|i'?m|i will be|i'?ll be)\s+(currently\s+)?(out of (the )?office|on (vacation|holiday|leave|annual leave|parental leave|maternity leave|paternity leave|sick leave)|away|travell?ing|off sick|out sick|at a conference|out of town|unavailable|not available)\b|ich bin (derzeit |zurzeit |gerade )?(bis|ab|vom|im urlaub|nicht im büro|abwesend|außer haus)|je (suis|serai) (actuellement )?(absente?|en (congés?|vacances|déplacement))|(estoy|estaré) (actualmente )?(de vacaciones|fuera|ausente)|(sono|sarò) (attualmente )?(in ferie|fuori ufficio|assente|in vacanza)|(estou|estarei) (de férias|fora|ausente)|ik ben (momenteel |nu )?(afwezig|met vakantie|op vakantie|niet aanwezig|niet op kantoor)|(jestem|będę) (na urlopie|nieobecn)|przebywam na urlopie|jag är (för närvarande |just nu )?(på semester|ledig|borta|frånvarande|tjänstledig|föräldraledig)/i;

/** A human typing a short absence note ("I'm on holiday until the 12th, will reply then"). */
export function isShortAbsenceNote(text: string): boolean {
  return text.length < 500 && FIRST_PERSON_ABSENCE.test(text);
}
