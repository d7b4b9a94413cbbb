/**
 * What a workspace's own threads prove about a partner (the input of the shared-facts rule):
 * an EMAIL_SENT of this workspace, on this account, to one of the addresses (our own send; an
 * Instantly webhook's only once Instantly confirmed it), or an
 * inbound message of this workspace that replies to a message this workspace sent on this account.
 */
import type { Queryable } from '../../db/types.ts';
import type { Evidence, InboundEvidence } from '../shared-facts.ts';

export interface EvidenceQuery {
  workspaceId: string;
  accountId: string;
  /** The partner addresses the fact is about (lower-cased here). */
  addresses: readonly string[];
  /** The message the fact was read from, if any: its sender counts as an address, its threading as a thread. */
  inboundId?: string | null;
  /** Any address of the account's contacts counts (an assertion about the account as a whole). */
  anyAddressOfAccount?: boolean;
}

/**
 * A send counts unless it is an Instantly `email_sent` webhook (the workspace's word: Instantly signs
 * nothing) that Instantly's API did not confirm (src/ingest/instantly/send-verification.ts).
 */
const COUNTS_AS_OUR_SEND = `(e.metadata->>'source' is distinct from 'INSTANTLY' or e.metadata->>'verified' = 'true')`;

export async function threadEvidence(db: Queryable, q: EvidenceQuery): Promise<Evidence> {
  const addresses = [...new Set(q.addresses.map((a) => a.toLowerCase()))];
  let from: string | null = null;
  if (q.inboundId) {
    const { rows } = await db.query<{ from_address: string | null; threaded: boolean }>(
      `select m.from_address,
         exists (select 1 from events e
                 where e.account_id = $3 and e.type = 'EMAIL_SENT' and e.workspace_id = m.workspace_id and ${COUNTS_AS_OUR_SEND}
                   and e.metadata->>'messageId' = any(array_append(m."references", m.in_reply_to))) as threaded
       from inbound_messages m where m.id = $1 and m.workspace_id = $2`,
      [q.inboundId, q.workspaceId, q.accountId],
    );
    const m = rows[0];
    if (m?.threaded) return 'REPLY_IN_OUR_THREAD';
    from = m?.from_address?.toLowerCase() ?? null;
  }
  if (from && !addresses.includes(from)) addresses.push(from);
  if (!addresses.length && !q.anyAddressOfAccount) return 'NONE';
  const { rows } = await db.query(
    `select 1 from events e left join contacts c on c.id = e.contact_id
     where e.account_id = $2 and e.type = 'EMAIL_SENT' and e.workspace_id = $1 and ${COUNTS_AS_OUR_SEND}
       and (lower(e.metadata->>'to') = any($3) or lower(c.email) = any($3)
            or ($4 and (c.account_id = $2 or lower(e.metadata->>'to') in (select lower(email) from contacts where account_id = $2))))
     limit 1`,
    [q.workspaceId, q.accountId, addresses, q.anyAddressOfAccount === true],
  );
  return rows.length ? 'OUR_SEND' : 'NONE';
}

/**
 * `threadEvidence`'s reads for many inbound messages at once, each with the workspace and account it is
 * asserted for: whether it replies in a thread of that workspace on that account, its sender, and every
 * address the workspace's counted sends on the account went to (two statements, whatever the number of
 * messages). `evidenceOf` (shared-facts.ts) then answers for any addresses. It describes the events as
 * read: a transaction that appends an EMAIL_SENT for one of these accounts must read again.
 */
export async function inboundEvidence(
  db: Queryable,
  items: ReadonlyArray<{ inboundId: string; workspaceId: string; accountId: string }>,
): Promise<Map<string, InboundEvidence>> {
  const out = new Map<string, InboundEvidence>();
  if (!items.length) return out;
  const pairs = [...new Map(items.map((i) => [`${i.workspaceId}\u0000${i.accountId}`, i])).values()];
  const { rows: sent } = await db.query<{ ws: string; account: string; address: string }>(
    `select distinct r.ws, r.account, a.address
       from unnest($1::text[], $2::text[]) as r(ws, account)
       join events e on e.account_id = r.account and e.type = 'EMAIL_SENT' and e.workspace_id = r.ws and ${COUNTS_AS_OUR_SEND}
       left join contacts c on c.id = e.contact_id
       cross join lateral (values (lower(e.metadata->>'to')), (lower(c.email))) as a(address)
      where a.address is not null`,
    [pairs.map((p) => p.workspaceId), pairs.map((p) => p.accountId)],
  );
  const sentTo = new Map<string, Set<string>>();
  for (const r of sent) {
    const k = `${r.ws}\u0000${r.account}`;
    sentTo.set(k, (sentTo.get(k) ?? new Set()).add(r.address));
  }
  const { rows } = await db.query<{ id: string; from_address: string | null; threaded: boolean }>(
    `select r.id, m.from_address,
       exists (select 1 from events e
               where e.account_id = r.account and e.type = 'EMAIL_SENT' and e.workspace_id = m.workspace_id and ${COUNTS_AS_OUR_SEND}
                 and e.metadata->>'messageId' = any(array_append(m."references", m.in_reply_to))) as threaded
       from unnest($1::text[], $2::text[], $3::text[]) as r(id, ws, account)
       join inbound_messages m on m.id = r.id and m.workspace_id = r.ws`,
    [items.map((i) => i.inboundId), items.map((i) => i.workspaceId), items.map((i) => i.accountId)],
  );
  const read = new Map(rows.map((r) => [r.id, r]));
  for (const i of items) {
    const m = read.get(i.inboundId);
    out.set(i.inboundId, {
      ...i,
      threaded: m?.threaded === true,
      from: m?.from_address?.toLowerCase() ?? null,
      sentTo: sentTo.get(`${i.workspaceId}\u0000${i.accountId}`) ?? new Set(),
    });
  }
  return out;
}

export async function workspaceOfInbound(db: Queryable, inboundId: string): Promise<string | null> {
  const { rows } = await db.query<{ workspace_id: string }>('select workspace_id from inbound_messages where id = $1', [inboundId]);
  return rows[0]?.workspace_id ?? null;
}

/** Whether another workspace's confirmed send on this account already rests on this Instantly email. */
export async function instantlySendProvedElsewhere(db: Queryable, workspaceId: string, accountId: string, instantlyEmailId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from events e where e.account_id = $2 and e.type = 'EMAIL_SENT' and e.workspace_id <> $1
       and e.metadata->>'instantlyEmailId' = $3 and e.metadata->>'verified' = 'true' limit 1`,
    [workspaceId, accountId, instantlyEmailId],
  );
  return rows.length > 0;
}
