import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, validToolInput, type FakeAnthropicServer } from '../fakes/anthropic-server.ts';
import { startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { CLASSIFY_TOOL_NAME } from '../../src/classify/llm/prompt.ts';
import { DRAFT_TOOL_NAME } from '../../src/respond/draft/draft-prompt.ts';
import { seedAgency } from '../support/test-app.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { fileOurContent, OUR_CONTENT } from '../support/our-content.ts';

type Row = Record<string, unknown>;
type Decision = { action: string; gates: Array<{ gate: string; passed: boolean }> };

/** Claude classifies and drafts (through the real SDK against a local fake); it can only make things more cautious. */
describe('the pipeline with Claude configured', () => {
  let claude: FakeAnthropicServer;
  let svc: TestService;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let n = 0;
  const reply = async (text: string) => {
    const emailId = `cl-${n}`;
    // the agency filed its piece with every partner here: what the model says is what is tested
    await fileOurContent((path, body) => svc.call('POST', path, { token: s.key, body }), s.ws1, `claude-blog${n}.example`);
    const res = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      headers: { 'x-webhook-secret': s.ws1Secret },
      body: { event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: `ed${n}@claude-blog${n}.example`, email_id: emailId, email_account: 'Sam <sam@agency.example>', reply_subject: 'Re: your guide', reply_text: text },
    });
    expect(res.status).toBe(202);
    n++;
    const id = await inboundOfEmail(svc.t.db, s.ws1, emailId);
    await waitFor(async () => !!(await svc.call<Row>('GET', `/v1/link-building/inbound/${id}`, { token: s.key })).body.decision, { what: 'a decision', timeoutMs: 20_000 });
    return (await svc.call<Row & { decision: Decision; relationshipId: string; draft: { text: string } | null }>('GET', `/v1/link-building/inbound/${id}`, { token: s.key })).body;
  };
  const drafted = async (relId: string) =>
    (await svc.call<{ data: Array<{ type: string; metadata: Row }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relId}&type=REPLY_DRAFTED`, { token: s.key })).body.data[0]?.metadata;

  let instantly: FakeInstantlyServer;
  beforeAll(async () => {
    claude = await startFakeAnthropic();
    // replies to Instantly messages can be sent (otherwise gate send-channel-available keeps every reply for a human)
    instantly = await startFakeInstantly({ apiKey: 'inst-key' });
    svc = await startTestService('postgres', { ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: claude.baseURL, ANTHROPIC_MODEL: 'claude-test', INSTANTLY_API_KEY: 'inst-key', INSTANTLY_BASE_URL: instantly.baseURL });
    s = await seedAgency(svc, 'Claude Agency');
    await svc.call('PUT', `/v1/link-building/gates?workspaceId=${s.ws1}`, { token: s.key, body: { minConfidence: 0.5 } });
  });
  afterAll(async () => {
    await svc.close();
    await claude.close();
    await instantly.close();
  });

  it('a clean model draft can go out on its own, recorded as drafted by the model', async () => {
    claude.enqueue(
      { kind: 'tool-answer', toolName: CLASSIFY_TOOL_NAME, input: validToolInput({ intent: 'INTERESTED', confidence: 0.95 }) },
      { kind: 'tool-answer', toolName: DRAFT_TOOL_NAME, input: { text: `Hi there,\n\nThanks for getting back to me! Here is the guide:\n${OUR_CONTENT}\n\nBest,\nSam` } },
    );
    const m = await reply('Hi Sam, sounds great, please send over the article and I will take a look this week.');
    expect(m.decision.action, JSON.stringify(m.decision.gates.filter((g) => !g.passed))).toBe('AUTO_REPLY');
    expect(m.draft?.text).toContain(OUR_CONTENT);
    expect(await drafted(m.relationshipId)).toMatchObject({ by: 'model', model: { name: 'claude-test', promptVersion: 'claude-drafter/v4' } });
    const body = JSON.stringify(claude.requests.at(-1)?.body);
    expect(body).toContain('<email');
  });

  it('a model draft that invents a link waits for a human', async () => {
    claude.enqueue(
      { kind: 'tool-answer', toolName: CLASSIFY_TOOL_NAME, input: validToolInput({ intent: 'INTERESTED', confidence: 0.95 }) },
      { kind: 'tool-answer', toolName: DRAFT_TOOL_NAME, input: { text: 'Hi,\n\nGreat! Please also link to https://totally-unrelated.example/casino when you publish.\n\nBest,\nSam' } },
    );
    const m = await reply('Hi Sam, sounds great, please send over the article and I will take a look.');
    expect(m.decision.action).toBe('WAITING_APPROVAL');
    expect(m.decision.gates.find((g) => g.gate === 'draft-links-known')?.passed).toBe(false);
  });

  it('an approver rejects with a reason and asks for a new draft: the model gets the guidance and a new approval waits', async () => {
    claude.enqueue(
      { kind: 'tool-answer', toolName: CLASSIFY_TOOL_NAME, input: validToolInput({ intent: 'PRICE_QUOTE', confidence: 0.95, offers: [{ type: 'GUEST_POST', amount: 400, currency: 'USD' }] }) },
      { kind: 'tool-answer', toolName: DRAFT_TOOL_NAME, input: { text: 'Hi,\n\nThanks for the quote, that works for us.\n\nBest,\nSam' } },
    );
    const m = await reply('Our fee for a guest post is $400.');
    expect(m.status).toBe('WAITING_APPROVAL');
    const first = m.decision as Decision & { approvalId: string };
    claude.enqueue({ kind: 'tool-answer', toolName: DRAFT_TOOL_NAME, input: { text: 'Hi,\n\nThanks for the quote. Our budget for this placement is lower; would a link insertion work instead?\n\nBest,\nSam' } });
    const rej = await svc.call('POST', `/v1/link-building/approvals/${first.approvalId}/reject`, { token: s.key, body: { reason: 'Too expensive: ask whether a link insertion would work instead.', redraft: true } });
    expect(rej.status).toBe(200);
    let again: Row & { decision: Decision & { approvalId: string }; draft: { text: string } | null } = m as never;
    await waitFor(async () => {
      again = (await svc.call<typeof again>('GET', `/v1/link-building/inbound/${m.id as string}`, { token: s.key })).body;
      return again.status === 'WAITING_APPROVAL' && again.decision.approvalId !== first.approvalId;
    }, { what: 'a new approval for the new draft', timeoutMs: 20_000 });
    expect(again.draft?.text).toContain('link insertion work instead');
    expect(JSON.stringify(claude.requests.at(-1)?.body)).toContain('Too expensive: ask whether a link insertion would work instead.');
    const events = (await svc.call<{ data: Array<{ type: string }> }>('GET', `/v1/link-building/crm/event?relationshipId=${m.relationshipId}`, { token: s.key })).body.data.map((e) => e.type);
    expect(events.filter((t) => t === 'REPLY_DRAFTED')).toHaveLength(2);
    expect(events.filter((t) => t === 'APPROVAL_REQUESTED')).toHaveLength(2);
    expect(events).toContain('APPROVAL_DENIED');
  });

  const classified = async (relId: string) =>
    (await svc.call<{ data: Array<{ metadata: Row }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relId}&type=MESSAGE_CLASSIFIED`, { token: s.key })).body.data[0]?.metadata;
  const draftAnswer = { kind: 'tool-answer', toolName: DRAFT_TOOL_NAME, input: { text: 'Hi,\n\nThanks for getting back to me! Happy to tell you more about the article.\n\nBest,\nSam' } } as const;

  it('rules and model agree: the reply goes out alone, and both labels are recorded apart', async () => {
    claude.enqueue({ kind: 'tool-answer', toolName: CLASSIFY_TOOL_NAME, input: validToolInput({ intent: 'INTERESTED', confidence: 0.93 }) }, draftAnswer);
    const m = await reply('Hi Sam, sounds great, please send over the article and I will take a look this week.');
    expect(m.decision.action, JSON.stringify(m.decision.gates.filter((g) => !g.passed))).toBe('AUTO_REPLY');
    const stored = m.classification as Row;
    const event = await classified(m.relationshipId);
    for (const c of [stored, event]) {
      expect(c).toMatchObject({
        intent: 'INTERESTED',
        rules: { intent: 'INTERESTED' },
        model: { name: 'claude-test', available: true, intent: 'INTERESTED', confidence: 0.93 },
        agreement: { kind: 'agree', autoReply: true, reason: 'rules and model agree on INTERESTED' },
      });
    }
  });

  it('rules and model disagree: a human decides, even with this workspace\'s low minimum confidence', async () => {
    claude.enqueue({ kind: 'tool-answer', toolName: CLASSIFY_TOOL_NAME, input: validToolInput({ intent: 'INTERESTED', confidence: 0.95 }) }, draftAnswer);
    const m = await reply('Could you tell me more about the article before I decide?');
    expect(m.decision.action).toBe('WAITING_APPROVAL');
    expect(m.decision.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(['model-agreement']);
    expect(m.decision.gates.find((g) => g.gate === 'model-agreement')).toMatchObject({ reason: 'disagree: QUESTION vs INTERESTED → a human' });
    expect(await classified(m.relationshipId)).toMatchObject({
      intent: 'QUESTION',
      rules: { intent: 'QUESTION' },
      model: { intent: 'INTERESTED', confidence: 0.95 },
      agreement: { kind: 'disagree', autoReply: false },
    });
  });

  it('only the model reads an unsubscribe: DO_NOT_CONTACT and REJECTED (→ NOT_INTERESTED), nothing is sent', async () => {
    claude.enqueue({ kind: 'tool-answer', toolName: CLASSIFY_TOOL_NAME, input: validToolInput({ intent: 'UNSUBSCRIBE', confidence: 0.8 }) });
    const m = await reply('How did you even get this address? What is this about?');
    expect(m.decision.action).toBe('NO_REPLY');
    expect(await classified(m.relationshipId)).toMatchObject({ intent: 'UNSUBSCRIBE', doNotContact: true, agreement: { kind: 'do-not-contact', reason: 'model says UNSUBSCRIBE: do not contact' } });
    // this workspace never emailed the lead, so the DNC binds this workspace (shared facts need a thread: issue 10)
    const account = (await svc.call<Row>('GET', `/v1/link-building/crm/account/${m.accountId as string}?workspaceId=${s.ws1}`, { token: s.key })).body;
    expect(account.systemContactStatus).toBe('DO_NOT_CONTACT');
    const events = (await svc.call<{ data: Array<{ type: string }> }>('GET', `/v1/link-building/crm/event?relationshipId=${m.relationshipId}`, { token: s.key })).body.data.map((e) => e.type);
    expect(events).toContain('REJECTED');
    const relationship = (await svc.call<Row>('GET', `/v1/link-building/crm/relationship/${m.relationshipId}`, { token: s.key })).body;
    expect(relationship.status).toBe('NOT_INTERESTED');
  });

  it('when the model is down the message waits for a human and the draft comes from the template', async () => {
    claude.setDefault({ kind: 'error', status: 500 });
    const m = await reply('Hi Sam, sounds great, please send over the article.');
    expect(m.decision.action).toBe('WAITING_APPROVAL');
    expect(m.decision.gates.find((g) => g.gate === 'model-unavailable')?.passed).toBe(false);
    expect(await drafted(m.relationshipId)).toMatchObject({ by: 'template' });
  });
});
