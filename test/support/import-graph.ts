/**
 * The import graph of the sources, read from the text (no bundler): what a process loads at start is
 * what its entry reaches through static imports; `import('…')` with a literal path is followed only
 * when asked, since it loads when that code runs. Type-only imports load nothing and are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * Every module reachable from `entry` (a path from the repository root), with the chain that reached
 * it; packages as `pkg:<specifier>`.
 */
export function reachableModules(entry: string, opts: { dynamic: boolean }): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const src = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of src.matchAll(IMPORT)) {
      if (m[2] || (m[4] && !opts.dynamic)) continue;
      const spec = m[3] ?? m[4]!;
      const chain = [...seen.get(file)!, spec];
      if (!spec.startsWith('.')) {
        if (!seen.has(`pkg:${spec}`)) seen.set(`pkg:${spec}`, chain);
        continue;
      }
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec));
      if (!existsSync(path.join(ROOT, target)) || seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}
