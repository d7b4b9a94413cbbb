/** Small builders for classifier tests: a parsed email and a rules result, each overridable. */
import type { Classification } from '../../src/classify/types.ts';
import type { ParsedEmail } from '../../src/ingest/types.ts';

export function makeEmail(overrides: Partial<ParsedEmail> = {}): ParsedEmail {
  return {
    messageId: '<reply-1@blog.example>',
    inReplyTo: '<pitch-1@agency.example>',
    references: ['<pitch-1@agency.example>'],
    from: { address: 'editor@blog.example', name: 'Eve Editor' },
    replyTo: null,
    to: [{ address: 'outreach@agency.example', name: 'Outreach' }],
    cc: [],
    subject: 'Re: Guest post idea',
    date: new Date('2025-03-04T10:00:00Z'),
    text: 'Sounds good, please send the draft over.',
    html: null,
    headers: {},
    attachments: [],
    reportParts: [],
    rawSha256: 'a'.repeat(64),
    rawSize: 512,
    parseWarnings: [],
    ...overrides,
  };
}

export function makeRules(overrides: Partial<Classification> = {}, facts: Partial<Classification['facts']> = {}): Classification {
  const intent = overrides.intent ?? 'INTERESTED';
  const confidence = overrides.confidence ?? 0.9;
  return {
    intent,
    confidence,
    intents: [{ intent, confidence }],
    senderDomainRating: null,
    history: null,
    model: null,
    ...overrides,
    facts: {
      offers: [],
      returnDate: null,
      linkUrl: null,
      referralEmail: null,
      bounce: null,
      injectionSigns: [],
      ...facts,
    },
  };
}
