import { describe, it, expect } from 'vitest';
import { findReturnDate } from '../../../src/classify/rules/return-date.ts';

// Monday 2 June 2025: relative dates resolve against this instant, never the clock.
const now = new Date('2025-06-02T09:00:00Z');

describe('findReturnDate', () => {
  it.each([
    ['I will be back on Monday.', '2025-06-09'],
    ['Back tomorrow.', '2025-06-03'],
    ['I am out of the office until Friday 6 June.', '2025-06-06'],
    ['returning 3 March', '2026-03-03'],
    ['AUTO: out of the office (returning 09/18/2025)', '2025-09-18'],
    ['on vacation from Monday September 8th, returning Tuesday September 23rd.', '2025-09-23'],
    ['away from Friday September 5th until Sunday, September 21st, back in the office on Monday, September 22nd.', '2025-09-22'],
    ['Ich bin bis zum 15.06.2025 nicht im Büro.', '2025-06-15'],
    ['Je serai de retour le 12 juin.', '2025-06-12'],
    ['Estaré fuera hasta el 20 de junio.', '2025-06-20'],
    ['Sarò di ritorno il 4 luglio.', '2025-07-04'],
    ['Back on 2025-07-01.', '2025-07-01'],
    ['I am travelling with limited access to email.', null],
  ])('%s → %s', (text, date) => {
    expect(findReturnDate(text, now)).toBe(date);
  });
});

// Wednesday 2 December 2026, the receive date: a day or a day and month without a year resolve
// against it, rolling into January 2027.
const dec = new Date('2026-12-02T10:00:00Z');

describe('findReturnDate in nine languages', () => {
  it.each([
    // English: "until X" → X, explicit return wins, day-only rolls forward, US order only when forced.
    ["I'm out of the office and back on the 14th.", '2026-12-14'],
    ["I'm away until the 1st, back soon.", '2027-01-01'],
    ['I am out of the office until 12/18/2026 with no access to email.', '2026-12-18'],
    ['Away until 03/01/2027.', '2027-01-03'],
    // Day-first would be long past; the month-first reading is the current one.
    ['Away until 12/01/2026.', '2026-12-01'],
    ['Away until 01/12/2026.', '2026-12-01'],
    ['I will be out of the office from 30 November 2026 through 18 December 2026. I will return on 21 December 2026.', '2026-12-21'],
    ["I'm away until Wednesday 16 December and will reply when I'm back.", '2026-12-16'],
    ['Out of office until December 14th.', '2026-12-14'],
    ['Returning Monday 7 December.', '2026-12-07'],
    ['From January 5th I am back in the office.', '2027-01-05'],
    ["I'm on parental leave until January 2027.", null],
    ['I will be back next week.', null],
    ['Back in 5 days.', null],
    // German: numeric d.m., "ab … wieder", end of range vs explicit return.
    ['Ich bin bis zum 3. Januar nicht im Büro und ab dem 4.1. wieder erreichbar.', '2027-01-04'],
    ['Ich bin bis einschließlich 23.12. im Urlaub.', '2026-12-23'],
    ['Ab Montag, 7. Dezember bin ich wieder im Büro.', '2026-12-07'],
    ['Ab dem 5.1. bin ich im Urlaub.', null],
    ['Wieder erreichbar bin ich ab dem 11.01.2027.', '2027-01-11'],
    // French
    ['Je suis absente du bureau et de retour le 8 décembre.', '2026-12-08'],
    ["Je suis en congés jusqu'au 1er janvier.", '2027-01-01'],
    ['En vacances, de retour fin décembre.', null],
    // Spanish
    ['Volveré el 10 de diciembre.', '2026-12-10'],
    ['Estoy de vacaciones hasta el 14 de diciembre de 2026.', '2026-12-14'],
    // Italian
    ['Sono fuori ufficio, rientro previsto il 9 dicembre.', '2026-12-09'],
    ['Sono in ferie fino al 6 gennaio.', '2027-01-06'],
    ['Sarò in ferie fino al 2 marzo.', '2027-03-02'],
    // Portuguese
    ['Estou de férias até 15/12 com acesso limitado ao e-mail.', '2026-12-15'],
    ['Estarei de volta no dia 4 de janeiro.', '2027-01-04'],
    // Dutch
    ['Ik ben met vakantie tot en met 11 december.', '2026-12-11'],
    ['Vanaf maandag 7 december ben ik weer bereikbaar.', '2026-12-07'],
    ['Ik ben op 4 januari weer terug. Tot dan!', '2027-01-04'],
    // Polish
    ['Przebywam na urlopie do 8 grudnia.', '2026-12-08'],
    ['Jestem na urlopie do 5 stycznia, wracam 6 stycznia.', '2027-01-06'],
    // Swedish
    ['Jag är tillbaka den 3 januari.', '2027-01-03'],
    ['Jag är ledig till och med 5 januari.', '2027-01-05'],
    ['Jag är på semester nästa vecka.', null],
  ])('%s → %s', (text, date) => {
    expect(findReturnDate(text, dec)).toBe(date);
  });
});
