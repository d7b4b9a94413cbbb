/** `npm run cli -- gates supervised <ws> on|off` and `gates show`: the policy stored, the rest of it kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { getGatePolicy } from '../../src/crm/db/tenants.ts';

const exec = promisify(execFile);

describe('npm run cli -- gates', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    await t.db.query(`insert into agencies (id, name) values ('ag_gatescli01', 'Gates CLI')`);
    await t.db.query(`insert into workspaces (id, agency_id, name, webhook_secret_hash, gate_policy) values ('ws_gatescli01', 'ag_gatescli01', 'Client', 'x', '{"minConfidence": 0.9}')`);
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

  it('turns supervised mode on and off, keeping the rest of the policy', async () => {
    const on = await cli('gates', 'supervised', 'ws_gatescli01', 'on');
    expect(on.code).toBe(0);
    expect(JSON.parse(on.out)).toMatchObject({ supervised: true, policy: { autoReplyIntents: [], minConfidence: 0.9 } });
    expect(await getGatePolicy(t.db, 'ws_gatescli01')).toMatchObject({ autoReplyIntents: [], minConfidence: 0.9 });
    const shown = await cli('gates', 'show', 'ws_gatescli01');
    expect(JSON.parse(shown.out)).toMatchObject({ workspaceId: 'ws_gatescli01', policy: { autoReplyIntents: [] } });
    const off = await cli('gates', 'supervised', 'ws_gatescli01', 'off');
    expect(JSON.parse(off.out)).toMatchObject({ supervised: false, policy: { autoReplyIntents: ['INTERESTED', 'QUESTION'], minConfidence: 0.9 } });
  }, 60_000);

  it('names what is wrong: an unknown workspace, a missing on|off', async () => {
    const unknown = await cli('gates', 'supervised', 'ws_nosuchworkspace', 'on');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no such workspace: ws_nosuchworkspace');
    const missing = await cli('gates', 'supervised', 'ws_gatescli01');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('gates supervised needs on or off');
  }, 60_000);
});
