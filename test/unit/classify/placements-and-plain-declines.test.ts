/**
 * Phrasings the blind set (test/fixtures/replies-blind, issue 9) showed the rules lacked, written anew
 * here: a placement said without "live/published" ("swapped it out", a bare "added", "the link is now in
 * the article" in the nine languages), a promise to make the swap (a yes, not yet a placement), and
 * plain declines ("won't be needing it", "nah we're good"). Their look-alikes must keep their reading.
 */
import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { email } from './helpers.ts';

const now = new Date('2026-12-01T12:00:00Z');
const intentOf = (text: string) => classifyWithRules({ email: email({ text }), now }, detectLanguage).intent;

describe('placements, promises and plain declines', () => {
  it.each([
    ['en', 'Swapped the dead link for yours. Cheers, Tom'],
    ['en', 'Replaced it this morning, thanks for the tip.'],
    ['en', 'Added.\n\nBen'],
    ['en', 'Hi Anna, the link to your guide is now in the resources section at the bottom.'],
    ['de', 'Hallo, der Link ist jetzt im Artikel unter "Weiterlesen". Grüße, Jan'],
    ['fr', 'Bonjour, le lien est maintenant dans la section Ressources. Bonne journée'],
    ['es', 'Hola, el enlace ya está en el artículo, al final del segundo párrafo.'],
    ['it', 'Ciao, il link è ora nella sezione risorse. Buona giornata'],
    ['pt', 'Olá, o link já está no artigo, na parte de recursos.'],
    ['nl', 'Hoi, de link staat nu in het artikel onder Bronnen.'],
    ['pl', 'Dzień dobry, link jest już w artykule, w sekcji źródła.'],
    ['sv', 'Hej, länken finns nu i artikeln under Läs mer.'],
  ])('%s %j is LINK_PLACED', (_lang, text) => {
    expect(intentOf(text)).toBe('LINK_PLACED');
  });

  it.each([
    "Good find. I'll swap it in when I next edit the post, probably Friday.",
    "Fair enough, I'll replace the link, give me a couple of days.",
  ])('%j is a yes, not a placement', (text) => {
    expect(intentOf(text)).toBe('INTERESTED');
  });

  it.each([
    'Where would the link go in the article?',
    'Once the invoice is paid, the link will be in the article within a day.',
  ])('%j is no placement', (text) => {
    expect(intentOf(text)).not.toBe('LINK_PLACED');
  });

  it.each([
    "Thanks, but I sorted that page out last week. Won't be needing it.",
    'nah all good thx',
    "We're good, thanks. Best of luck with the campaign.",
  ])('%j is NOT_INTERESTED', (text) => {
    expect(intentOf(text)).toBe('NOT_INTERESTED');
  });

  it("\"We're good to go, send it over\" is no decline", () => {
    expect(intentOf("We're good to go, send it over!")).toBe('INTERESTED');
  });
});
