/** Builders for gate inputs: a happy-path INTERESTED reply that passes every gate, changed per test. */
import type { Classification } from '../../../src/classify/types.ts';
import type { Account, Contact, Relationship } from '../../../src/crm/types.ts';
import { DEFAULT_POLICY, type GatePolicy } from '../../../src/gates/policy.ts';
import type { GateHistory, GateInput, GateMessage, SendChannel } from '../../../src/gates/types.ts';

export const NOW = new Date('2025-03-10T12:00:00.000Z');

export function makeAccount(over: Partial<Account> = {}): Account {
  return {
    id: 'acct_1', domain: 'coolblog.com', name: 'Cool Blog', source: 'SEARCH', sourceDetails: null, rawNotes: null,
    bestContactId: 'ct_1', isActive: true, lastContactedAt: '2025-03-01T00:00:00.000Z', systemContactStatus: 'CONTACTED',
    firstContactedAt: '2025-03-01T00:00:00.000Z', firstContactedByOrgId: 'ws_acme', lastContactedByOrgId: 'ws_acme',
    coolingOffUntil: null, contactAttemptCount: 1, priceLinkInsertion: null, priceGuestPost: null, priceCurrency: null,
    pricesUpdatedAt: null, domainRating: 55, organicTraffic: null, organicKeywords: null, referringDomains: null,
    backlinks: null, ahrefStatsUpdatedAt: null, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-03-01T00:00:00.000Z',
    ...over,
  };
}

export function makeRelationship(over: Partial<Relationship> = {}): Relationship {
  return {
    id: 'rel_1', organizationId: 'ws_acme', accountId: 'acct_1', source: 'SEARCH', sourceDetails: null, rawNotes: null,
    targetBlogPost: 'https://coolblog.com/best-crm-tools', ourContent: 'https://acme.io/guides/crm-buyers-guide',
    status: 'CONTACTED_BY_US', priority: 'MEDIUM', contactedByUs: true, firstContactedByUsAt: '2025-03-01T00:00:00.000Z',
    lastContactedByUsAt: '2025-03-01T00:00:00.000Z', contactedByOtherOrg: false, firstContactedAt: '2025-03-01T00:00:00.000Z',
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-03-01T00:00:00.000Z',
    ...over,
  };
}

export function makeContact(over: Partial<Contact> = {}): Contact {
  return {
    id: 'ct_1', accountId: 'acct_1', firstName: 'Anna', lastName: 'Berg', email: 'anna@coolblog.com', position: 'Editor',
    seniority: null, linkedinUrl: null, twitterHandle: null, notes: null, apolloPersonId: null, emailInvalidAt: null,
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

export function makeClassification(over: Partial<Classification> = {}, facts: Partial<Classification['facts']> = {}): Classification {
  const intent = over.intent ?? 'INTERESTED';
  const confidence = over.confidence ?? 0.92;
  return {
    intent, confidence, intents: [{ intent, confidence }], senderDomainRating: 55,
    history: { messagesSent: 1, messagesReceived: 1, autoRepliesSent: 0, priorStatuses: ['CONTACTED_BY_US'], pricesSeen: [], contactedByOtherOrg: false, lastContactedAt: '2025-03-01T00:00:00.000Z' },
    model: { name: 'claude-test', promptVersion: 'v1', available: true },
    ...over,
    facts: { offers: [], returnDate: null, linkUrl: null, referralEmail: null, bounce: null, injectionSigns: [], ...facts },
  };
}

export function makeMessage(over: Partial<GateMessage> = {}): GateMessage {
  return {
    id: 'in_1', source: 'IMAP', from: { address: 'anna@coolblog.com', name: 'Anna Berg' },
    subject: 'Re: A resource for your CRM tools post', text: 'Hi! Sounds good, send me the article and I will take a look.',
    attachments: [], receivedAt: '2025-03-10T11:59:00.000Z',
    ...over,
  };
}

export interface InputOverrides {
  message?: Partial<GateMessage>;
  classification?: Partial<Classification>;
  facts?: Partial<Classification['facts']>;
  account?: Partial<Account>;
  relationship?: Partial<Relationship>;
  contact?: Partial<Contact>;
  history?: Partial<GateHistory>;
  sendChannel?: Partial<SendChannel>;
  policy?: Partial<GatePolicy>;
  now?: Date;
}

export function makeGateInput(o: InputOverrides = {}): GateInput {
  return {
    message: makeMessage(o.message),
    classification: makeClassification(o.classification, o.facts),
    account: makeAccount(o.account),
    relationship: makeRelationship(o.relationship),
    contact: makeContact(o.contact),
    history: { autoRepliesInThread: 0, autoRepliesToday: 0, otherWorkspaceActive: false, ...o.history },
    sendChannel: { channel: 'SMTP', available: true, problem: null, ...o.sendChannel },
    policy: { ...DEFAULT_POLICY, ...o.policy },
    now: o.now ?? NOW,
  };
}
