import { describe, expect, it } from 'vitest';
import { contactSignalOf, deriveAccountContact, nextSystemContactStatus, type ContactSignal } from '../../../src/crm/account-contact.ts';
import type { SystemContactStatus } from '../../../src/crm/types.ts';

describe('deriveAccountContact', () => {
  it('is empty without sends', () => {
    expect(deriveAccountContact([])).toEqual({
      firstContactedAt: null, firstContactedByOrgId: null, lastContactedAt: null, lastContactedByOrgId: null, contactAttemptCount: 0,
    });
  });
  it('tracks the first and last workspace that sent, and counts every attempt', () => {
    const f = deriveAccountContact([
      { id: 'evt_b', workspaceId: 'ws_2', occurredAt: '2026-02-01T00:00:00Z' },
      { id: 'evt_a', workspaceId: 'ws_1', occurredAt: '2026-01-01T00:00:00Z' },
      { id: 'evt_c', workspaceId: 'ws_1', occurredAt: '2026-03-01T00:00:00Z' },
    ]);
    expect(f).toEqual({
      firstContactedAt: '2026-01-01T00:00:00.000Z', firstContactedByOrgId: 'ws_1',
      lastContactedAt: '2026-03-01T00:00:00.000Z', lastContactedByOrgId: 'ws_1', contactAttemptCount: 3,
    });
  });
});

describe('nextSystemContactStatus', () => {
  const cases: Array<[SystemContactStatus, ContactSignal, SystemContactStatus]> = [
    ['NEVER_CONTACTED', 'SENT', 'CONTACTED'],
    ['CONTACTED', 'SENT', 'CONTACTED'],
    ['RESPONSIVE', 'SENT', 'RESPONSIVE'],
    ['CONTACTED', 'HUMAN_REPLY', 'RESPONSIVE'],
    ['RESPONSIVE', 'RATE_AGREED', 'RATE_ESTABLISHED'],
    ['RATE_ESTABLISHED', 'HUMAN_REPLY', 'RATE_ESTABLISHED'],
    ['CONTACTED', 'HARD_BOUNCE', 'BOUNCED'],
    ['BOUNCED', 'HUMAN_REPLY', 'RESPONSIVE'],
    ['BOUNCED', 'SENT', 'BOUNCED'],
    ['RATE_ESTABLISHED', 'DO_NOT_CONTACT', 'DO_NOT_CONTACT'],
    ['DO_NOT_CONTACT', 'HUMAN_REPLY', 'DO_NOT_CONTACT'],
    ['DO_NOT_CONTACT', 'SENT', 'DO_NOT_CONTACT'],
  ];
  it.each(cases)('%s + %s → %s', (from, signal, to) => expect(nextSystemContactStatus(from, signal)).toBe(to));

  it('reads the signal an event carries', () => {
    expect(contactSignalOf('EMAIL_SENT', {})).toBe('SENT');
    expect(contactSignalOf('BOUNCED', { kind: 'soft' })).toBeNull();
    expect(contactSignalOf('BOUNCED', { kind: 'hard' })).toBe('HARD_BOUNCE');
    expect(contactSignalOf('REJECTED', { doNotContact: true })).toBe('DO_NOT_CONTACT');
    expect(contactSignalOf('NOTE_ADDED', null)).toBeNull();
  });
});
