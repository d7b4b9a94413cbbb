import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { resolveApiKey } from '../../src/crm/db/tenants.ts';

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

  it('lists keys without secrets and revokes one so it stops resolving at once', async () => {
    const agency = JSON.parse((await cli('agency', 'create', '--name', 'Key Agency')).out) as { id: string };
    const key = JSON.parse((await cli('api-key', 'create', '--agency', agency.id, '--name', 'crm')).out) as { id: string; apiKey: string };
    expect(await resolveApiKey(t.db, key.apiKey)).not.toBeNull();
    const listed = await cli('api-key', 'list', '--agency', agency.id);
    expect(listed.code).toBe(0);
    expect(listed.out).not.toContain(key.apiKey);
    expect((JSON.parse(listed.out) as { data: unknown[] }).data).toEqual([
      { id: key.id, agencyId: agency.id, name: 'crm', prefix: key.apiKey.slice(0, 10), workspaceIds: null, createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
    ]);
    expect((await cli('api-key', 'revoke', key.id)).code).toBe(0);
    expect(await resolveApiKey(t.db, key.apiKey)).toBeNull();
    expect((JSON.parse((await cli('api-key', 'list', '--agency', agency.id)).out) as { data: unknown[] }).data).toEqual([]);
    const again = await cli('api-key', 'revoke', key.id);
    expect(again.code).toBe(2);
    expect(again.err).toBe('error: api key not found\n');
  }, 120_000);

  it('prints its errors as one readable line, never a stack trace', async () => {
    const unknownFlag = await cli('agency', 'list', '--bogus');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.err).toMatch(/^error: Unknown option '--bogus'/);
    const badFlag = await cli('api-key', 'list', '--agency', 'ws_1');
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toBe('error: --agency: must be an id starting with ag_\n');
    for (const r of [unknownFlag, badFlag]) expect(r.err).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('lists flagged assertions and lifts DO_NOT_CONTACT only with a reason, like the admin API', async () => {
    await t.db.query(`insert into accounts (id, domain, system_contact_status) values ('acct_clidnc01', 'cli-dnc.example', 'DO_NOT_CONTACT')`);
    const ag = { id: 'ag_cliflagging01' };
    const ws = { id: 'ws_cliflagging01' };
    await t.db.query(`insert into agencies (id, name) values ($1, 'Flagging Agency')`, [ag.id]);
    await t.db.query(`insert into workspaces (id, agency_id, name, webhook_secret_hash) values ($1, $2, 'Client', 'x')`, [ws.id, ag.id]);
    await t.db.query(
      `insert into account_assertions (id, account_id, workspace_id, fact, value, source, evidence, scope, flagged)
       values ('asr_cli01', 'acct_clidnc01', $1, 'PRICES', '{"priceGuestPost": 1}', 'INSTANTLY', 'NONE', 'WORKSPACE', true)`,
      [ws.id],
    );
    const listed = await cli('assertion', 'list', '--flagged');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { data: Array<{ id: string; agencyId: string }> }).data).toEqual([expect.objectContaining({ id: 'asr_cli01', agencyId: ag.id })]);
    const noReason = await cli('account', 'clear-dnc', 'acct_clidnc01');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('--reason');
    const cleared = await cli('account', 'clear-dnc', 'acct_clidnc01', '--reason', 'the partner asked to hear from us again');
    expect(cleared.code).toBe(0);
    expect((JSON.parse(cleared.out) as { account: { systemContactStatus: string } }).account.systemContactStatus).toBe('NEVER_CONTACTED');
    const dismissed = await cli('assertion', 'review', 'asr_cli01', '--decision', 'DISMISS', '--reason', 'nobody quoted $1');
    expect(dismissed.code).toBe(0);
    expect((await t.db.query('select flagged, review_decision from account_assertions where id = $1', ['asr_cli01'])).rows[0]).toEqual({ flagged: false, review_decision: 'DISMISS' });
  }, 180_000);
});
