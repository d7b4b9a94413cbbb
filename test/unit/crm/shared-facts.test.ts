import { describe, expect, it } from 'vitest';
import { capCoolingOff, decideAssertion, statusSignalNeedsEvidence, type AssertionInput, type SharedFact } from '../../../src/crm/shared-facts.ts';
import { mergeWorkspaceFacts, redactAccount } from '../../../src/crm/account-view.ts';
import type { Account } from '../../../src/crm/types.ts';

const now = new Date('2026-12-01T00:00:00Z');
const dnc: SharedFact = { kind: 'DO_NOT_CONTACT', reason: 'asked to stop' };
const prices: SharedFact = { kind: 'PRICES', priceGuestPost: 1 };
const cooling = (until: string): SharedFact => ({ kind: 'COOLING_OFF', until });
const base = (over: Partial<AssertionInput>): AssertionInput => ({ fact: dnc, actor: 'WORKSPACE', source: 'API', evidence: 'NONE', now, ...over });

describe('decideAssertion: who may change a shared fact', () => {
  const table: Array<[string, Partial<AssertionInput>, { scope: string; flagged?: boolean; field?: string; until?: string }]> = [
    ['DNC with our own send → shared', { evidence: 'OUR_SEND', source: 'INSTANTLY' }, { scope: 'SHARED', flagged: false }],
    ['DNC from a reply in our thread → shared', { evidence: 'REPLY_IN_OUR_THREAD', source: 'CLASSIFIER' }, { scope: 'SHARED', flagged: false }],
    ['DNC without a thread → this workspace only, flagged', { evidence: 'NONE', source: 'INSTANTLY' }, { scope: 'WORKSPACE', flagged: true }],
    ['DNC by an API call without a thread → workspace, flagged', { evidence: 'NONE', source: 'API' }, { scope: 'WORKSPACE', flagged: true }],
    ['prices without a thread stay the agency’s own', { fact: prices, evidence: 'NONE', source: 'CLASSIFIER' }, { scope: 'WORKSPACE', flagged: true }],
    ['prices from our thread are shared', { fact: prices, evidence: 'OUR_SEND', source: 'CLASSIFIER' }, { scope: 'SHARED' }],
    ['no price at all is refused', { fact: { kind: 'PRICES' }, evidence: 'OUR_SEND' }, { scope: 'REFUSED', field: 'priceLinkInsertion' }],
    ['cooling-off until 2099 is capped at 90 days', { fact: cooling('2099-01-01T00:00:00Z'), evidence: 'OUR_SEND' }, { scope: 'SHARED', until: '2027-03-01T00:00:00.000Z' }],
    ['cooling-off within 90 days is kept', { fact: cooling('2026-12-10T00:00:00Z'), evidence: 'OUR_SEND' }, { scope: 'SHARED', until: '2026-12-10T00:00:00.000Z' }],
    ['cooling-off without evidence binds the workspace (still capped)', { fact: cooling('2099-01-01T00:00:00Z'), evidence: 'NONE' }, { scope: 'WORKSPACE', until: '2027-03-01T00:00:00.000Z' }],
    ['cooling-off in the past is refused', { fact: cooling('2026-11-01T00:00:00Z'), evidence: 'OUR_SEND' }, { scope: 'REFUSED', field: 'coolingOffUntil' }],
    ['a tenant can never clear DNC, even with a thread', { fact: { kind: 'CLEAR_DO_NOT_CONTACT', reason: 'they said ok' }, evidence: 'OUR_SEND' }, { scope: 'REFUSED', field: 'systemContactStatus' }],
    ['an admin clears DNC with a reason', { fact: { kind: 'CLEAR_DO_NOT_CONTACT', reason: 'partner asked by phone' }, actor: 'ADMIN', evidence: 'ADMIN', source: 'ADMIN' }, { scope: 'SHARED' }],
    ['an admin needs a reason', { fact: { kind: 'CLEAR_DO_NOT_CONTACT', reason: '  ' }, actor: 'ADMIN', evidence: 'ADMIN', source: 'ADMIN' }, { scope: 'REFUSED', field: 'reason' }],
    ['an address proved invalid by our own send is shared', { fact: { kind: 'ADDRESS_INVALID', email: 'a@b.example' }, evidence: 'OUR_SEND' }, { scope: 'SHARED' }],
    ['a bounce for an address we never emailed is not', { fact: { kind: 'ADDRESS_INVALID', email: 'a@b.example' }, evidence: 'NONE' }, { scope: 'WORKSPACE', flagged: true }],
    ['best contact needs a thread with that contact', { fact: { kind: 'BEST_CONTACT', contactId: 'ct_1' }, evidence: 'NONE' }, { scope: 'WORKSPACE' }],
  ];
  it.each(table)('%s', (_name, over, want) => {
    const d = decideAssertion(base(over));
    expect(d.scope).toBe(want.scope);
    if (want.flagged !== undefined && d.scope !== 'REFUSED') expect(d.flagged).toBe(want.flagged);
    if (want.field) expect(d.scope === 'REFUSED' && d.field).toBe(want.field);
    if (want.until) expect(d.scope !== 'REFUSED' && d.fact.kind === 'COOLING_OFF' && d.fact.until).toBe(want.until);
  });

  it('caps and refuses cooling-off dates', () => {
    expect(capCoolingOff('not a date', now)).toBeNull();
    expect(capCoolingOff('2026-12-01T00:00:00Z', now)).toBeNull();
    expect(capCoolingOff('2026-12-02T00:00:00Z', now)).toBe('2026-12-02T00:00:00.000Z');
  });

  it('only sends move the shared status without a thread', () => {
    expect(statusSignalNeedsEvidence('SENT')).toBe(false);
    for (const s of ['HUMAN_REPLY', 'RATE_AGREED', 'HARD_BOUNCE', 'DO_NOT_CONTACT'] as const) expect(statusSignalNeedsEvidence(s)).toBe(true);
  });
});

