/**
 * Parses a Slack interactivity request (`POST /v1/slack/interactions`, form field `payload`) into the
 * approval action it carries. Call only after verifySlackSignature has accepted the raw body; whether
 * the clicking user is an allowed approver is the handler's check (it knows the workspace).
 */
import { z } from 'zod';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from './slack-message.ts';
import { jsonNestsDeeperThan } from '../../json-depth.ts';

const APPROVAL_ID_RE = /^apr_[A-Za-z0-9_-]{1,100}$/;

const payloadSchema = z.object({
  type: z.string(),
  user: z.object({ id: z.string().min(1), username: z.string().optional(), team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  container: z.object({ message_ts: z.string().optional(), channel_id: z.string().optional() }).nullish(),
  message: z.object({ ts: z.string() }).nullish(),
  response_url: z.url().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).optional(),
});

export type SlackApprovalAction = 'approve' | 'reject';

export interface SlackApprovalInteraction {
  approvalId: string;
  action: SlackApprovalAction;
  slackUserId: string;
  slackTeamId: string | null;
  responseUrl?: string;
  channel: string;
  messageTs: string;
}

export type SlackInteractionFailure =
  | 'missing-payload'
  | 'invalid-json'
  | 'invalid-payload'
  | 'unsupported-type'
  | 'unknown-action'
  | 'bad-approval-id'
  | 'missing-message';

export type ParseSlackInteractionResult =
  | { ok: true; interaction: SlackApprovalInteraction }
  | { ok: false; reason: SlackInteractionFailure; detail?: string };

/** From the raw `application/x-www-form-urlencoded` body. */
export function parseSlackInteraction(rawBody: string): ParseSlackInteractionResult {
  const payload = new URLSearchParams(rawBody).get('payload');
  if (payload === null || payload === '') return { ok: false, reason: 'missing-payload' };
  if (jsonNestsDeeperThan(payload)) return { ok: false, reason: 'invalid-json', detail: 'nested too deep' };
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'invalid-json' };
  }
  return parseSlackInteractionPayload(json);
}

export function parseSlackInteractionPayload(json: unknown): ParseSlackInteractionResult {
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'invalid-payload', detail: issue ? `${issue.path.join('.')}: ${issue.message}` : undefined };
  }
  const p = parsed.data;
  if (p.type !== 'block_actions') return { ok: false, reason: 'unsupported-type', detail: p.type };
  const action = p.actions?.find((a) => a.action_id === APPROVE_ACTION_ID || a.action_id === REJECT_ACTION_ID);
  if (!action) return { ok: false, reason: 'unknown-action', detail: p.actions?.map((a) => a.action_id).join(',') };
  if (!action.value || !APPROVAL_ID_RE.test(action.value)) return { ok: false, reason: 'bad-approval-id' };
  const channel = p.channel?.id ?? p.container?.channel_id;
  const messageTs = p.container?.message_ts ?? p.message?.ts;
  if (!channel || !messageTs) return { ok: false, reason: 'missing-message' };
  return {
    ok: true,
    interaction: {
      approvalId: action.value,
      action: action.action_id === APPROVE_ACTION_ID ? 'approve' : 'reject',
      slackUserId: p.user.id,
      slackTeamId: p.team?.id ?? p.user.team_id ?? null,
      ...(p.response_url !== undefined ? { responseUrl: p.response_url } : {}),
      channel,
      messageTs,
    },
  };
}
