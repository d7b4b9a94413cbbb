/**
 * Out-of-office wording in several languages. Kept apart from the header checks so the same rules
 * read a human-typed "I'm away until Monday" and a vacation auto-reply.
 */

const ABSENCE: RegExp[] = [
  // English
  /\b(out of (the )?office|ooo\b|away from (the |my )?(office|desk|e-?mail|keyboard)|on (annual |a )?(vacation|holiday|holidays|leave|sabbatical|parental leave|maternity leave|paternity leave|sick leave|business trip|pto)|(currently |presently )?(away|travell?ing|off) (until|till|through|and will|from|with limited)|limited (access to|ability to (check|access)) (e-?mail|my e-?mail|email)|no access to (my )?e-?mail|(will|shall) (be )?(back|return|respond|reply) (on|upon|when|after|in the office)|upon my return|when i return|on my return|i am (currently )?(away|out|off)\b|i'?m (currently )?(away|out|off)\b|(back|returning) (in the office|to the office|on)\b|this (inbox|mailbox|email address) is (no longer|not) (in use|monitored|active)|no longer (with|at|working)|left the company)/i,
  // German
  /(nicht im büro|abwesend|im urlaub|außer haus|ausser haus|urlaubsbedingt|bin (ab|bis)|wieder (im büro|erreichbar|da)|eingeschränkt erreichbar|keinen zugriff auf (meine )?e-?mails?|in elternzeit)/i,
  // French
  /(absent(e)? du bureau|en (congés?|vacances|déplacement)|actuellement absent|de retour le|hors du bureau|je serai absent|accès limité)/i,
  // Spanish / Portuguese
  /(fuera de la oficina|de vacaciones|ausente|estaré fuera|regresaré|de vuelta el|fora do escritório|de férias|estarei ausente)/i,
  // Italian
  /(fuori (ufficio|sede)|in ferie|assente|rientrerò|sarò assente|di ritorno il)/i,
  // Dutch / Nordic / Polish
  /(afwezig|met vakantie|niet op kantoor|weer aanwezig|frånvarande|på semester|ikke på kontoret|på ferie|fraværende|poissa|lomalla|nieobecn|na urlopie)/i,
];

export function mentionsAbsence(text: string): boolean {
  return ABSENCE.some((re) => re.test(text));
}

/** A human typing a short absence note ("I'm on holiday until the 12th, will reply then"). */
export function isShortAbsenceNote(text: string): boolean {
  return text.length < 500 && /\b(i am|i'?m|i will be|i'?ll be)\s+(currently\s+)?(out of (the )?office|on (vacation|holiday|leave|parental leave|maternity leave)|away|travell?ing)\b/i.test(text);
}
