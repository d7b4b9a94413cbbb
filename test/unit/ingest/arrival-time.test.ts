import { describe, expect, it } from 'vitest';
import { arrivalEventTime } from '../../../src/ingest/arrival-time.ts';

describe('arrivalEventTime: the claimed time, never after we received it', () => {
  const received = '2026-03-10T12:00:00.000Z';
  it.each([
    ['a claim in the past is kept (a backfill, a slow webhook)', '2026-03-01T08:00:00Z', '2026-03-01T08:00:00.000Z'],
    ['a claim a second before receipt is kept', '2026-03-10T11:59:59.000Z', '2026-03-10T11:59:59.000Z'],
    ['the same instant', received, received],
    ['a claim a minute in the future is our receipt', '2026-03-10T12:01:00Z', received],
    ['a claim two days in the future is our receipt', '2026-03-12T12:00:00Z', received],
    ['an offset claim is compared as an instant', '2026-03-10T13:30:00+02:00', '2026-03-10T11:30:00.000Z'],
    ['an unreadable claim is our receipt', 'next tuesday', received],
    ['no claim is our receipt', null, received],
  ])('%s', (_what, claimed, expected) => {
    expect(arrivalEventTime(claimed, received)).toBe(expected);
    expect(arrivalEventTime(claimed, new Date(received))).toBe(expected);
  });
});
