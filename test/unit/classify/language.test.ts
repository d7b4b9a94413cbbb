import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { findReturnDate } from '../../../src/classify/rules/return-date.ts';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { email } from './helpers.ts';
import { growth } from '../../support/linear-time.ts';

describe('detectLanguage (eld, nine languages)', () => {
  // Our own short replies, one intent of each kind per language; not from any corpus.
  const cases: [string, string][] = [
    ['en', 'Sounds good, send the draft over when it is ready.'],
    ['en', 'Please take me off your mailing list.'],
    ['de', 'Klingt gut, schicken Sie mir bitte den Entwurf.'],
    ['de', 'Ich bin bis zum 12. Januar nicht im Büro.'],
    ['fr', 'Ça marche, envoyez-moi le texte quand il est prêt.'],
    ['fr', 'Je suis absente jusqu\'au 8 janvier, merci de votre patience.'],
    ['es', 'Me parece bien, envíame el borrador cuando puedas.'],
    ['es', 'Estaré fuera de la oficina hasta el 10 de enero.'],
    ['it', 'Va bene, mandami pure la bozza dell\'articolo.'],
    ['it', 'Sono fuori ufficio fino al 7 gennaio.'],
    ['pt', 'Pode mandar o rascunho, vou dar uma olhada.'],
    ['pt', 'Estou de férias até 15 de janeiro.'],
    ['nl', 'Stuur maar door, klinkt goed.'],
    ['nl', 'Ik ben afwezig tot en met 6 januari.'],
    ['pl', 'Brzmi dobrze, proszę przesłać tekst.'],
    ['pl', 'Jestem na urlopie do 10 stycznia.'],
    ['sv', 'Låter bra, skicka gärna utkastet.'],
    ['sv', 'Jag är ledig till och med 7 januari.'],
  ];
  it.each(cases)('%s: %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each(['Ok', '', 'https://example.com/some/long/path?x=1 123', 'jane.doe@example.com', '$150', '   '])('too little to tell: %j → null', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it('reads only the start of a hostile megabyte: French, and no slower than linear', () => {
    const hostile = (n: number) => `Bonjour, merci pour votre message. ${'a'.repeat(n)}`;
    expect(detectLanguage(hostile(1_000_000))).toBe('fr');
    const g = growth(detectLanguage, hostile(250_000), hostile(1_000_000), 'detectLanguage');
    expect(g.ms, g.report).toBeLessThan(g.limit);
  });

  it('fills facts.language on human replies and absence notes', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const human = classifyWithRules({ email: email({ text: 'Nein danke, wir veröffentlichen keine Gastbeiträge.' }), now }, detectLanguage);
    expect(human.facts.language).toBe('de');
    const ooo = classifyWithRules({ email: email({ subject: 'Automatische Antwort: Artikel', text: 'Ich bin bis zum 12. Januar nicht im Büro.', headers: { 'auto-submitted': 'auto-replied' } }), now }, detectLanguage);
    expect(ooo.facts.language).toBe('de');
    expect(ooo.facts.returnDate).toBe('2027-01-12');
  });
});

describe('the language decides an ambiguous slashed date', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it.each([
    // English may be month-first: the nearer plausible reading.
    ['en', 'I am out of the office until 12/10.', '2026-12-10'],
    ['en', 'Back on 1/5/2027.', '2027-01-05'],
    // Day-first languages never swap while the day-first reading is plausible.
    ['fr', 'Absent jusqu\'au 12/10.', '2027-10-12'],
    ['de', 'Zurück am 1/5/2027.', '2027-05-01'],
    // Unknown language: day first, as before.
    [null, 'Back on 12/10.', '2027-10-12'],
    // Impossible day-first reading: month-first whatever the language.
    ['it', 'Rientro il 12/18/2026.', '2026-12-18'],
  ])('%s: %s → %s', (lang, text, date) => {
    expect(findReturnDate(text, now, lang)).toBe(date);
  });
});
