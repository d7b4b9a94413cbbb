/**
 * An api process loads only what the API runs (src/service.ts imports the workers, the IMAP pollers,
 * SMTP and the embedded database when their role starts). Each of these packages is megabytes of code
 * held in the heap for the life of the process, and V8 lets the heap grow to a multiple of what is live
 * before a full collection: they made the api role's idle heap 59 MB instead of 36 MB
 * (docs/benchmarks.md, "Memory"). src/main.ts imports src/service.ts as soon as the configuration is
 * read, so this walks the static imports of src/service.ts.
 */
import { describe, expect, it } from 'vitest';
import { reachableModules } from '../support/import-graph.ts';

const WORKER_ONLY = ['@anthropic-ai/sdk', 'imapflow', 'mailparser', 'nodemailer', '@electric-sql/pglite', 'playwright-core', 'eld', 'htmlparser2', 'html-to-text'];

describe('the api role loads no worker, poller or embedded-database code at start', () => {
  it('src/service.ts reaches none of them through static imports', () => {
    const found = reachableModules('src/service.ts', { dynamic: false });
    expect(found.size).toBeGreaterThan(50);
    const offenders = [...found.entries()].filter(([k]) => WORKER_ONLY.some((p) => k === `pkg:${p}` || k.startsWith(`pkg:${p}/`)));
    expect(offenders.map(([, chain]) => chain.join(' → '))).toEqual([]);
  });

  it('the role-specific code is still reached, through the imports made when a role starts', () => {
    const found = reachableModules('src/service.ts', { dynamic: true });
    for (const p of ['@anthropic-ai/sdk', 'imapflow', 'mailparser', 'nodemailer', '@electric-sql/pglite']) expect(found.has(`pkg:${p}`)).toBe(true);
  });
});
