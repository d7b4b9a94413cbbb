/**
 * `npm run cli -- campaign …` against a running service: an import campaign started from a file, its
 * progress until it waits for approval, `campaign show` with kept and dropped and their reasons, and
 * `campaign approve`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestService } from '../support/test-service.ts';
import { seedAgency, sinkMailbox, startCampaignService, startMailboxSmtp, type Agency } from './harness.ts';

const exec = promisify(execFile);

describe('npm run cli -- campaign', () => {
  let svc: TestService;
  let smtp: Awaited<ReturnType<typeof startMailboxSmtp>>;
  let a: Agency;
  let mailboxId: string;

  beforeAll(async () => {
    smtp = await startMailboxSmtp();
    svc = await startCampaignService('postgres');
    a = await seedAgency(svc, 'CLI Agency');
    mailboxId = await sinkMailbox(svc, a.ws1, 'sam@client.example', smtp.port);
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await smtp?.close();
  });

  const cli = async (...args: string[]) => {
    try {
      const r = await exec('npx', ['tsx', 'src/cli/main.ts', 'campaign', ...args], { env: { ...process.env, LB_API_URL: svc.url, LB_API_KEY: a.key, LOG_LEVEL: 'silent' } });
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: x.stdout, err: x.stderr };
    }
  };

  it('starts an import campaign, shows progress, then kept and dropped with reasons; approves it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-campaign-'));
    const file = join(dir, 'prospects.json');
    await writeFile(file, JSON.stringify([{ domain: 'omega.example', email: 'olga@omega.example', firstName: 'Olga' }, { domain: 'youtube.com' }, { domain: 'quiet.example' }]));
    const run = await cli('import', '--workspace', a.ws1, '--file', file, '--our-content', 'https://client.example/guide', '--mailbox', mailboxId, '--from-name', 'Sam');
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/scmp_\w+ started/);
    expect(run.err).toContain('WAITING_APPROVAL');
    const id = /(scmp_\w+)/.exec(run.err)![1]!;
    expect(run.out).toContain('KEPT (2)');
    expect(run.out).toMatch(/omega\.example .*WAITING_APPROVAL\s+olga@omega\.example/);
    expect(run.out).toMatch(/quiet\.example .*NO_CONTACT .*no address was given/);
    expect(run.out).toContain('DROPPED (1)');
    expect(run.out).toMatch(/youtube\.com\s+PLATFORM — a platform nobody pitches/);

    const shown = await cli('show', id);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`${id}  IMPORT imported list  WAITING_APPROVAL`);
    const json = await cli('show', id, '--json');
    expect((JSON.parse(json.out) as { prospects: unknown[] }).prospects).toHaveLength(3);

    const approved = await cli('approve', id);
    expect(approved.code, approved.err).toBe(0);
    expect(approved.out).toMatch(/^approved 1: out_\w+$/m);
    expect(approved.out).toContain(`${id}  DONE`);

    const bad = await cli('show', 'scmp_doesnotexist');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('404');
  }, 90_000);
});
