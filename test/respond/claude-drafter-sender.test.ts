/** The Claude drafter (real SDK against the loopback fake) is told who signs, and our signature is added once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaudeDrafter } from '../../src/respond/draft/adapters/claude-drafter.ts';
import { DRAFT_TOOL_NAME } from '../../src/respond/draft/draft-prompt.ts';
import type { DraftRequest } from '../../src/respond/draft/drafter.ts';
import { DEFAULT_POLICY } from '../../src/gates/policy.ts';
import { startFakeAnthropic, type FakeAnthropicServer } from '../fakes/anthropic-server.ts';

const signature = 'Outreach lead, Acme SEO\nhttps://acme-seo.example';
const req: DraftRequest = {
  classification: { intent: 'INTERESTED', confidence: 0.9, intents: [{ intent: 'INTERESTED', confidence: 0.9 }], facts: { offers: [], returnDate: null, linkUrl: null, referralEmail: null, bounce: null, injectionSigns: [] }, senderDomainRating: null, history: null, model: null },
  inbound: { subject: 'Re: your guide', text: 'Sounds good, send it over.', fromName: 'Nora Field' },
  contactFirstName: null,
  senderName: 'Sam Lee',
  signature,
  relationship: { ourContent: 'https://acme.io/guide', targetBlogPost: null },
  thread: [],
  policy: DEFAULT_POLICY,
};

describe('Claude drafter: sender and signature', () => {
  let claude: FakeAnthropicServer;
  beforeAll(async () => {
    claude = await startFakeAnthropic();
  });
  afterAll(() => claude.close());

  it('sends the sender name and first name in the prompt, and appends our signature to the model text', async () => {
    claude.enqueue({ kind: 'tool-answer', toolName: DRAFT_TOOL_NAME, input: { text: 'Hi Nora,\n\nGreat, here it is:\nhttps://acme.io/guide\n\nBest,\nSam Lee' } });
    const drafter = createClaudeDrafter({ apiKey: 'sk-test', baseURL: claude.baseURL, model: 'claude-test', maxRetries: 0 });
    const out = await drafter.draft(req);
    expect(out.by).toBe('model');
    expect(out.model?.promptVersion).toBe('claude-drafter/v4');
    expect(out.draft.text).toBe(`Hi Nora,\n\nGreat, here it is:\nhttps://acme.io/guide\n\nBest,\nSam Lee\n${signature}`);
    const body = claude.requests.at(-1)!.body as { system: string; messages: Array<{ content: string }> };
    expect(body.messages[0]!.content).toContain('<sender_name>Sam Lee</sender_name>');
    expect(body.messages[0]!.content).toContain('<partner_first_name>Nora Field</partner_first_name>');
    expect(body.system).toMatch(/Do not write a signature block/);
    expect(body.system).toMatch(/Write in the language of the partner's email/);
    expect(body.messages[0]!.content).toContain(`<partner_language>${req.classification.facts.language ?? ''}</partner_language>`);
  });

  it('falls back to the template, signed the same way, when the model is down', async () => {
    claude.enqueue({ kind: 'error', status: 500 });
    const drafter = createClaudeDrafter({ apiKey: 'sk-test', baseURL: claude.baseURL, model: 'claude-test', maxRetries: 0 });
    const out = await drafter.draft(req);
    expect(out.by).toBe('template');
    expect(out.draft.text.startsWith('Hi Nora,')).toBe(true);
    expect(out.draft.text.endsWith(`Best,\nSam Lee\n${signature}`)).toBe(true);
  });
});
