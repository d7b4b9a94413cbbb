/**
 * The classify step's history summary is folded by the database (`historyTotalsOf`,
 * src/crm/db/history.ts) over all of a relationship's events, and made a summary by `summaryOf`
 * (src/classify/history.ts). This proves, for random event sequences stored in the database (every
 * type, auto or not, statuses that are strings or not, offers that are arrays or not, many events at
 * the same instant), that it equals `summarizeHistory` — the pure definition — over the same events
 * read back in their order; and that a relationship longer than the 500 events the step used to read
 * is summarized whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { insertEvents, listEvents, type EventInsert } from '../../src/crm/db/events.ts';
import { historyTotalsOf } from '../../src/crm/db/history.ts';
import { summarizeHistory, summaryOf } from '../../src/classify/history.ts';
import type { EventType } from '../../src/crm/types.ts';
import { rng } from '../support/chaos-fuzz.ts';

const TYPES: EventType[] = ['EMAIL_SENT', 'EMAIL_SENT', 'EMAIL_RECEIVED', 'EMAIL_RECEIVED', 'STATUS_CHANGED', 'STATUS_CHANGED', 'RATE_NEGOTIATED', 'RATE_NEGOTIATED',
  'MESSAGE_CLASSIFIED', 'NOTE_ADDED', 'AUTO_REPLY_RECEIVED', 'BOUNCED', 'GATES_EVALUATED'];
const STATUSES = ['PROSPECTING', 'CONTACTED_BY_US', 'ACTIVELY_ENGAGED', 'INACTIVE', 'NOT_INTERESTED'] as const;

describe.each(DB_KINDS)('history totals on %s', (kind) => {
  let t: TestDb;
  let workspaceId = '';
  let n = 0;
  const relationship = async (tag: string) => {
    const account = await insertAccount(t.db, { domain: `history-${tag}-${n++}.example` });
    return insertRelationship(t.db, { workspaceId, accountId: account.id, source: 'MANUAL', status: STATUSES[n % STATUSES.length]! });
  };
  const both = async (rel: { id: string; organizationId: string; status: string; contactedByOtherOrg: boolean }) => {
    const events = (await listEvents(t.db, { workspaceIds: [rel.organizationId], relationshipId: rel.id, limit: 100_000 })).data;
    const totals = (await historyTotalsOf(t.db, [{ id: rel.id, workspaceId: rel.organizationId }])).get(rel.id)!;
    return { events, fromTotals: summaryOf(totals, rel), defined: summarizeHistory(events, rel) };
  };

  beforeAll(async () => {
    t = await createTestDb(kind);
    const agency = await insertAgency(t.db, 'History agency');
    workspaceId = (await insertWorkspace(t.db, agency.id, 'history')).workspace.id;
  }, 120_000);
  afterAll(() => t.drop());

  it('equals summarizeHistory over the same events, for random sequences of several relationships at once', async () => {
    const seed = Number(process.env['HISTORY_SEED'] ?? Date.now() % 100_000);
    const rand = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const rels = await Promise.all(Array.from({ length: 12 }, (_, i) => relationship(`r${i}`)));
    const inserts: EventInsert[] = [];
    const base = Date.UTC(2026, 0, 1);
    for (const [i, rel] of rels.entries()) {
      // the first relationship has none of its events; the others up to 80, many at the same instants
      const count = i === 0 ? 0 : Math.floor(rand() * 80);
      for (let j = 0; j < count; j++) {
        const type = pick(TYPES);
        const r = rand();
        const metadata: Record<string, unknown> =
          type === 'EMAIL_SENT' ? (r < 0.4 ? { auto: true } : r < 0.55 ? { auto: false } : r < 0.65 ? { auto: 'true' } : r < 0.7 ? { auto: 1 } : {})
          : type === 'STATUS_CHANGED' ? (r < 0.8 ? { to: pick(STATUSES) } : r < 0.9 ? { to: 3 } : {})
          : type === 'RATE_NEGOTIATED' ? (r < 0.7 ? { offers: Array.from({ length: Math.floor(rand() * 3) }, () => ({ type: pick(['GUEST_POST', 'LINK_INSERTION']), amount: Math.floor(rand() * 500) + 0.5, currency: pick(['USD', 'EUR']) })) }
            : r < 0.85 ? { offers: { type: 'GUEST_POST' } } : {})
          // other events may carry the same keys: the summary ignores them
          : r < 0.3 ? { to: pick(STATUSES), offers: [{ type: 'GUEST_POST', amount: 1, currency: 'USD' }], auto: true } : {};
        // a handful of instants (equal times are ordered by id), with milliseconds
        const at = base + Math.floor(rand() * 6) * 86_400_000 + pick([0, 0, 1, 999]);
        inserts.push({
          // random ids, so that the order within an instant is the ids' and not the insertion's
          id: `ev_${Math.floor(rand() * 1e9).toString(36)}${j.toString(36)}`, workspaceId, accountId: rel.accountId, relationshipId: rel.id, contactId: null,
          type, subject: null, content: type.startsWith('EMAIL_') ? `email ${j}` : null, metadata, occurredAt: new Date(at).toISOString(), idempotencyKey: null,
        });
      }
    }
    await insertEvents(t.db, inserts);
    // all at once (one row per relationship) as the step reads them, and one by one
    const all = await historyTotalsOf(t.db, rels.map((r) => ({ id: r.id, workspaceId: r.organizationId })));
    expect(all.size).toBe(rels.length);
    let seen = { events: 0, statuses: 0, prices: 0, auto: 0, ties: 0 };
    for (const rel of rels) {
      const { events, fromTotals, defined } = await both(rel);
      expect(fromTotals, `relationship ${rel.id}, seed ${seed}`).toEqual(defined);
      expect(summaryOf(all.get(rel.id)!, rel), `relationship ${rel.id}, seed ${seed}`).toEqual(defined);
      seen = {
        events: seen.events + events.length,
        statuses: seen.statuses + defined.priorStatuses.length - 1,
        prices: seen.prices + defined.pricesSeen.length,
        auto: seen.auto + defined.autoRepliesSent,
        ties: seen.ties + events.filter((e, i) => i > 0 && events[i - 1]!.occurredAt === e.occurredAt).length,
      };
    }
    // the sequences had something of everything to fold
    expect(seen.events, `seed ${seed}`).toBe(inserts.length);
    for (const [what, count] of Object.entries(seen)) expect(count, `${what}, seed ${seed}`).toBeGreaterThan(0);
  });

  it('folds every event of a relationship, past the 500 the step used to read', async () => {
    const rel = await relationship('long');
    const base = Date.UTC(2026, 1, 1);
    const inserts: EventInsert[] = Array.from({ length: 700 }, (_, i) => {
      const type: EventType = i < 600 ? (i % 2 ? 'EMAIL_SENT' : 'EMAIL_RECEIVED') : i === 650 ? 'STATUS_CHANGED' : i === 660 ? 'RATE_NEGOTIATED' : 'EMAIL_SENT';
      const type2: EventType = i >= 670 && i < 690 ? 'RATE_NEGOTIATED' : type;
      const restated = { offers: [{ type: 'GUEST_POST', amount: 300, currency: 'USD' }, ...(i % 2 ? [{ type: 'LINK_INSERTION', amount: 150, currency: 'USD' }] : [])] };
      const metadata = type === 'STATUS_CHANGED' ? { to: 'ACTIVELY_ENGAGED' } : type2 === 'RATE_NEGOTIATED' ? restated : { auto: i % 4 === 1 };
      return { id: `ev_long_${String(i).padStart(4, '0')}`, workspaceId, accountId: rel.accountId, relationshipId: rel.id, contactId: null, type: type2, subject: null, content: 'x', metadata, occurredAt: new Date(base + i * 60_000).toISOString(), idempotencyKey: null };
    });
    await insertEvents(t.db, inserts);
    const { fromTotals, defined } = await both(rel);
    expect(fromTotals).toEqual(defined);
    expect(fromTotals.messagesSent).toBe(300 + 98 - 20);
    expect(fromTotals.messagesReceived).toBe(300);
    expect(fromTotals.autoRepliesSent).toBe(150 + 20);
    expect(fromTotals.priorStatuses).toEqual([...new Set(['ACTIVELY_ENGAGED', rel.status])]);
    // the same two rates restated 21 times: each once, in the order first quoted
    expect(fromTotals.pricesSeen).toEqual([{ type: 'GUEST_POST', amount: 300, currency: 'USD' }, { type: 'LINK_INSERTION', amount: 150, currency: 'USD' }]);
    expect(fromTotals.lastContactedAt).toBe(new Date(base + 699 * 60_000).toISOString());
  });
});
