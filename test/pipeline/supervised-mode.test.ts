/**
 * Issue 11, "Supervised mode": the documented one-line switch (docs/gates.md) really makes every reply
 * wait for a human. The exact curl | jq | curl line from the docs runs against the whole service; the
 * same replies are answered automatically once it is switched back.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from './instantly-harness.ts';

const sh = promisify(execFile);
const QUESTION = 'Could you tell me a bit more about the article first? What is it about?';

/** The line of docs/gates.md, with $URL, $KEY and the workspace filled in. */
const switchLine = (intents: string) =>
  `curl -s "$URL/v1/link-building/gates?workspaceId=$WS" -H "authorization: Bearer $KEY" | jq -c '.policy + {autoReplyIntents: ${intents}}' | curl -s -XPUT "$URL/v1/link-building/gates?workspaceId=$WS" -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d @-`;

describe('supervised mode (PostgreSQL, the whole service)', () => {
  let h: InstantlyHarness;
  beforeAll(async () => {
    h = await startInstantlyHarness();
    // a customised policy, which the switch must keep
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7, maxPriceGuestPost: 250 });
  }, 60_000);
  afterAll(() => h?.close());

  const run = async (line: string) => {
    const env = { ...process.env, URL: `http://127.0.0.1:${h.services[0]!.port}`, KEY: h.s.key, WS: h.s.ws1 };
    return JSON.parse((await sh('bash', ['-c', line], { env })).stdout) as { policy: Record<string, unknown> };
  };
  const settled = (id: string) => waitFor(async () => !['RECEIVED', 'CLASSIFIED'].includes((await h.inbound(id)).status), { what: 'a decision', timeoutMs: 30_000 });

  it('the documented line makes every reply wait for a human, keeps the rest of the policy, and is undone the same way', async () => {
    const on = await run(switchLine('[]'));
    expect(on.policy).toMatchObject({ autoReplyIntents: [], minConfidence: 0.7, maxPriceGuestPost: 250 });

    // our piece is on file for every partner here, so supervision is the only thing between them and a reply
    for (const lead of ['amy@supervised-one.example', 'bob@supervised-two.example', 'dan@supervised-four.example']) await h.fileOurContent(lead);
    const replies = [
      await h.reply({ lead: 'amy@supervised-one.example', text: INTERESTED }),
      await h.reply({ lead: 'bob@supervised-two.example', text: QUESTION }),
    ];
    const unsubscribe = await h.reply({ lead: 'cat@supervised-three.example', text: 'Please remove me from your list.' });
    for (const r of [...replies, unsubscribe]) await settled(r.inboundId);
    const stoppedBy = [['intent-allowed'], ['intent-allowed', 'draft-answers-questions']];
    for (const [i, { inboundId }] of replies.entries()) {
      const m = await h.inbound(inboundId);
      expect(m.status).toBe('WAITING_APPROVAL');
      expect(m.decision!.approvalId).toMatch(/^apr_/);
      // intent-allowed is what stopped it; besides it, only the template's inability to answer a question
      expect(m.decision!.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(stoppedBy[i]);
    }
    // no reply is due to an unsubscribe, supervised or not
    expect((await h.inbound(unsubscribe.inboundId)).status).toBe('NO_REPLY');
    expect(h.instantly.replies).toHaveLength(0);

    const off = await run(switchLine('["INTERESTED", "QUESTION"]'));
    expect(off.policy).toMatchObject({ autoReplyIntents: ['INTERESTED', 'QUESTION'], minConfidence: 0.7, maxPriceGuestPost: 250 });
    const again = await h.reply({ lead: 'dan@supervised-four.example', text: INTERESTED });
    await waitFor(async () => (await h.inbound(again.inboundId)).status === 'AUTO_REPLIED', { what: 'the automatic reply', timeoutMs: 30_000 });
    expect(h.instantly.replies).toHaveLength(1);
  }, 120_000);
});
