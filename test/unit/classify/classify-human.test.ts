import { describe, it, expect } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import type { Intent } from '../../../src/classify/types.ts';
import { email, NOW } from './helpers.ts';

const ours = ['outreach@ourseoagency.com'];
const read = (text: string, subject = 'Re: Collaboration idea') => classifyWithRules({ email: email({ text, subject }), ourAddresses: ours, now: NOW });

describe('human replies', () => {
  it.each<[string, Intent]>([
    ['Sounds good, send it over!', 'INTERESTED'],
    ['What topic do you have in mind?', 'QUESTION'],
    ['Thanks, but we do not accept guest posts.', 'NOT_INTERESTED'],
    ['Please remove me from your list.', 'UNSUBSCRIBE'],
    ['Stop emailing me or I will report you as spam.', 'UNSUBSCRIBE'],
    ['Our fee for a sponsored post is $250.', 'PRICE_QUOTE'],
    ['The post is live: https://blog.example/post', 'LINK_PLACED'],
    ['Please contact my colleague jane@blog.example, she handles this.', 'REFERRAL'],
    ['Received.', 'OTHER'],
    ['Not interested in guest posts, but link insertions are $70.', 'PRICE_QUOTE'],
    ['Sounds good!\n\nOn Mon, 26 May 2025 Anna <outreach@ourseoagency.com> wrote:\n> Not interested? Reply STOP to unsubscribe.', 'INTERESTED'],
  ])('%j → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });

  it('keeps the URL of a placed link and the referral address', () => {
    expect(read('Done, the link has been added: https://blog.example/guide.').facts.linkUrl).toBe('https://blog.example/guide');
    expect(read('I no longer work there. Try ellen@blog.example instead.').facts.referralEmail).toBe('ellen@blog.example');
  });

  it('never refers us to our own address', () => {
    expect(read('Please contact outreach@ourseoagency.com about this.').facts.referralEmail).toBeNull();
  });

  it('confidence: clear text is high, mixed text is low', () => {
    expect(read('Please remove me from your list.').confidence).toBeGreaterThanOrEqual(0.9);
    expect(read('Not interested, thank you.').confidence).toBeGreaterThanOrEqual(0.9);
    const mixed = read("Sounds good, I'm interested, but we are not interested in paying anything.");
    expect(mixed.confidence).toBeLessThan(0.8);
    expect(mixed.intents.length).toBeGreaterThan(1);
    expect(read('Hmm.').confidence).toBeLessThan(0.8);
  });

  it('a subject of just "unsubscribe" is a stop request', () => {
    expect(read('', 'unsubscribe').intent).toBe('UNSUBSCRIBE');
  });
});
