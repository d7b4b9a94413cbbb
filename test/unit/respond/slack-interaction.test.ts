import { describe, expect, it } from 'vitest';
import { parseSlackInteraction, parseSlackInteractionPayload } from '../../../src/respond/approvals/slack-interaction.ts';

/** Shaped like a real block_actions payload (trimmed). */
function payload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: 'U2CERLKJA', username: 'roadrunner', name: 'roadrunner', team_id: 'T1DC2JH3J' },
    api_app_id: 'A123',
    token: 'legacy',
    container: { type: 'message', message_ts: '1741611600.000100', channel_id: 'C123', is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: 'T1DC2JH3J', domain: 'acme' },
    channel: { id: 'C123', name: 'approvals' },
    message: { ts: '1741611600.000100', text: 'Approval needed' },
    response_url: 'https://hooks.slack.com/actions/T1/2/abc',
    actions: [{ action_id: 'approve', block_id: 'approval:apr_123', value: 'apr_123', type: 'button', action_ts: '1741611601.1' }],
    ...over,
  };
}
const form = (p: unknown): string => new URLSearchParams({ payload: JSON.stringify(p) }).toString();

describe('parseSlackInteraction', () => {
  it('parses an approve click from the raw form body', () => {
    expect(parseSlackInteraction(form(payload()))).toEqual({
      ok: true,
      interaction: {
        approvalId: 'apr_123', action: 'approve', slackUserId: 'U2CERLKJA', slackTeamId: 'T1DC2JH3J',
        responseUrl: 'https://hooks.slack.com/actions/T1/2/abc', channel: 'C123', messageTs: '1741611600.000100',
      },
    });
  });

  it.each([
    ['a reject click', { actions: [{ action_id: 'reject', value: 'apr_9', type: 'button' }] }, { approvalId: 'apr_9', action: 'reject' }],
    ['no response_url', { response_url: undefined }, { approvalId: 'apr_123' }],
    ['channel only in the container', { channel: undefined }, { channel: 'C123' }],
    ['ts only on the message', { container: undefined }, { messageTs: '1741611600.000100', channel: 'C123' }],
  ])('accepts %s', (_name, over, expected) => {
    const r = parseSlackInteractionPayload(payload(over));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.interaction).toMatchObject(expected);
  });

  it.each([
    ['an empty body', '', 'missing-payload'],
    ['a body without payload', 'foo=bar', 'missing-payload'],
    ['non-JSON payload', 'payload=%7Bnope', 'invalid-json'],
    ['payload nested 100 000 levels deep (refused before parsing)', new URLSearchParams({ payload: `{"type":"block_actions","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }).toString(), 'invalid-json'],
    ['a payload without user', form(payload({ user: undefined })), 'invalid-payload'],
    ['a view submission', form(payload({ type: 'view_submission' })), 'unsupported-type'],
    ['an unknown action', form(payload({ actions: [{ action_id: 'delete_all', value: 'apr_1', type: 'button' }] })), 'unknown-action'],
    ['no actions', form(payload({ actions: [] })), 'unknown-action'],
    ['a value that is not an approval id', form(payload({ actions: [{ action_id: 'approve', value: "apr_1' OR 1=1", type: 'button' }] })), 'bad-approval-id'],
    ['a missing value', form(payload({ actions: [{ action_id: 'approve', type: 'button' }] })), 'bad-approval-id'],
    ['no channel anywhere', form(payload({ channel: undefined, container: { message_ts: '1.2' } })), 'missing-message'],
    ['a bad response_url', form(payload({ response_url: 'not a url' })), 'invalid-payload'],
  ])('rejects %s', (_name, body, reason) => {
    const r = parseSlackInteraction(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });
});
