import { describe, expect, it } from 'vitest';
import { verifyInstantlySend, type SendClaim, type SendLookup } from '../../../src/ingest/instantly/send-verification.ts';
import { fakeSentEmail } from '../../fakes/instantly-server.ts';

const claim: SendClaim = { emailId: 'em-1', leadEmail: 'Editor@Blog.example', emailAccount: 'outreach@agency.example', campaignId: 'camp-1' };
const found = (over: Parameters<typeof fakeSentEmail>[2] = {}): SendLookup => ({ kind: 'found', email: fakeSentEmail('em-1', 'editor@blog.example', over) });

describe('verifyInstantlySend: an email_sent webhook is evidence only when Instantly knows the send', () => {
  it.each<[string, SendClaim, SendLookup, boolean, RegExp]>([
    ['a campaign send to the lead, from the mailbox, in the campaign', claim, found(), true, /knows this send/],
    ['a manual send (ue_type 3)', claim, found({ ue_type: 3 }), true, /knows/],
    ['the lead only in the To list', claim, found({ lead: null, to_address_email_list: 'x@y.example, editor@blog.example' }), true, /knows/],
    ['no mailbox or campaign named: not compared', { ...claim, emailAccount: null, campaignId: null }, found({ eaccount: 'other@agency.example', campaign_id: 'c-9' }), true, /knows/],
    ['Instantly has no such email', claim, { kind: 'missing' }, false, /no email with this id/],
    ['Instantly could not be asked', claim, { kind: 'unchecked', why: 'INSTANTLY_API_KEY is not set' }, false, /INSTANTLY_API_KEY/],
    ['a received email, not a send', claim, found({ ue_type: 2 }), false, /not one Instantly sent/],
    ['a scheduled email, not yet sent', claim, found({ ue_type: 4 }), false, /not one Instantly sent/],
    ['sent to someone else', claim, found({ lead: 'other@blog.example', to_address_email_list: 'other@blog.example' }), false, /someone else/],
    ['sent from another mailbox', claim, found({ eaccount: 'b@agency-b.example' }), false, /another mailbox/],
    ['sent in another campaign', claim, found({ campaign_id: 'camp-2' }), false, /another campaign/],
    ['another email id in the answer', claim, { kind: 'found', email: fakeSentEmail('em-2', 'editor@blog.example') }, false, /another email/],
  ])('%s', (_what, c, lookup, verified, why) => {
    const v = verifyInstantlySend(c, lookup);
    expect(v.verified).toBe(verified);
    expect(v.why).toMatch(why);
  });
});
