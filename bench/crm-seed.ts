/**
 * Bulk data for benchmark 2, straight through pg with generate_series (no per-row round trips, FK
 * and append-only triggers off for the seeding session only, secondary indexes of `events` rebuilt
 * afterwards from their own definitions). Scale 1: 100 k relationships over 10 workspaces, 25 k
 * shared accounts (each in 4 workspaces) with one contact each, 1 M events: 90 % spread over all
 * relationships, 10 % on a few "hot" accounts (big publishers with long histories), so that deep
 * cursor pages exist for one partner.
 */
import { performance } from 'node:perf_hooks';
import { connect } from './lib/db.ts';
import { round } from './lib/stats.ts';

export interface SeedShape {
  relationships: number;
  accounts: number;
  events: number;
  hotAccounts: number;
  workspaces: number;
}

export function seedShape(scale: number, workspaces: number): SeedShape {
  const relationships = Math.round(100_000 * scale);
  return {
    relationships,
    accounts: Math.round(relationships / 4),
    events: Math.round(1_000_000 * scale),
    hotAccounts: Math.max(10, Math.round(100 * scale)),
    workspaces,
  };
}

export const accountId = (a: number): string => `acct_${String(a).padStart(20, '0')}`;
export const relationshipId = (i: number): string => `rel_${String(i).padStart(20, '0')}`;

const STATUSES = ['PROSPECTING', 'CONTACTED_BY_US', 'CONTACTED_BY_US', 'ACTIVELY_ENGAGED', 'CONTACTED_BY_US', 'NOT_INTERESTED', 'LINK_PLACED', 'QUEUED', 'CONTACTED_BY_OTHER_ORG', 'INACTIVE'];
const EVENT_TYPES = ['EMAIL_SENT', 'EMAIL_RECEIVED', 'EMAIL_SENT', 'MESSAGE_CLASSIFIED', 'GATES_EVALUATED', 'NOTE_ADDED', 'REPLY_DRAFTED', 'EMAIL_RECEIVED'];

export async function seedCrm(url: string, workspaceIds: readonly string[], shape: SeedShape): Promise<{ seconds: number; steps: Record<string, number> }> {
  const c = await connect(url);
  const steps: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []): Promise<void> => {
    const t = performance.now();
    await c.query(sql, params);
    steps[name] = round((performance.now() - t) / 1000, 1);
  };
  const t0 = performance.now();
  try {
    await c.query(`set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '256MB'`);
    const { A, R, E, H, W } = { A: shape.accounts, R: shape.relationships, E: shape.events, H: shape.hotAccounts, W: workspaceIds.length };
    await step(
      'accounts',
      `insert into accounts (id, domain, name, source, system_contact_status, domain_rating, organic_traffic)
       select 'acct_' || lpad(a::text, 20, '0'), 'partner-' || a || '.example', 'Partner ' || a, 'SEARCH',
              (array['NEVER_CONTACTED','CONTACTED','RESPONSIVE','RATE_ESTABLISHED'])[1 + a % 4], (a * 37) % 90 + 5, (a * 7919) % 100000
       from generate_series(0, $1::int - 1) a`,
      [A],
    );
    await step(
      'contacts',
      `insert into contacts (id, account_id, first_name, last_name, email)
       select 'ct_' || lpad(a::text, 20, '0'), 'acct_' || lpad(a::text, 20, '0'), 'Editor', 'No' || a, 'editor@partner-' || a || '.example'
       from generate_series(0, $1::int - 1) a`,
      [A],
    );
    // relationship i: account i % A, workspace (i / A + account) % W — each account in 4 distinct workspaces
    await step(
      'relationships',
      `insert into relationships (id, workspace_id, account_id, source, status, initial_status, priority, contacted_by_us)
       select 'rel_' || lpad(i::text, 20, '0'), ($2::text[])[1 + ((i / $1::int) + (i % $1::int)) % $3::int], 'acct_' || lpad((i % $1::int)::text, 20, '0'),
              'SEARCH', ($4::text[])[1 + (i * 7) % 10], 'PROSPECTING', (array['LOW','MEDIUM','HIGH'])[1 + i % 3], (i * 7) % 10 not in (0, 7)
       from generate_series(0, $5::int - 1) i`,
      [A, workspaceIds, W, STATUSES, R],
    );
    const indexes = await c.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes i where tablename = 'events'
       and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    );
    for (const ix of indexes.rows) await c.query(`drop index ${ix.indexname}`);
    // event j: 90 % on relationship (j * 7919) % R, the rest on the hot accounts' relationships
    await step(
      'events',
      `insert into events (id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata, occurred_at)
       select 'evt_' || lpad(j::text, 20, '0'), ($2::text[])[1 + ((r / $1::int) + (r % $1::int)) % $3::int], 'acct_' || lpad((r % $1::int)::text, 20, '0'),
              'rel_' || lpad(r::text, 20, '0'), case when j % 2 = 0 then 'ct_' || lpad((r % $1::int)::text, 20, '0') end,
              ($4::text[])[1 + j % 8], 'Re: Guest post idea #' || (j % 1000),
              'Thanks for getting back to us. We can publish the article next week; our rate for a link insertion is $' || (100 + j % 400) ||
              '. Please send the final draft and the target URL, and let us know the anchor text you prefer. Message ' || j || '.',
              jsonb_build_object('source', 'IMPORT', 'seq', j), timestamptz '2024-01-01' + ((j::bigint * 2654435761) % 63072000) * interval '1 second'
       from (select j, case when j < $5::bigint * 9 / 10 then ((j::bigint * 7919) % $6::int)::int
                            else ((j % $7::int) + ((j / $7::int) % 4) * $1::int)::int end as r
             from generate_series(0, $5::int - 1) j) s`,
      [A, workspaceIds, W, EVENT_TYPES, E, R, H],
    );
    const t = performance.now();
    for (const ix of indexes.rows) await c.query(ix.indexdef);
    steps['event indexes'] = round((performance.now() - t) / 1000, 1);
    await step('analyze', 'analyze');
    return { seconds: round((performance.now() - t0) / 1000, 1), steps };
  } finally {
    await c.end();
  }
}
