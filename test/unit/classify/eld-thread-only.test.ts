/**
 * eld's language database costs about 0.9 s of CPU to load. Only the rules thread may load it
 * (src/classify/adapters/rules-thread-entry.ts, started by URL, not imported): this walks the static
 * and literal dynamic imports of every process's entry and of the pipeline steps and finds no path
 * to `eld` or to `rules/language.ts`, so no event loop pays for it.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const IMPORT = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module reachable from `entry` (type-only imports excluded), with the chain that reached it. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const src = readFileSync(path.join(root, file), 'utf8');
    for (const m of src.matchAll(IMPORT)) {
      if (m[2]) continue;
      const spec = m[3] ?? m[4]!;
      const chain = [...seen.get(file)!, spec];
      if (!spec.startsWith('.')) {
        if (!seen.has(`pkg:${spec}`)) seen.set(`pkg:${spec}`, chain);
        continue;
      }
      const target = path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec));
      if (!existsSync(path.join(root, target)) || seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}

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
