import { describe, expect, it } from 'vitest';
import type { Intent } from '../../../src/classify/types.ts';
import { unknownSenderDecision, type UnknownSenderFacts } from '../../../src/gates/unknown-sender.ts';

type Case = [name: string, facts: Partial<UnknownSenderFacts>, action: 'NO_REPLY' | 'WAITING_APPROVAL', reason: RegExp];

const cases: Case[] = [
  ['an interested person from Gmail goes to a human', {}, 'WAITING_APPROVAL', /^the sender jane@gmail\.com matches no partner in the CRM: who is this\? .*\/inbound\/in_1\/attach/],
  ['a question goes to a human', { intent: 'QUESTION' }, 'WAITING_APPROVAL', /who is this/],
  ['a price quote goes to a human', { intent: 'PRICE_QUOTE' }, 'WAITING_APPROVAL', /who is this/],
  ['an unsubscribe from a person goes to a human (attaching it makes the partner DNC)', { intent: 'UNSUBSCRIBE' }, 'WAITING_APPROVAL', /who is this/],
  ['not interested goes to a human too: nothing is dropped silently', { intent: 'NOT_INTERESTED' }, 'WAITING_APPROVAL', /who is this/],
  ['an auto-reply by its headers stays NO_REPLY', { arrivalKind: 'auto-reply' }, 'NO_REPLY', /automated mail from an unknown sender is not answered/],
  ['a bounce stays NO_REPLY', { arrivalKind: 'bounce', intent: 'BOUNCE' }, 'NO_REPLY', /a bounce from an unknown sender/],
  ['a bounce by its text stays NO_REPLY', { intent: 'BOUNCE' }, 'NO_REPLY', /a bounce/],
  ['out of office by its text stays NO_REPLY', { intent: 'OUT_OF_OFFICE' }, 'NO_REPLY', /automated mail/],
  ['an automatic answer by its text stays NO_REPLY', { intent: 'AUTO_REPLY' }, 'NO_REPLY', /automated mail/],
  ['a complaint report stays NO_REPLY', { intent: 'COMPLAINT' }, 'NO_REPLY', /automated mail/],
  ['no sender address: nothing to ask about', { fromAddress: null }, 'NO_REPLY', /without a sender address/],
];

describe('unknownSenderDecision', () => {
  it.each(cases)('%s', (_name, over, action, reason) => {
    const facts: UnknownSenderFacts = { inboundId: 'in_1', fromAddress: 'jane@gmail.com', intent: 'INTERESTED' as Intent, arrivalKind: 'human', ...over };
    const d = unknownSenderDecision(facts);
    expect(d.action).toBe(action);
    expect(d.approvalId).toBeNull();
    expect(d.gates).toHaveLength(1);
    expect(d.gates[0]).toMatchObject({ gate: 'matched-partner', passed: false });
    expect(d.gates[0]!.reason).toMatch(reason);
    expect(d.gates[0]!.inputs).toMatchObject({ intent: facts.intent, arrivalKind: facts.arrivalKind });
  });
});
