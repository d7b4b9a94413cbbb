import { describe, expect, it } from 'vitest';
import { affectsProjection, deriveRelationship, transition, initialProjection, PROJECTION_EVENT_TYPES, type StatusEvent } from '../../../src/crm/derive-status.ts';
import { EVENT_TYPES, RELATIONSHIP_STATUSES, type EventType, type RelationshipStatus } from '../../../src/crm/types.ts';

let seq = 0;
const ev = (type: EventType, minute: number, metadata: Record<string, unknown> = {}): StatusEvent => ({
  id: `evt_${String(seq++).padStart(4, '0')}`,
  type,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  metadata,
});

describe('transition table', () => {
  const cases: Array<[RelationshipStatus, EventType, Record<string, unknown>, boolean, RelationshipStatus]> = [
    // from, event, metadata, contactedByUs before, expected
    ['PROSPECTING', 'EMAIL_SENT', {}, false, 'CONTACTED_BY_US'],
    ['APPROVED_TO_CONTACT', 'EMAIL_SENT', {}, false, 'CONTACTED_BY_US'],
    ['QUEUED', 'EMAIL_SENT', {}, false, 'CONTACTED_BY_US'],
    ['CONTACTED_BY_OTHER_ORG', 'EMAIL_SENT', {}, false, 'CONTACTED_BY_US'],
    ['INACTIVE', 'EMAIL_SENT', {}, false, 'CONTACTED_BY_US'],
    ['ACTIVELY_ENGAGED', 'EMAIL_SENT', {}, true, 'ACTIVELY_ENGAGED'],
    ['LINK_PLACED', 'EMAIL_SENT', {}, true, 'LINK_PLACED'],
    ['NOT_INTERESTED', 'EMAIL_SENT', {}, true, 'NOT_INTERESTED'],
    ['CONTACTED_BY_US', 'EMAIL_RECEIVED', {}, true, 'ACTIVELY_ENGAGED'],
    // a reply nobody asked for still engages (issue 11): the partner wrote to this workspace
    ['PROSPECTING', 'EMAIL_RECEIVED', {}, false, 'ACTIVELY_ENGAGED'],
    ['APPROVED_TO_CONTACT', 'EMAIL_RECEIVED', {}, false, 'ACTIVELY_ENGAGED'],
    ['QUEUED', 'EMAIL_RECEIVED', {}, false, 'ACTIVELY_ENGAGED'],
    ['INACTIVE', 'EMAIL_RECEIVED', {}, false, 'ACTIVELY_ENGAGED'],
    ['INACTIVE', 'EMAIL_RECEIVED', {}, true, 'ACTIVELY_ENGAGED'],
    ['CONTACTED_BY_OTHER_ORG', 'EMAIL_RECEIVED', {}, false, 'ACTIVELY_ENGAGED'],
    ['ACTIVELY_ENGAGED', 'EMAIL_RECEIVED', {}, true, 'ACTIVELY_ENGAGED'],
    ['PROSPECTING', 'AUTO_REPLY_RECEIVED', {}, false, 'PROSPECTING'],
    ['PROSPECTING', 'BOUNCED', { kind: 'hard' }, false, 'PROSPECTING'],
    ['NOT_INTERESTED', 'EMAIL_RECEIVED', {}, true, 'NOT_INTERESTED'],
    ['LINK_PLACED', 'EMAIL_RECEIVED', {}, true, 'LINK_PLACED'],
    ['CONTACTED_BY_US', 'AUTO_REPLY_RECEIVED', {}, true, 'CONTACTED_BY_US'],
    ['CONTACTED_BY_US', 'BOUNCED', { kind: 'hard' }, true, 'CONTACTED_BY_US'],
    ['ACTIVELY_ENGAGED', 'REJECTED', {}, true, 'NOT_INTERESTED'],
    ['ACTIVELY_ENGAGED', 'LINK_PLACED', {}, true, 'LINK_PLACED'],
    ['ACTIVELY_ENGAGED', 'STATUS_CHANGED', { to: 'INACTIVE' }, true, 'INACTIVE'],
    ['ACTIVELY_ENGAGED', 'STATUS_CHANGED', { to: 'NOT_A_STATUS' }, true, 'ACTIVELY_ENGAGED'],
    ['ACTIVELY_ENGAGED', 'NOTE_ADDED', {}, true, 'ACTIVELY_ENGAGED'],
    ['ACTIVELY_ENGAGED', 'MESSAGE_CLASSIFIED', {}, true, 'ACTIVELY_ENGAGED'],
    ['QUEUED', 'RATE_NEGOTIATED', {}, false, 'QUEUED'],
  ];
  it.each(cases)('%s + %s %o (contacted=%s) → %s', (from, type, metadata, contacted, expected) => {
    const before = { ...initialProjection(from), contactedByUs: contacted };
    expect(transition(before, { kind: 'own', event: ev(type, 1, metadata) }).status).toBe(expected);
  });

  const otherOrg: Array<[RelationshipStatus, RelationshipStatus]> = [
    ['PROSPECTING', 'CONTACTED_BY_OTHER_ORG'],
    ['APPROVED_TO_CONTACT', 'CONTACTED_BY_OTHER_ORG'],
    ['QUEUED', 'CONTACTED_BY_OTHER_ORG'],
    ['CONTACTED_BY_US', 'CONTACTED_BY_US'],
    ['ACTIVELY_ENGAGED', 'ACTIVELY_ENGAGED'],
    ['NOT_INTERESTED', 'NOT_INTERESTED'],
  ];
  it.each(otherOrg)("another workspace's send: %s → %s, flag set", (from, expected) => {
    const after = transition(initialProjection(from), { kind: 'other', send: { id: 'evt_x', occurredAt: '2026-01-01T00:00:00.000Z' } });
    expect(after.status).toBe(expected);
    expect(after.contactedByOtherOrg).toBe(true);
  });
});

