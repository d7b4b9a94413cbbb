/** The sender names and signatures a draft is signed with (migration 017): a mailbox's and its workspace's. */
import type { Queryable } from '../../../db/types.ts';
import type { SenderSettings } from '../sender.ts';

export async function senderSettingsOf(db: Queryable, workspaceId: string, mailboxId: string | null): Promise<{ mailbox: SenderSettings | null; workspace: SenderSettings | null }> {
  const { rows } = await db.query<{ kind: 'mailbox' | 'workspace'; sender_name: string | null; signature: string | null }>(
    `select 'workspace' as kind, sender_name, signature from workspaces where id = $1
     union all
     select 'mailbox' as kind, sender_name, signature from mailboxes where id = $2 and workspace_id = $1`,
    [workspaceId, mailboxId],
  );
  const of = (kind: string): SenderSettings | null => {
    const r = rows.find((x) => x.kind === kind);
    return r ? { senderName: r.sender_name, signature: r.signature } : null;
  };
  return { mailbox: of('mailbox'), workspace: of('workspace') };
}

export interface WorkspaceSender extends SenderSettings {
  workspaceId: string;
  name: string;
}

export async function getWorkspaceSender(db: Queryable, workspaceId: string): Promise<WorkspaceSender | null> {
  const { rows } = await db.query<{ id: string; name: string; sender_name: string | null; signature: string | null }>(
    'select id, name, sender_name, signature from workspaces where id = $1',
    [workspaceId],
  );
  const r = rows[0];
  return r ? { workspaceId: r.id, name: r.name, senderName: r.sender_name, signature: r.signature } : null;
}

/** Sets the fields given (null clears one); returns the result, or null for an unknown workspace. */
export async function updateWorkspaceSender(db: Queryable, workspaceId: string, patch: Partial<SenderSettings>): Promise<WorkspaceSender | null> {
  await db.query(
    `update workspaces set
       sender_name = case when $2 then $3 else sender_name end,
       signature = case when $4 then $5 else signature end,
       updated_at = now()
     where id = $1`,
    [workspaceId, patch.senderName !== undefined, patch.senderName ?? null, patch.signature !== undefined, patch.signature ?? null],
  );
  return getWorkspaceSender(db, workspaceId);
}
