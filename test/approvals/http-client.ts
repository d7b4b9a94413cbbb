/** Small fetch helpers for the approval tests. */
import { computeSlackSignature } from '../../src/respond/approvals/slack-signature.ts';
import { SIGNING_SECRET } from './harness.ts';

export async function api<T = Record<string, unknown>>(base: string, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export function slackPayload(o: { approvalId: string; action: 'approve' | 'reject'; userId: string; responseUrl?: string; channel?: string; ts?: string }): string {
  const payload = {
    type: 'block_actions',
    user: { id: o.userId, username: 'someone', team_id: 'T0TEAM' },
    team: { id: 'T0TEAM' },
    channel: { id: o.channel ?? 'C0APPROVALS' },
    container: { type: 'message', message_ts: o.ts ?? '1700000000.000001', channel_id: o.channel ?? 'C0APPROVALS' },
    ...(o.responseUrl ? { response_url: o.responseUrl } : {}),
    actions: [{ action_id: o.action, block_id: `approval:${o.approvalId}`, value: o.approvalId, type: 'button' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** POSTs a (by default correctly signed) Slack interaction. */
export async function postSlack(base: string, body: string, opts: { secret?: string; timestamp?: number; signature?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const sig = opts.signature ?? computeSlackSignature(opts.secret ?? SIGNING_SECRET, ts, body);
  const res = await fetch(`${base}/v1/slack/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': sig },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
