import { describe, it, expect } from 'vitest';
import { stripQuoted } from '../../../src/classify/rules/strip-quoted.ts';
import { htmlToText } from '../../../src/classify/rules/html-to-text.ts';

describe('stripQuoted', () => {
  it.each([
    ['Sounds good.\n\nOn Mon, May 26, 2025 at 10:14 AM Anna <anna@x.com> wrote:\n> Would you?\n', 'Sounds good.'],
    ['Sounds good.\n\nOn Mon, May 26, 2025 at 10:14 AM Anna <anna@x.com>\nwrote:\n> Would you?', 'Sounds good.'],
    ['Yes.\n\n-----Original Message-----\nFrom: Anna\nSent: Monday\nNot interested?', 'Yes.'],
    ['Yes.\n\nFrom: Anna Kowalski <anna@x.com>\nSent: Monday, May 26, 2025\nTo: me\nSubject: hi\n\nold text', 'Yes.'],
    ['Gerne.\n\nAm 26.05.2025 um 10:14 schrieb Anna <anna@x.com>:\n> alt', 'Gerne.'],
    ['Oui.\n\nLe lun. 26 mai 2025 à 10:14, Anna <anna@x.com> a écrit :\n> ancien', 'Oui.'],
    ['Price is $100.\n\n--\nMark\nhttps://blog.example', 'Price is $100.'],
    ['Price is $100.\n\nBest regards,\nMark Ellison\nEditor', 'Price is $100.'],
    ['Hi Anna,\n\nThanks!\n\nThe post is live.', 'Hi Anna,\n\nThanks!\n\nThe post is live.'],
    ['Ok.\n\nSent from my iPhone\n\n> quoted', 'Ok.'],
  ])('%#', (raw, expected) => {
    expect(stripQuoted(raw).text).toBe(expected);
  });

  it('reports the quote and keeps the signature apart', () => {
    const r = stripQuoted('Yes.\n\n-- \nJo, IBAN DE89370400440532013000\n> old');
    expect(r.hadQuote).toBe(true);
    expect(r.signature).toContain('IBAN');
  });
});

describe('htmlToText', () => {
  it('marks blockquotes and Gmail quote containers as quoted, keeps link targets', () => {
    const t = htmlToText('<p>Live here: <a href="https://blog.example/post">post</a></p><div class="gmail_quote">On Mon wrote:<blockquote>old</blockquote></div>');
    expect(t).toContain('https://blog.example/post');
    expect(t).toMatch(/^> old$/m);
    expect(stripQuoted(t).text).toBe('Live here: https://blog.example/post post');
  });
});
