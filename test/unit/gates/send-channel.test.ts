import { describe, expect, it } from 'vitest';
import { evaluateGates, trippedGates } from '../../../src/gates/engine.ts';
import { sendChannelAvailable } from '../../../src/gates/gates/send-channel-available.ts';
import { gateTable } from './gate-table.ts';
import { makeGateInput } from './fixtures.ts';

describe('send-channel-available', () => {
  gateTable('send-channel-available', sendChannelAvailable, [
    ['a connected mailbox passes', {}, true, /through the mailbox it came to \(SMTP\)/],
    ['Instantly with its key passes', { sendChannel: { channel: 'INSTANTLY' } }, true, /Instantly's reply API/],
    [
      'Instantly without its key trips with the reason',
      { sendChannel: { channel: 'INSTANTLY', available: false, problem: 'INSTANTLY_API_KEY is not set: replies to Instantly messages cannot be sent' } },
      false, /^no way to send this reply: INSTANTLY_API_KEY is not set/,
    ],
    [
      'a disconnected mailbox trips with the reason',
      { sendChannel: { channel: 'SMTP', available: false, problem: 'mailbox mbx_1 is disconnected: connect it again (POST /v1/mailboxes)' } },
      false, /no way to send this reply: mailbox mbx_1 is disconnected/,
    ],
    ['unavailable without a stated problem still trips', { sendChannel: { channel: 'SMTP', available: false, problem: null } }, false, /no way to send this reply: .*not configured/],
  ]);

  it('sends an otherwise clean reply to a human, never AUTO_REPLY', () => {
    const d = evaluateGates(makeGateInput({ sendChannel: { channel: 'INSTANTLY', available: false, problem: 'INSTANTLY_API_KEY is not set' } }));
    expect(d.action).toBe('WAITING_APPROVAL');
    expect(trippedGates(d).map((g) => g.gate)).toEqual(['send-channel-available']);
  });

  it('does not turn a no-reply intent into an approval', () => {
    const d = evaluateGates(makeGateInput({ classification: { intent: 'OUT_OF_OFFICE' }, sendChannel: { available: false, problem: 'x' } }));
    expect(d.action).toBe('NO_REPLY');
  });
});
