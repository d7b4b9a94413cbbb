/**
 * Starts a campaign: checks what can be checked before anything is stored (the workspace is the
 * caller's, the mailbox is the workspace's, the providers the kind needs are configured), then stores
 * the campaign and its research job in one transaction. Answers RUNNING; the chain does the rest.
 */
import type { Db } from '../db/types.ts';
import type { Access } from '../crm/access.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { getMailbox } from '../ingest/mailboxes/mailboxes-db.ts';
import { QUEUES } from '../jobs/queues.ts';
import { insertCampaign, type CampaignRow } from './db/campaigns-db.ts';
import type { CampaignInput, CampaignJob } from './types.ts';
import type { MissingProvider } from './missing-provider.ts';

export interface StartDeps {
  db: Db;
  enqueue: EnqueueInTx;
  /** The 400 naming the missing provider keys for this input (and its field), or null when it can run. */
  missingProvider: (input: CampaignInput) => MissingProvider | null;
  now: Date;
}

export async function startCampaign(deps: StartDeps, access: Access, workspaceId: string, input: CampaignInput): Promise<CampaignRow> {
  if (!access.workspaceIds.includes(workspaceId)) throw new AppError('NOT_FOUND', 'workspace not found', { field: 'body.workspaceId' });
  const missing = deps.missingProvider(input);
  if (missing) throw new AppError('VALIDATION', missing.message, { field: missing.field });
  if (input.pitch.mailboxId) {
    const mailbox = await getMailbox(deps.db, input.pitch.mailboxId, [workspaceId]);
    if (!mailbox) throw new AppError('VALIDATION', "body.pitch.mailboxId: is not a connected mailbox of this workspace", { field: 'body.pitch.mailboxId' });
  }
  const host = new URL(input.pitch.ourContent).hostname;
  if (input.kind === 'COMPETITOR' && host.replace(/^www\./, '') === input.competitorDomain) {
    throw new AppError('VALIDATION', 'body.competitorDomain: is the host of pitch.ourContent (your own site)', { field: 'body.competitorDomain' });
  }
  return deps.db.transaction(async (tx) => {
    const c = await insertCampaign(tx, { id: newId('scmp', deps.now.getTime()), workspaceId, input, now: deps.now });
    await deps.enqueue(tx, QUEUES.campaignResearch, [{ campaignId: c.id } satisfies CampaignJob]);
    return c;
  });
}
