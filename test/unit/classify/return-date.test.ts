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