describe('deriveRelationship', () => {
  it('folds events in time order, whatever order they are given in', () => {
    const events = [ev('EMAIL_RECEIVED', 10), ev('EMAIL_SENT', 5), ev('EMAIL_SENT', 20)];
    const p = deriveRelationship('PROSPECTING', events);
    expect(p).toEqual({
      status: 'ACTIVELY_ENGAGED',
      contactedByUs: true,
      firstContactedByUsAt: '2026-01-01T00:05:00.000Z',
      lastContactedByUsAt: '2026-01-01T00:20:00.000Z',
      contactedByOtherOrg: false,
      firstContactedAt: '2026-01-01T00:05:00.000Z',
    });
    expect(deriveRelationship('PROSPECTING', [...events].reverse())).toEqual(p);
  });

  it('interleaves other workspaces’ sends by time', () => {
    const p = deriveRelationship('PROSPECTING', [ev('EMAIL_SENT', 30)], [{ id: 'evt_o', occurredAt: '2026-01-01T00:10:00.000Z' }]);
    expect(p.status).toBe('CONTACTED_BY_US');
    expect(p.contactedByOtherOrg).toBe(true);
    const q = deriveRelationship('PROSPECTING', [ev('NOTE_ADDED', 5)], [{ id: 'evt_o', occurredAt: '2026-01-01T00:10:00.000Z' }]);
    expect(q.status).toBe('CONTACTED_BY_OTHER_ORG');
  });

  it('a reply to a relationship we never wrote to engages it, without marking it contacted by us', () => {
    const p = deriveRelationship('PROSPECTING', [ev('EMAIL_RECEIVED', 1)]);
    expect(p).toMatchObject({ status: 'ACTIVELY_ENGAGED', contactedByUs: false, firstContactedByUsAt: null, firstContactedAt: '2026-01-01T00:01:00.000Z' });
    // our answer afterwards keeps it engaged
    expect(deriveRelationship('PROSPECTING', [ev('EMAIL_RECEIVED', 1), ev('EMAIL_SENT', 2)]).status).toBe('ACTIVELY_ENGAGED');
    // another workspace's send after the reply does not pull it back
    expect(deriveRelationship('PROSPECTING', [ev('EMAIL_RECEIVED', 1)], [{ id: 'evt_o', occurredAt: '2026-01-01T00:05:00.000Z' }]).status).toBe('ACTIVELY_ENGAGED');
    // an auto-reply alone does not engage
    expect(deriveRelationship('PROSPECTING', [ev('AUTO_REPLY_RECEIVED', 1)]).status).toBe('PROSPECTING');
  });

  it('starts from the status the relationship was created with', () => {
    expect(deriveRelationship('QUEUED', []).status).toBe('QUEUED');
  });
});

describe('event types that cannot change a projection', () => {
  // appendEvent skips projection work for these, and replays read only the others: each must be an identity
  const identities = EVENT_TYPES.filter((t) => !affectsProjection(t));
  const projections = RELATIONSHIP_STATUSES.flatMap((status) => [
    initialProjection(status),
    { status, contactedByUs: true, firstContactedByUsAt: '2026-01-01T00:01:00.000Z', lastContactedByUsAt: '2026-01-01T00:02:00.000Z', contactedByOtherOrg: true, firstContactedAt: '2026-01-01T00:01:00.000Z' },
  ]);
  const metadatas: Array<Record<string, unknown>> = [{}, { to: 'LINK_PLACED' }, { kind: 'hard' }, { doNotContact: true }];
  it.each(identities)('%s leaves every projection unchanged', (type) => {
    for (const p of projections) for (const metadata of metadatas) expect(transition(p, { kind: 'own', event: { ...ev(type, 3), metadata } })).toEqual(p);
  });
  it.each([...PROJECTION_EVENT_TYPES])('%s changes some projection', (type) => {
    const metadata = type === 'STATUS_CHANGED' ? { to: 'INACTIVE' } : {};
    expect(projections.some((p) => JSON.stringify(transition(p, { kind: 'own', event: { ...ev(type, 3), metadata } })) !== JSON.stringify(p))).toBe(true);
  });
});
