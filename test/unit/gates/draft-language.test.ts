import { describe, expect, it } from 'vitest';
import { draftLanguageMatches } from '../../../src/gates/draft-checks/language-matches.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';

describe('draft-language', () => {
  const english = 'Hi Marta,\n\nThanks for getting back to me. Here is the piece I mentioned, I think your readers would enjoy it.\n\nBest regards';
  const german = 'Hallo Marta,\n\nvielen Dank für deine Antwort. Hier ist der Artikel, den ich erwähnt habe; ich glaube, er passt gut zu deinen Lesern.\n\nViele Grüße';
  // The draft's language as the rules thread tells it (the same eld detector, here in-line).
  it.each([
    ['German partner, English draft', 'de', english, false, /wrote in German \(de\) and the draft is in English \(en\)/],
    ['German partner, German draft', 'de', german, true, /in the partner's language, German/],
    ['English partner, English draft', 'en', english, true, /English/],
    ['partner language unknown', null, english, true, /could not be told/],
    ['draft too short to tell', 'fr', 'Ok!', true, /could not be told/],
  ] as const)('%s', (_name, partnerLanguage, text, passed, reason) => {
    const r = draftLanguageMatches({ partnerLanguage, draftLanguage: detectLanguage(text) });
    expect(r.gate).toBe('draft-language');
    expect(r.passed).toBe(passed);
    expect(r.reason).toMatch(reason);
    expect(r.inputs).toEqual(expect.objectContaining({ partnerLanguage }));
  });

  it('a draft whose language nobody told passes (no detection on the event loop)', () => {
    const r = draftLanguageMatches({ partnerLanguage: 'de' });
    expect(r.passed).toBe(true);
    expect(r.inputs).toEqual({ partnerLanguage: 'de', draftLanguage: null });
  });
});
