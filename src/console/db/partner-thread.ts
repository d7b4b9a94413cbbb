/**
 * A partner as the agency sees it: the shared account (its facts, redacted like the API's), the agency's
 * relationships with it, and the whole thread across the agency's workspaces — every inbound message with
 * its classification and decision, every outreach email, every reply send, and every event. Nothing of
 * another agency's workspaces is read.
 */
import type { Queryable } from '../../db/types.ts';
import type { Account, CrmEvent } from '../../crm/types.ts';
import { getAccount } from '../../crm/db/accounts.ts';
import { accountsForCaller } from '../../crm/account-view.ts';
import { camelRow } from '../../db/rows.ts';

export const THREAD_LIMIT = 500;

export interface PartnerRelationship {
  id: string;
  workspaceId: string;
  workspaceName: string;
  status: string;
  contactedByUs: boolean;
  ourContent: string | null;
}

export interface ThreadInbound {
  id: string;
  workspaceId: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  text: string | null;
  receivedAt: string;
  status: string;
  classification: unknown;
  decision: unknown;
  draft: unknown;
  send: { channel: string; status: string; sentAt: string | null; lastError: string | null } | null;
}

export interface ThreadOutreach {
  id: string;
  workspaceId: string;
  toAddress: string;
  subject: string;
  text: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  sendError: string | null;
}

export interface PartnerThread {
  account: Account;
  relationships: PartnerRelationship[];
  inbound: ThreadInbound[];
  outreach: ThreadOutreach[];
  events: CrmEvent[];
  workspaceNames: Record<string, string>;
}

/** Null when the account does not exist or the agency has nothing with it in these workspaces (a 404). */
export async function loadPartnerThread(db: Queryable, accountId: string, workspaces: ReadonlyArray<{ id: string; name: string }>): Promise<PartnerThread | null> {
  const ids = workspaces.map((w) => w.id);
  if (!ids.length) return null;
  const shared = await getAccount(db, accountId);
  if (!shared) return null;
  const rels = await db.query<{ id: string; workspace_id: string; status: string; contacted_by_us: boolean; our_content: string | null }>(
    'select id, workspace_id, status, contacted_by_us, our_content from relationships where account_id = $1 and workspace_id = any($2) order by workspace_id',
    [accountId, ids],
  );
  const inboundRows = await db.query(
    `select i.id, i.workspace_id, i.from_address, i.from_name, i.subject, i.text, i.received_at, i.status, i.classification, i.decision, i.draft,
       s.channel as s_channel, s.status as s_status, s.sent_at as s_sent_at, s.last_error as s_last_error
     from inbound_messages i left join outbound_sends s on s.inbound_id = i.id
     where i.account_id = $1 and i.workspace_id = any($2) order by i.received_at, i.id limit ${THREAD_LIMIT}`,
    [accountId, ids],
  );
  if (!rels.rows.length && !inboundRows.rows.length) return null;
  const outreachRows = await db.query(
    `select id, workspace_id, to_address, subject, text, status, created_at, sent_at, send_error from outreach_messages
     where account_id = $1 and workspace_id = any($2) order by created_at, id limit ${THREAD_LIMIT}`,
    [accountId, ids],
  );
  const eventRows = await db.query(
    `select * from events where account_id = $1 and workspace_id = any($2) order by occurred_at, id limit ${THREAD_LIMIT * 4}`,
    [accountId, ids],
  );
  const [account] = await accountsForCaller(db, [shared], ids);
  return {
    account: account!,
    relationships: rels.rows.map((r) => ({
      id: r.id, workspaceId: r.workspace_id, workspaceName: workspaces.find((w) => w.id === r.workspace_id)?.name ?? r.workspace_id,
      status: r.status, contactedByUs: r.contacted_by_us, ourContent: r.our_content,
    })),
    inbound: inboundRows.rows.map((r) => {
      const row = camelRow<Record<string, unknown>>(r);
      return {
        id: row['id'] as string, workspaceId: row['workspaceId'] as string, fromAddress: (row['fromAddress'] as string | null) ?? null, fromName: (row['fromName'] as string | null) ?? null,
        subject: (row['subject'] as string | null) ?? null, text: (row['text'] as string | null) ?? null, receivedAt: row['receivedAt'] as string, status: row['status'] as string,
        classification: row['classification'], decision: row['decision'], draft: row['draft'],
        send: row['sChannel'] ? { channel: row['sChannel'] as string, status: row['sStatus'] as string, sentAt: (row['sSentAt'] as string | null) ?? null, lastError: (row['sLastError'] as string | null) ?? null } : null,
      };
    }),
    outreach: outreachRows.rows.map((r) => camelRow<ThreadOutreach>(r)),
    events: eventRows.rows.map((r) => camelRow<CrmEvent>(r)),
    workspaceNames: Object.fromEntries(workspaces.map((w) => [w.id, w.name])),
  };
}
