/**
 * The run's report: a console table, bench/results/last.json, and the generated sections of
 * docs/benchmarks.md (between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->` markers;
 * everything outside the markers is hand-written and kept).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
  benchmark: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
}

export function printTable(rows: readonly Row[]): void {
  const cols: (keyof Row)[] = ['benchmark', 'figure', 'baseline', 'ratio', 'target'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(width[i]!)).join(' | ');
  console.log(line(cols));
  console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const esc = (v: string | number): string => String(v).replace(/\|/g, '\\|');
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** Replaces each named generated section of the document; creates the document from `template` if missing. */
export function updateDoc(path: string, template: string, sections: Record<string, string>): void {
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : template;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- bench:${name}:begin -->`;
    const end = `<!-- bench:${name}:end -->`;
    const i = doc.indexOf(begin);
    const j = doc.indexOf(end);
    if (i < 0 || j < i) {
      doc += `\n${begin}\n${body.trim()}\n${end}\n`;
      continue;
    }
    doc = `${doc.slice(0, i + begin.length)}\n${body.trim()}\n${doc.slice(j)}`;
  }
  writeFileSync(path, doc);
}
