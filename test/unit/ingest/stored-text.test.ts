import { describe, expect, it } from 'vitest';
import { boundEmailBody, boundPayloadTexts, boundStoredText, MAX_STORED_HTML_CHARS, MAX_STORED_TEXT_CHARS } from '../../../src/ingest/stored-text.ts';
import { growth } from '../../support/linear-time.ts';

describe('boundStoredText', () => {
  it.each([
    ['plain text is kept as it came', 'Sounds great! Send the draft over.', 100, 'Sounds great! Send the draft over.'],
    ['15 blanks stay (bounce notices align columns)', `a${' '.repeat(15)}b`, 100, `a${' '.repeat(15)}b`],
    ['16 blanks become one space', `a${' '.repeat(16)}b`, 100, 'a b'],
    ['tabs and no-break spaces count as blanks', `a${' \t\u00a0'.repeat(8)}b`, 100, 'a b'],
    ['a leading run collapses', `${' '.repeat(900_000)}Sounds great!`, 100, ' Sounds great!'],
    ['several runs', `a${' '.repeat(20)}b${' '.repeat(3000)}c`, 100, 'a b c'],
    ['cut at the bound', 'abcdefghij', 4, 'abcd'],
    ['cut after collapsing', `ab${' '.repeat(40)}cdefgh`, 5, 'ab cd'],
    ['empty', '', 10, ''],
  ])('%s', (_what, input, max, expected) => {
    expect(boundStoredText(input, max)).toBe(expected);
  });

  it('returns the same string when nothing changes (no copy for ordinary mail)', () => {
    const s = 'x'.repeat(1000);
    expect(boundStoredText(s, 2000)).toBe(s);
  });

  it('is bounded by the output, not the input: 4 MB of letters or of blanks, no slower than linear', () => {
    const letters = (n: number) => 'lorem ipsum dolor '.repeat(n / 16);
    const blanks = (n: number) => `${' \t'.repeat(n / 2)}end`;
    const spaces = (n: number) => `${' '.repeat(n)}end`;
    expect(boundStoredText(letters(4_000_000), MAX_STORED_TEXT_CHARS)).toHaveLength(MAX_STORED_TEXT_CHARS);
    expect(boundStoredText(blanks(4_000_000), MAX_STORED_TEXT_CHARS)).toBe(' end');
    expect(boundStoredText(spaces(4_000_000), MAX_STORED_TEXT_CHARS)).toBe(' end');
    // the regex this path replaced took ~250 ms for 900 KB cold and grew faster than the text
    for (const [what, make] of [['letters', letters], ['blanks', blanks], ['spaces', spaces]] as const) {
      const g = growth((t) => boundStoredText(t, MAX_STORED_TEXT_CHARS), make(1_000_000), make(4_000_000), `boundStoredText on ${what}`);
      expect(g.ms, g.report).toBeLessThan(g.limit);
    }
  });
});

describe('boundPayloadTexts / boundEmailBody', () => {
  it('bounds the text and HTML fields of an Instantly payload and keeps every other field', () => {
    const payload = { event_type: 'reply_received', lead_email: 'a@b.example', reply_text: `${' '.repeat(900_000)}Yes`, reply_html: 'h'.repeat(MAX_STORED_HTML_CHARS + 10), custom: 'kept' };
    const out = boundPayloadTexts(payload);
    expect(out).toEqual({ ...payload, reply_text: ' Yes', reply_html: 'h'.repeat(MAX_STORED_HTML_CHARS) });
    expect(payload.reply_text).toHaveLength(900_003); // the input is not changed
  });

  it('returns the payload itself when nothing needs bounding', () => {
    const payload = { event_type: 'reply_received', reply_text: 'Yes please', reply_html: null };
    expect(boundPayloadTexts(payload)).toBe(payload);
  });

  it('bounds an API email body', () => {
    expect(boundEmailBody({ text: `a${' '.repeat(100)}b`, html: null })).toEqual({ text: 'a b', html: null });
  });
});