describe('the account a caller sees', () => {
  const account = {
    id: 'acct_1', domain: 'bigblog.example', systemContactStatus: 'CONTACTED', coolingOffUntil: null, priceLinkInsertion: 100, priceGuestPost: 300,
    priceCurrency: 'USD', pricesUpdatedAt: '2026-11-01T00:00:00.000Z', bestContactId: 'ct_shared', rawNotes: 'legacy shared note',
    firstContactedByOrgId: 'ws_other', lastContactedByOrgId: 'ws_mine', firstContactedAt: '2026-10-01T00:00:00.000Z',
  } as unknown as Account;
  const facts = {
    workspaceId: 'ws_mine', accountId: 'acct_1', doNotContact: true, coolingOffUntil: '2026-12-20T00:00:00.000Z', priceLinkInsertion: null,
    priceGuestPost: 1, priceCurrency: 'USD', pricesUpdatedAt: '2026-11-30T00:00:00.000Z', bestContactId: null, rawNotes: 'our note',
    domainRating: null, organicTraffic: null, organicKeywords: null, referringDomains: null, backlinks: null, metricsUpdatedAt: null,
  };

  it('a workspace’s own typed-in metrics win in its view only', () => {
    const own = { ...facts, domainRating: 12, metricsUpdatedAt: '2026-11-30T00:00:00.000Z' };
    expect(mergeWorkspaceFacts({ ...account, domainRating: 70 }, own)).toMatchObject({ domainRating: 12, ahrefStatsUpdatedAt: '2026-11-30T00:00:00.000Z' });
    expect(mergeWorkspaceFacts({ ...account, domainRating: 70 }, facts).domainRating).toBe(70);
  });

  it('metrics typed in by a workspace never become shared, and are not flagged (no thread proves a DR)', () => {
    const d = decideAssertion({ fact: { kind: 'METRICS', metrics: { domainRating: 90 } }, actor: 'WORKSPACE', source: 'API', evidence: 'OUR_SEND', now: new Date('2026-12-01T00:00:00Z') });
    expect(d).toMatchObject({ scope: 'WORKSPACE', flagged: false });
    expect(decideAssertion({ fact: { kind: 'METRICS', metrics: { domainRating: 90 } }, actor: 'ADMIN', source: 'ADMIN', evidence: 'ADMIN', now: new Date('2026-12-01T00:00:00Z') }).scope).toBe('SHARED');
  });

  it('merges the workspace’s own facts and notes', () => {
    const v = mergeWorkspaceFacts(account, facts);
    expect(v).toMatchObject({ systemContactStatus: 'DO_NOT_CONTACT', coolingOffUntil: facts.coolingOffUntil, priceGuestPost: 1, priceLinkInsertion: 100, bestContactId: 'ct_shared', rawNotes: 'our note' });
  });

  it('serves no shared notes and no foreign workspace ids', () => {
    const v = redactAccount(mergeWorkspaceFacts(account, undefined), ['ws_mine']);
    expect(v).toMatchObject({ rawNotes: null, firstContactedByOrgId: null, lastContactedByOrgId: 'ws_mine', firstContactedAt: '2026-10-01T00:00:00.000Z' });
    expect(v).toHaveProperty('firstContactedByOrgId');
  });
});
