import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { readFixtures } from '../../../scripts/eval/reply-fixtures.ts';
import { classifyFixture, sameOffers } from '../../../scripts/eval/evaluate.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = readFixtures(path.resolve(repoRoot, 'test/fixtures/replies/replies.jsonl'));

describe('labelled link-building replies', () => {
  it('has at least 100 labelled replies', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(100);
  });

  // Every fixture is listed so a regression names the reply; the eval reports the aggregate.
  it.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    const r = classifyFixture(f);
    expect(r.intent).toBe(f.expected.intent);
    if (f.expected.offers) expect(sameOffers(r.facts.offers, f.expected.offers)).toBe(true);
    if (f.expected.linkUrl !== undefined) expect(r.facts.linkUrl).toBe(f.expected.linkUrl);
    if (f.expected.referralEmail !== undefined) expect(r.facts.referralEmail).toBe(f.expected.referralEmail);
    if (f.expected.returnDate !== undefined) expect(r.facts.returnDate).toBe(f.expected.returnDate);
    expect(r.facts.injectionSigns.length > 0).toBe(!!f.expected.injection);
    for (const s of f.expected.sensitive ?? []) expect(r.facts.sensitive).toContain(s);
  });
});
