/** The pure decisions of appending a list of events together (src/crm/append-events.ts), table-driven. */
import { describe, expect, it } from 'vitest';
import { appendRoute, firstWithKey, foldRelationship, laterInPart, partsOf, type AppendRoute } from '../../../src/crm/append-events.ts';
import { initialProjection, type RelationshipProjection, type StatusEvent } from '../../../src/crm/derive-status.ts';
import type { EventType } from '../../../src/crm/types.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe('appendRoute: which events are appended together', () => {
  const cases: Array<[EventType, Record<string, unknown>, AppendRoute]> = [
    ['EMAIL_RECEIVED', {}, 'fold'],
    ['EMAIL_RECEIVED', { inboundId: 'in_1', from: 'a@b.example' }, 'fold'],
    ['REJECTED', {}, 'fold'],
    ['LINK_PLACED', {}, 'fold'],
    ['STATUS_CHANGED', { to: 'INACTIVE' }, 'fold'],
    ['AUTO_REPLY_RECEIVED', {}, 'insert'],
    ['BOUNCED', { failedRecipients: ['a@b.example'] }, 'insert'],
    ['BOUNCED', { kind: 'soft' }, 'insert'],
    ['NOTE_ADDED', {}, 'insert'],
    ['MESSAGE_CLASSIFIED', {}, 'insert'],
    // a send changes the account's facts and other workspaces' projections; signals decided unlocked; DNC asserts a fact
    ['EMAIL_SENT', {}, 'one'],
    ['BOUNCED', { kind: 'hard' }, 'one'],
    ['RATE_NEGOTIATED', {}, 'one'],
    ['EMAIL_RECEIVED', { doNotContact: true }, 'one'],
    ['MESSAGE_CLASSIFIED', { doNotContact: true }, 'one'],
    ['REJECTED', { doNotContact: true }, 'one'],
  ];
  it.each(cases)('%s %j → %s', (type, metadata, route) => {
    expect(appendRoute(type, metadata)).toBe(route);
  });
});

describe('partsOf: runs appended together, the others one at a time, in order', () => {
  const cases: Array<[AppendRoute[], ReturnType<typeof partsOf>]> = [
    [[], []],
    [['fold', 'insert', 'fold'], [{ kind: 'together', indices: [0, 1, 2] }]],
    [['one'], [{ kind: 'one', index: 0 }]],
    [['fold', 'one', 'insert', 'fold', 'one', 'one'], [{ kind: 'together', indices: [0] }, { kind: 'one', index: 1 }, { kind: 'together', indices: [2, 3] }, { kind: 'one', index: 4 }, { kind: 'one', index: 5 }]],
  ];
  it.each(cases)('%j', (routes, parts) => {
    expect(partsOf(routes)).toEqual(parts);
  });
});

describe('firstWithKey: a key used earlier in the list (in its workspace) is a duplicate of the first', () => {
  const cases: Array<[Array<{ workspaceId: string; idempotencyKey: string | null }>, number[]]> = [
    [[{ workspaceId: 'w', idempotencyKey: 'a' }, { workspaceId: 'w', idempotencyKey: 'b' }], [0, 1]],
    [[{ workspaceId: 'w', idempotencyKey: 'a' }, { workspaceId: 'w', idempotencyKey: 'a' }, { workspaceId: 'w', idempotencyKey: 'a' }], [0, 0, 0]],
    [[{ workspaceId: 'w', idempotencyKey: 'a' }, { workspaceId: 'v', idempotencyKey: 'a' }], [0, 1]],
    [[{ workspaceId: 'w', idempotencyKey: null }, { workspaceId: 'w', idempotencyKey: null }], [0, 1]],
    [[{ workspaceId: 'w', idempotencyKey: 'b' }, { workspaceId: 'w', idempotencyKey: 'a' }, { workspaceId: 'w', idempotencyKey: 'b' }], [0, 1, 0]],
  ];
  it.each(cases)('%j → %j', (rows, first) => {
    expect(firstWithKey(rows)).toEqual(first);
  });
});

describe('laterInPart: an earlier event of the list, of the same relationship, sorts after it', () => {
  const e = (id: string, minute: number, relationshipId = 'r1') => ({ id, occurredAt: at(minute), relationshipId });
  const cases: Array<[string, Array<ReturnType<typeof e>>, boolean[]]> = [
    ['in time order', [e('evt_a', 1), e('evt_b', 2), e('evt_c', 3)], [false, false, false]],
    ['one out of order', [e('evt_a', 1), e('evt_b', 3), e('evt_c', 2)], [false, false, true]],
    ['out of order after the latest, not after the last', [e('evt_a', 5), e('evt_b', 2), e('evt_c', 3)], [false, true, true]],
    ['another relationship does not count', [e('evt_a', 5, 'r2'), e('evt_b', 2, 'r1')], [false, false]],
    ['same time: the id decides', [e('evt_b', 1), e('evt_a', 1)], [false, true]],
    ['same time, larger id: after', [e('evt_a', 1), e('evt_b', 1)], [false, false]],
    ['ids compare as code units, not by locale', [e('evt_B', 1), e('evt_a', 1)], [false, false]],
  ];
  it.each(cases)('%s', (_name, events, later) => {
    expect(laterInPart(events)).toEqual(later);
  });
});

describe('foldRelationship: fold in order, or replay once something sorts after a new event', () => {
  const ev = (id: string, type: EventType, minute: number, metadata: Record<string, unknown> = {}): StatusEvent => ({ id, type, occurredAt: at(minute), metadata });
  const prospect = initialProjection('PROSPECTING');
  const engaged: RelationshipProjection = { ...prospect, status: 'ACTIVELY_ENGAGED', firstContactedAt: at(1) };
  const cases: Array<[string, RelationshipProjection, Array<{ event: StatusEvent; later: boolean }>, ReturnType<typeof foldRelationship>]> = [
    ['nothing new', prospect, [], { replay: false, projection: prospect, changed: false }],
    ['a reply engages', prospect, [{ event: ev('evt_1', 'EMAIL_RECEIVED', 1), later: false }], { replay: false, projection: engaged, changed: true }],
    ['a second reply changes nothing', engaged, [{ event: ev('evt_2', 'EMAIL_RECEIVED', 2), later: false }], { replay: false, projection: engaged, changed: false }],
    [
      'reply then rejection, in order',
      prospect,
      [{ event: ev('evt_1', 'EMAIL_RECEIVED', 1), later: false }, { event: ev('evt_2', 'REJECTED', 2), later: false }],
      { replay: false, projection: { ...engaged, status: 'NOT_INTERESTED' }, changed: true },
    ],
    [
      'a change and its undoing is still a write',
      engaged,
      [{ event: ev('evt_1', 'STATUS_CHANGED', 2, { to: 'INACTIVE' }), later: false }, { event: ev('evt_2', 'STATUS_CHANGED', 3, { to: 'ACTIVELY_ENGAGED' }), later: false }],
      { replay: false, projection: engaged, changed: true },
    ],
    ['an event before something: replayed', engaged, [{ event: ev('evt_1', 'EMAIL_RECEIVED', 0), later: true }], { replay: true }],
    [
      'replayed even when the out-of-order event comes first',
      prospect,
      [{ event: ev('evt_1', 'EMAIL_RECEIVED', 0), later: true }, { event: ev('evt_2', 'EMAIL_RECEIVED', 9), later: false }],
      { replay: true },
    ],
  ];
  it.each(cases)('%s', (_name, stored, steps, folded) => {
    expect(foldRelationship(stored, steps)).toEqual(folded);
  });
});
