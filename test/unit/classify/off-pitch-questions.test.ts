/**
 * A question about nothing we pitched ("your email arrived empty, did something go wrong?") is still a
 * QUESTION, but below the default policy's confidence, so the gates hold it for a person; a question
 * about the piece, the link, the price or the client, in the nine languages, keeps its confidence.
 */
import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { aboutThePitch } from '../../../src/classify/rules/pitch-topic.ts';
import { evaluateGates } from '../../../src/gates/engine.ts';
import { makeGateInput } from '../gates/fixtures.ts';
import { email } from './helpers.ts';

const now = new Date('2026-12-01T12:00:00Z');
const classify = (text: string) => classifyWithRules({ email: email({ text }), now }, detectLanguage);

describe('questions about something else than the pitch', () => {
  it.each([
    "Your email arrived empty - there's no text, only your signature. Did something go wrong?",
    'Who are you and which company is this?',
  ])('%j is a QUESTION a person answers', (text) => {
    const c = classify(text);
    expect(c.intent).toBe('QUESTION');
    expect(c.confidence).toBeLessThan(0.8);
    expect(evaluateGates(makeGateInput({ classification: c })).action).not.toBe('AUTO_REPLY');
  });

  it.each([
    'Your email arrived empty, only your signature came through. Did something go wrong?',
    'Sorry, do we know each other?',
    'Ihre E-Mail kam leer an. Ist etwas schiefgelaufen?',
    'Votre e-mail est arrivé vide. Il y a eu un problème ?',
  ])('%j is about nothing we pitched and is never answered alone', (text) => {
    expect(aboutThePitch(text)).toBe(false);
    const c = classify(text);
    expect(c.intent === 'QUESTION' ? c.confidence : 0).toBeLessThan(0.8);
    expect(evaluateGates(makeGateInput({ classification: c })).action).not.toBe('AUTO_REPLY');
  });

  it.each([
    "What's the word count you have in mind?",
    'Which anchor text would you use, and is the link dofollow?',
    'How much do you usually pay for a guest post?',
    'Wer ist denn Ihr Auftraggeber?',
    'Quel est le sujet de l’article ?',
    '¿De qué tema sería el artículo?',
    'Di che argomento parlerebbe il pezzo? Quante parole?',
    'Qual seria o tema do artigo?',
    'Over welk onderwerp gaat het stuk?',
    'Jaki byłby temat artykułu?',
    'Vilket ämne skulle inlägget ha?',
  ])('%j keeps its confidence', (text) => {
    expect(aboutThePitch(text)).toBe(true);
    const c = classify(text);
    expect(c.intent).toBe('QUESTION');
    expect(c.confidence).toBeGreaterThanOrEqual(0.8);
  });
});
