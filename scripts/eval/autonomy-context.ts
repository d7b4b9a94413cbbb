/**
 * The context the autonomy figures are measured in: a partner we contacted once, who replies in
 * the thread; no auto-replies sent yet; no DR known; no other workspace involved; the rules
 * classifier alone (no model). The most permissive realistic setting for the default policy, so an
 * unsafe autonomous reply here would be one in production too.
 */
import type { Classification } from '../../src/classify/types.ts';
import type { Account, Relationship } from '../../src/crm/types.ts';
import type { GatePolicy } from '../../src/gates/policy.ts';
import type { GateInput } from '../../src/gates/types.ts';
import type { DevReply } from './dev-replies.ts';

export function neutralGateInput(r: DevReply, classification: Classification, policy: GatePolicy, now: Date): GateInput {
  const domain = r.lead.split('@')[1] ?? 'partner.example';
  const at = new Date(now.getTime() - 86_400_000).toISOString();
  const account: Account = {
    id: 'acct_eval', domain, name: domain, source: 'SEARCH', sourceDetails: null, rawNotes: null, bestContactId: 'ct_eval',
    isActive: true, lastContactedAt: at, systemContactStatus: 'CONTACTED', firstContactedAt: at, firstContactedByOrgId: 'ws_eval',
    lastContactedByOrgId: 'ws_eval', coolingOffUntil: null, contactAttemptCount: 1, priceLinkInsertion: null, priceGuestPost: null,
    priceCurrency: null, pricesUpdatedAt: null, domainRating: null, organicTraffic: null, organicKeywords: null, referringDomains: null,
    backlinks: null, ahrefStatsUpdatedAt: null, createdAt: at, updatedAt: at,
  };
  const relationship: Relationship = {
    id: 'rel_eval', organizationId: 'ws_eval', accountId: account.id, source: 'SEARCH', sourceDetails: null, rawNotes: null,
    targetBlogPost: null, ourContent: 'https://client.example/guide', status: 'CONTACTED_BY_US', priority: 'MEDIUM', contactedByUs: true,
    firstContactedByUsAt: at, lastContactedByUsAt: at, contactedByOtherOrg: false, firstContactedAt: at, createdAt: at, updatedAt: at,
  };
  return {
    message: { id: `in_${r.id}`, source: 'IMAP', from: { address: r.lead, name: null }, subject: r.subject, text: r.text, attachments: [], receivedAt: now.toISOString() },
    classification,
    account,
    relationship,
    contact: null,
    history: { autoRepliesInThread: 0, autoRepliesToday: 0, otherWorkspaceActive: false },
    // the eval measures the classifier and gates, not the deployment: a configured mailbox
    sendChannel: { channel: 'SMTP', available: true, problem: null },
    policy,
    now,
  };
}
