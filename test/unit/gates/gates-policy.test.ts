import { describe } from 'vitest';
import { intentAllowed } from '../../../src/gates/gates/intent-allowed.ts';
import { minConfidence } from '../../../src/gates/gates/min-confidence.ts';
import { priceCeiling } from '../../../src/gates/gates/price-ceiling.ts';
import { minDomainRating } from '../../../src/gates/gates/min-domain-rating.ts';
import { maxAutoRepliesPerThread } from '../../../src/gates/gates/max-auto-replies-per-thread.ts';
import { maxAutoRepliesPerDay } from '../../../src/gates/gates/max-auto-replies-per-day.ts';
import { gateTable } from './gate-table.ts';

const li = (amount: number, currency = 'USD', maxAmount?: number) =>
  ({ type: 'LINK_INSERTION' as const, amount, currency, ...(maxAmount !== undefined ? { maxAmount } : {}) });
const gp = (amount: number, currency = 'USD') => ({ type: 'GUEST_POST' as const, amount, currency });

describe('intent-allowed', () => {
  gateTable('intent-allowed', intentAllowed, [
    ['INTERESTED is allowed by default', {}, true, /in autoReplyIntents/],
    ['QUESTION is allowed by default', { classification: { intent: 'QUESTION' } }, true, /QUESTION/],
    ['PRICE_QUOTE is not allowed by default', { classification: { intent: 'PRICE_QUOTE' } }, false, /PRICE_QUOTE is not in autoReplyIntents/],
    ['REFERRAL is not allowed by default', { classification: { intent: 'REFERRAL' } }, false, /not in/],
    ['OTHER is not allowed', { classification: { intent: 'OTHER' } }, false, /not in/],
    ['a workspace may allow PRICE_QUOTE', { classification: { intent: 'PRICE_QUOTE' }, policy: { autoReplyIntents: ['PRICE_QUOTE'] } }, true, /in autoReplyIntents/],
    ['an empty list allows nothing', { policy: { autoReplyIntents: [] } }, false, /none/],
  ]);
});

describe('min-confidence', () => {
  gateTable('min-confidence', minConfidence, [
    ['0.92 ≥ 0.8 passes', {}, true, /0.92 ≥ 0.8/],
    ['exactly the minimum passes', { classification: { confidence: 0.8 } }, true, /≥/],
    ['0.79 trips', { classification: { confidence: 0.79 } }, false, /below 0.8/],
    ['NaN trips', { classification: { confidence: Number.NaN } }, false, /below/],
    ['a stricter policy trips', { policy: { minConfidence: 0.95 } }, false, /below 0.95/],
  ]);
});

describe('price-ceiling', () => {
  gateTable('price-ceiling', priceCeiling, [
    ['no offers passes', {}, true, /no offers/],
    ['a PRICE_QUOTE without an amount trips', { classification: { intent: 'PRICE_QUOTE' } }, false, /no readable amount/],
    ['any offer trips when no ceiling is set (default)', { facts: { offers: [li(50)] } }, false, /no ceiling set for LINK_INSERTION/],
    ['an offer within the ceiling passes', { facts: { offers: [li(150)] }, policy: { maxPriceLinkInsertion: 200 } }, true, /within the ceiling/],
    ['an offer at the ceiling passes', { facts: { offers: [li(200)] }, policy: { maxPriceLinkInsertion: 200 } }, true, /within/],
    ['an offer above the ceiling trips', { facts: { offers: [li(250)] }, policy: { maxPriceLinkInsertion: 200 } }, false, /above the ceiling of 200 USD/],
    ['a range is judged by its top', { facts: { offers: [li(150, 'USD', 300)] }, policy: { maxPriceLinkInsertion: 200 } }, false, /150–300/],
    ['another currency trips', { facts: { offers: [li(100, 'EUR')] }, policy: { maxPriceLinkInsertion: 200 } }, false, /ceiling is in USD/],
    ['each type has its own ceiling', { facts: { offers: [li(100), gp(100)] }, policy: { maxPriceLinkInsertion: 200 } }, false, /no ceiling set for GUEST_POST/],
    ['all offers within their ceilings pass', { facts: { offers: [li(100), gp(300)] }, policy: { maxPriceLinkInsertion: 200, maxPriceGuestPost: 400 } }, true, /all 2 offers/],
  ]);
});

describe('min-domain-rating', () => {
  gateTable('min-domain-rating', minDomainRating, [
    ['no minimum passes', {}, true, /no minimum/],
    ['no minimum passes even with unknown DR', { classification: { senderDomainRating: null }, account: { domainRating: null } }, true, /no minimum/],
    ['DR above the minimum passes', { policy: { minDomainRating: 40 } }, true, /55 ≥ 40/],
    ['DR below the minimum trips', { policy: { minDomainRating: 60 } }, false, /55 is below 60/],
    ['unknown DR trips when a minimum is set', { policy: { minDomainRating: 10 }, classification: { senderDomainRating: null }, account: { domainRating: null } }, false, /unknown/],
    ['the account DR is the fallback', { policy: { minDomainRating: 10 }, classification: { senderDomainRating: null }, account: { domainRating: 20 } }, true, /20 ≥ 10/],
  ]);
});

describe('max-auto-replies-per-thread', () => {
  gateTable('max-auto-replies-per-thread', maxAutoRepliesPerThread, [
    ['none sent passes', {}, true, /0 of 2/],
    ['one sent passes', { history: { autoRepliesInThread: 1 } }, true, /1 of 2/],
    ['two sent trips', { history: { autoRepliesInThread: 2 } }, false, /2 automatic replies already sent or on their way in this thread/],
    ['a zero limit always trips', { policy: { maxAutoRepliesPerThread: 0 } }, false, /max 0/],
  ]);
});

describe('max-auto-replies-per-day', () => {
  gateTable('max-auto-replies-per-day', maxAutoRepliesPerDay, [
    ['under the limit passes', { history: { autoRepliesToday: 49 } }, true, /49 of 50/],
    ['at the limit trips', { history: { autoRepliesToday: 50 } }, false, /last 24 hours \(max 50\)/],
  ]);
});
