import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyApprovers } from '../../src/respond/approvals/approval-notifier.ts';
import { createOutreach } from '../../src/respond/outreach/create-outreach.ts';
import { getOutreach } from '../../src/respond/outreach/db/outreach-db.ts';
import { insertContact } from '../../src/crm/db/contacts.ts';
import { insertMailbox } from '../../src/ingest/mailboxes/mailboxes-db.ts';
import { createSecretBox } from '../../src/ingest/mailboxes/secret-box.ts';
import { ALLOWED_SLACK_USER, eventsOf, jobsIn, QUEUES, seedTenant, startHarness, type Harness, type Tenant } from '../approvals/harness.ts';
import { linkIn, openPage, submitPage } from '../approvals/page-client.ts';
import { api, postSlack, slackPayload } from '../approvals/http-client.ts';
import { OUTREACH_TEXT } from './harness.ts';

/**
 * The approval machinery is shared: an outreach approval is posted to Slack and emailed like a reply's,
 * the page shows the first email (not a partner's message), an edit on the page replaces the text to
 * send, and the first decision from any channel wins.
 */
describe('outreach approvals through Slack, the emailed page and the API', () => {
  let h: Harness;
  let tenant: Tenant;
  let mailboxId: string;
  let n = 0;

  beforeAll(async () => {
    h = await startHarness();
    tenant = await seedTenant(h, 'Agency Outreach', 'outreach-partner.example');
    const server = { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' };
    mailboxId = (await insertMailbox(h.t.db, { workspaceId: tenant.workspaceId, address: 'alex@agency.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox('k'.repeat(40)))).id;
  });
  afterAll(async () => h.close());

  async function waiting() {
    // one relationship holds one open first email: a new partner contact and relationship each time
    const { insertAccount } = await import('../../src/crm/db/accounts.ts');
    const { insertRelationship } = await import('../../src/crm/db/relationships.ts');
    const account = await insertAccount(h.t.db, { domain: `op${++n}.example`, domainRating: 33 });
    const rel = await insertRelationship(h.t.db, { workspaceId: tenant.workspaceId, accountId: account.id, source: 'MANUAL', ourContent: 'https://client.example/remote-work-guide' });
    const contact = await insertContact(h.t.db, { accountId: account.id, email: `eda@op${n}.example` });
    const { outreach } = await createOutreach(h.t.db, {
      relationshipId: rel.id, contactId: contact.id, mailboxId, subject: 'Your piece on distributed teams', text: OUTREACH_TEXT, requireApproval: true, idempotencyKey: null,
    }, { agencyId: tenant.agencyId, workspaceIds: [tenant.workspaceId] }, h.clock.now, h.enqueue);
    return { outreach, domain: account.domain };
  }

  it('Slack and the approvers are asked about a "first email"; an edit on the page replaces the text; later decisions see "already decided"', async () => {
    const { outreach, domain } = await waiting();
    const before = h.smtp.messages.length;
    const report = await notifyApprovers(h.notifyDeps, outreach.approvalId!);
    expect(report.slack).toBe('posted');
    const posted = h.slack.calls.filter((c) => c.path.endsWith('/chat.postMessage')).at(-1)!;
    expect(JSON.stringify(posted.body)).toContain(`Approval needed: first email to ${domain}`);
    const mails = (await h.smtp.waitForCount(before + 2)).slice(before);
    expect(mails[0]!.subject).toContain(`Approval needed: first email to ${domain}`);

    const link = linkIn(mails[0]!);
    const page = await openPage(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`First email to ${domain}`);
    expect(page.html).toContain('We just published a guide');
    expect(page.html).not.toContain('Their message');
    const edited = OUTREACH_TEXT.replace('Would you consider linking to it?', 'Would a link from your post make sense?');
    const done = await submitPage(link, { csrf: page.csrf!, action: 'approve', text: edited }, { cookie: page.cookie });
    expect(done.status).toBe(200);
    const stored = (await getOutreach(h.t.db, outreach.id))!;
    expect(stored).toMatchObject({ status: 'APPROVED', text: edited, html: null });
    expect(await jobsIn(h, QUEUES.respond, { outreachId: outreach.id })).toEqual([{ outreachId: outreach.id, approvalId: outreach.approvalId }]);
    const granted = (await eventsOf(h, outreach.approvalId!)).filter((e) => e.type === 'APPROVAL_GRANTED');
    expect(granted).toHaveLength(1);
    expect(granted[0]!.metadata).toMatchObject({ outreachId: outreach.id, edited: true, decidedBy: { channel: 'email' } });

    const slackClick = await postSlack(h.url, slackPayload({ approvalId: outreach.approvalId!, action: 'reject', userId: ALLOWED_SLACK_USER }));
    expect(JSON.stringify(slackClick.body)).toMatch(/already approved/);
    expect((await api(h.url, 'POST', `/v1/link-building/approvals/${outreach.approvalId!}/reject`, tenant.apiKey, {})).status).toBe(409);
    expect((await getOutreach(h.t.db, outreach.id))!.status).toBe('APPROVED');
  });

  it('a Slack rejection denies the email and queues nothing', async () => {
    const { outreach } = await waiting();
    const click = await postSlack(h.url, slackPayload({ approvalId: outreach.approvalId!, action: 'reject', userId: ALLOWED_SLACK_USER }));
    expect(click.status).toBe(200);
    expect((await getOutreach(h.t.db, outreach.id))!.status).toBe('DENIED');
    expect(await jobsIn(h, QUEUES.respond, { outreachId: outreach.id })).toEqual([]);
    // the harness clock stands still: both events share one instant
    expect((await eventsOf(h, outreach.approvalId!)).map((e) => e.type).sort()).toEqual(['APPROVAL_DENIED', 'APPROVAL_REQUESTED']);
  });
});
