/**
 * What the IMAP store makes of a parsed email before the insert (src/ingest/mailboxes/pg-sync-store.ts):
 * U+0000 removed everywhere (PostgreSQL text cannot hold it), and NUL-free mail kept as it is, not copied.
 */
import { describe, expect, it } from 'vitest';
import { withoutNul } from '../../../src/ingest/mailboxes/pg-sync-store.ts';
import { newId } from '../../../src/ids.ts';

describe('withoutNul', () => {
  it('drops U+0000 from strings, keys, arrays and nested objects', () => {
    const v = { subject: 'a\u0000b', to: [{ address: 'x@y.example', name: 'N\u0000' }], headers: { 'x-\u0000k': 'v', ok: 'w' }, when: new Date(0), n: 3, none: null };
    expect(withoutNul(v)).toEqual({ subject: 'ab', to: [{ address: 'x@y.example', name: 'N' }], headers: { 'x-k': 'v', ok: 'w' }, when: new Date(0), n: 3, none: null });
    // the input is left as it was
    expect(v.subject).toBe('a\u0000b');
    expect(v.to[0]?.name).toBe('N\u0000');
  });

  it('returns NUL-free values themselves, and copies only the branches that held a NUL', () => {
    const to = [{ address: 'x@y.example', name: 'N' }];
    const headers = { a: 'b' };
    const clean = { subject: 's', to, headers };
    expect(withoutNul(clean)).toBe(clean);
    const dirty = { subject: 's\u0000', to, headers };
    const out = withoutNul(dirty);
    expect(out).not.toBe(dirty);
    expect(out.to).toBe(to);
    expect(out.headers).toBe(headers);
    expect(out.subject).toBe('s');
  });
});

describe('newId', () => {
  it('is unique, prefixed, and sorts by its time', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => newId('in', 1_700_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^in_[0-9a-hjkmnp-tv-z]{26}$/);
    expect([...ids].sort().map((id) => id.slice(0, 12))).toEqual(ids.map((id) => id.slice(0, 12)));
  });
});
