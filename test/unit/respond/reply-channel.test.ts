import { describe, expect, it } from 'vitest';
import { replyChannel, sendConfigurationWarnings, type ReplyChannelFacts } from '../../../src/respond/send/reply-channel.ts';

const base: ReplyChannelFacts = {
  source: 'INSTANTLY',
  instantlyConfigured: true,
  instantly: { emailId: 'em-1', eaccount: 'alex@agency.example' },
  secretKeyAvailable: true,
  mailbox: { id: null, connected: false, smtp: false },
};
const imap = (mailbox: Partial<ReplyChannelFacts['mailbox']>, over: Partial<ReplyChannelFacts> = {}): ReplyChannelFacts => ({
  ...base, source: 'IMAP', mailbox: { id: 'mbx_1', connected: true, smtp: true, ...mailbox }, ...over,
});

type Case = [name: string, facts: ReplyChannelFacts, channel: 'SMTP' | 'INSTANTLY', problem: RegExp | null];
const cases: Case[] = [
  ['Instantly with its key and the email known', base, 'INSTANTLY', null],
  ['Instantly without INSTANTLY_API_KEY', { ...base, instantlyConfigured: false }, 'INSTANTLY', /INSTANTLY_API_KEY is not set/],
  ['Instantly without the email id', { ...base, instantly: { emailId: null, eaccount: 'a@b.example' } }, 'INSTANTLY', /email id or the sending account/],
  ['Instantly without the sending account', { ...base, instantly: { emailId: 'x', eaccount: null } }, 'INSTANTLY', /email id or the sending account/],
  ['a connected mailbox with SMTP', imap({}), 'SMTP', null],
  ['no mailbox', imap({ id: null }), 'SMTP', /no known mailbox/],
  ['a disconnected mailbox', imap({ connected: false }), 'SMTP', /mbx_1 is disconnected/],
  ['a mailbox without SMTP', imap({ smtp: false }), 'SMTP', /no SMTP server/],
  ['no SECRET_KEY', imap({}, { secretKeyAvailable: false }), 'SMTP', /SECRET_KEY is not set/],
];

describe('replyChannel', () => {
  it.each(cases)('%s', (_name, facts, channel, problem) => {
    const c = replyChannel(facts);
    expect(c.channel).toBe(channel);
    expect(c.available).toBe(problem === null);
    if (problem) expect(c.problem).toMatch(problem);
    else expect(c.problem).toBeNull();
  });
});

describe('sendConfigurationWarnings', () => {
  it('names each missing setting and what it stops', () => {
    expect(sendConfigurationWarnings({ instantlyConfigured: true, secretKeyAvailable: true })).toEqual([]);
    const w = sendConfigurationWarnings({ instantlyConfigured: false, secretKeyAvailable: false });
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^INSTANTLY_API_KEY is not set: replies received through Instantly cannot be sent/);
    expect(w[0]).toMatch(/retry-send/);
    expect(w[1]).toMatch(/^SECRET_KEY is not set/);
  });
});
