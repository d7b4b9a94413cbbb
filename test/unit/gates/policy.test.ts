import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, gatePolicySchema, parseGatePolicy } from '../../../src/gates/policy.ts';

describe('gate policy', () => {
  it('has the SPEC defaults', () => {
    expect(DEFAULT_POLICY).toEqual({
      autoReplyIntents: ['INTERESTED', 'QUESTION'],
      minConfidence: 0.8,
      maxPriceLinkInsertion: null,
      maxPriceGuestPost: null,
      priceCurrency: 'USD',
      minDomainRating: null,
      maxAutoRepliesPerThread: 2,
      maxAutoRepliesPerDay: 50,
      draftMinLength: 40,
      draftMaxLength: 2000,
      outreachWithoutApproval: false,
    });
  });

  it('fills missing keys with defaults', () => {
    const r = parseGatePolicy({ minConfidence: 0.9, maxPriceGuestPost: 300 });
    expect(r).toEqual({ ok: true, policy: { ...DEFAULT_POLICY, minConfidence: 0.9, maxPriceGuestPost: 300 } });
  });

  it('round-trips a full policy', () => {
    const full = { ...DEFAULT_POLICY, autoReplyIntents: ['INTERESTED', 'PRICE_QUOTE', 'REFERRAL'], minDomainRating: 30 };
    expect(gatePolicySchema.parse(full)).toEqual(full);
  });

  it.each([
    [{ minConfidense: 0.9 }, 'minConfidense', /unknown field/],
    [{ minConfidence: 1.5 }, 'minConfidence', /minConfidence/],
    [{ minConfidence: '0.8' }, 'minConfidence', /number/],
    [{ maxPriceLinkInsertion: -1 }, 'maxPriceLinkInsertion', /maxPriceLinkInsertion/],
    [{ autoReplyIntents: ['INTERESTED', 'MAYBE'] }, 'autoReplyIntents.1', /autoReplyIntents/],
    [{ autoReplyIntents: ['UNSUBSCRIBE'] }, 'autoReplyIntents', /no-reply intent/],
    [{ maxAutoRepliesPerDay: 2.5 }, 'maxAutoRepliesPerDay', /maxAutoRepliesPerDay/],
    [{ priceCurrency: 'usd' }, 'priceCurrency', /ISO 4217/],
    [{ minDomainRating: 101 }, 'minDomainRating', /minDomainRating/],
    [{ draftMinLength: 500, draftMaxLength: 100 }, 'draftMinLength', /draftMaxLength/],
  ])('rejects %j naming %s', (input, field, message) => {
    const r = parseGatePolicy(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message).toMatch(message);
    }
  });

  it.each([null, 'x', 42, []])('rejects a non-object (%j)', (input) => {
    expect(parseGatePolicy(input).ok).toBe(false);
  });
});
