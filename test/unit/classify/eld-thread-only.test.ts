/**
 * eld's language database costs about 0.9 s of CPU to load. Only the rules thread may load it
 * (src/classify/adapters/rules-thread-entry.ts, started by URL, not imported): this walks the static
 * and literal dynamic imports of every process's entry and of the pipeline steps and finds no path
 * to `eld` or to `rules/language.ts`, so no event loop pays for it.
 */
import { describe, expect, it } from 'vitest';
import { reachableModules } from '../../support/import-graph.ts';

const reachable = (entry: string) => reachableModules(entry, { dynamic: true });

describe('eld loads on the rules thread only', () => {
  it.each(['src/main.ts', 'src/wiring/workers.ts', 'src/classify/classify-step.ts', 'src/gates/gates-step.ts', 'src/classify/adapters/rules-thread.ts', 'src/console/decide.ts'])('%s reaches neither eld nor rules/language.ts', (entry) => {
    const found = reachable(entry);
    expect(found.size).toBeGreaterThan(1);
    const offenders = [...found.entries()].filter(([k]) => k === 'pkg:eld' || k.startsWith('pkg:eld/') || k === 'src/classify/rules/language.ts');
    expect(offenders.map(([, chain]) => chain.join(' → '))).toEqual([]);
  });

  it('the thread entry does load it', () => {
    expect(reachable('src/classify/adapters/rules-thread-entry.ts').has('src/classify/rules/language.ts')).toBe(true);
  });
});
