/**
 * The rules on a thread of their own: same answers as in-line, and the event loop stays free while a
 * hostile megabyte is classified (a timer keeps ticking), and a stuck thread is replaced.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startRulesThread } from '../../../src/classify/adapters/rules-thread.ts';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { wrapBody } from '../../../scripts/eval/reply-fixtures.ts';
import { recheckMessage } from '../../../src/gates/detect/recheck.ts';
import { RECHECK_TEXTS } from '../gates/recheck-texts.ts';

const now = new Date('2026-12-01T12:00:00Z');

describe('rules thread', () => {
  const thread = startRulesThread();
  afterAll(() => thread.close());

  it('answers like the in-line classifier', async () => {
    for (const text of ['Sounds good, send it over!', 'Please remove me from your list.', 'Our price is $250 for a guest post.']) {
      const input = { email: wrapBody({ text }), now };
      expect(await thread.classify(input)).toEqual(classifyWithRules(input, detectLanguage));
    }
  });

  it('tells a text\'s language on the thread (the drafts\' check asks it), as eld does in-line', async () => {
    for (const text of ['Hallo Marta, vielen Dank für deine Antwort, hier ist der Artikel.', 'Thanks for getting back to me, here is the piece.', 'Ok!']) {
      expect(await thread.detectLanguage(text)).toBe(detectLanguage(text));
    }
    expect(await thread.detectLanguage('Bonjour, merci pour votre message, voici le texte.')).toBe('fr');
  });

  it('runs the gates\' detectors again on the thread (the gates step asks it), as they do in-line', async () => {
    for (const [name, text, subject] of RECHECK_TEXTS) {
      expect(await thread.recheck({ subject, text }), name).toEqual(recheckMessage({ subject, text }));
    }
    const spam = await thread.recheck({ subject: 'Re: Your article', text: 'This is spam, remove me from your list.' });
    expect(spam.redFlags.length).toBeGreaterThan(0);
  });

  it('a recheck that takes too long is answered in-line from the first 4 KB, as a classification is', async () => {
    const slow = startRulesThread({ timeoutMs: 1 });
    try {
      // the legal words past the first 4 KB (within the 32 KB read) are what the thread would have seen, had it had the time
      const text = 'Please remove me from your list.' + ' filler'.repeat(4_000) + ' My lawyer will be in touch.';
      const d = await slow.recheck({ subject: 'Re: Your article', text });
      expect(d).toEqual(recheckMessage({ subject: 'Re: Your article', text: text.slice(0, 4096) }));
      expect(d.redFlags.map((f) => f.kind)).toEqual(['erasure']);
      expect(recheckMessage({ subject: 'Re: Your article', text }).redFlags.map((f) => f.kind)).toContain('legal');
    } finally {
      await slow.close();
    }
  });

  it('the classification carries the language the thread told', async () => {
    const c = await thread.classify({ email: wrapBody({ text: 'Nein danke, wir veröffentlichen keine Gastbeiträge.' }), now });
    expect(c.facts.language).toBe('de');
  });

  it('keeps the event loop free while a hostile megabyte is read', async () => {
    const input = { email: wrapBody({ text: 'From: x\n'.repeat(125_000) + 'a '.repeat(200_000) }), now };
    await thread.classify({ email: wrapBody({ text: 'warm up' }), now });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    await thread.classify(input);
    const elapsed = performance.now() - started;
    const during = ticks;
    clearInterval(timer);
    // In-line, the loop could not have ticked at all until the classification returned.
    expect(during).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThan(0);
  });

  it('a thread that takes too long is replaced, and the message is answered from its first 4 KB', async () => {
    const slow = startRulesThread({ timeoutMs: 1 });
    try {
      const c = await slow.classify({ email: wrapBody({ text: 'Sounds good, send it over!' + ' filler'.repeat(50_000) }), now });
      expect(c.intent).toBe('INTERESTED');
    } finally {
      await slow.close();
    }
  });

  it('the clock starts when the thread is ready: a message posted while it loads is read there, with its language', async () => {
    // Loading the thread (tsx, the rules, eld's database: ~0.9 s of CPU) takes longer than this deadline.
    const fresh = startRulesThread({ timeoutMs: 500 });
    try {
      const c = await fresh.classify({ email: wrapBody({ text: 'Nein danke, wir veröffentlichen keine Gastbeiträge.' }), now });
      // The in-line fallback has no language detector: a language says the thread answered.
      expect(c.facts.language).toBe('de');
    } finally {
      await fresh.close();
    }
  });

  it('a thread that never gets ready is ended, and the message is answered in-line', async () => {
    const stuck = startRulesThread({ bootTimeoutMs: 1 });
    try {
      const c = await stuck.classify({ email: wrapBody({ text: 'Please remove me from your list.' }), now });
      expect(c.intent).toBe('UNSUBSCRIBE');
      expect(c.facts.language).toBeNull();
    } finally {
      await stuck.close();
    }
  });
});
