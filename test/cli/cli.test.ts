import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDb, type TestDb } from '../support/test-db.ts';

const exec = promisify(execFile);

describe('npm run cli', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres');
  });
  afterAll(() => t.drop());

  const cli = async (...args: string[]) => {
    try {
      const r = await exec('npx', ['tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' } });
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: x.stdout, err: x.stderr };
    }
  };

  it('creates an agency, a workspace and a key, like the admin API', async () => {
    const ag = await cli('agency', 'create', '--name', 'CLI Agency');
    expect(ag.code).toBe(0);
    const agency = JSON.parse(ag.out) as { id: string };
    const ws = JSON.parse((await cli('workspace', 'create', '--agency', agency.id, '--name', 'Client')).out) as { id: string; webhookSecret: string };
    expect(ws.webhookSecret).toMatch(/^whsec_/);
    const key = JSON.parse((await cli('api-key', 'create', '--agency', agency.id, '--workspaces', ws.id)).out) as { apiKey: string; workspaceIds: string[] };
    expect(key.apiKey).toMatch(/^lbk_/);
    expect(key.workspaceIds).toEqual([ws.id]);
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from api_keys');
    expect(rows[0]?.n).toBe(1);
  }, 60_000);

  it('explains a bad command and exits non-zero', async () => {
    const bad = await cli('workspace', 'create', '--agency', 'ag_nope', '--name', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--agency: no such agency');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Usage:');
  }, 60_000);
});
