import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { publicBaseUrl, SLACK_BOT_SCOPES, slackManifest } from '../../src/cli/slack-manifest.ts';

const exec = promisify(execFile);

/** Every Slack Web API method the service calls, and the bot scope it needs (Slack's method docs). */
const SCOPE_OF_METHOD: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
};

describe('npm run cli -- slack manifest', () => {
  const dataDir = path.join(tmpdir(), `lb-cli-slack-${process.pid}`);
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const r = await exec('npx', ['tsx', 'src/cli/main.ts', 'slack', 'manifest', ...args], {
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', DATA_DIR: dataDir, ...env },
      });
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: x.stdout, err: x.stderr };
    }
  };

  it('prints a manifest Slack accepts (JSON) with the interactivity URL, a bot user and the scopes', async () => {
    const r = await cli(['--url', 'https://agent.example.com/']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out) as ReturnType<typeof slackManifest>;
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://agent.example.com/v1/slack/interactions' });
    expect(m.oauth_config.scopes.bot).toContain('chat:write');
    expect(m.features.bot_user.display_name).toBeTruthy();
    expect(m.display_information.name.length).toBeLessThanOrEqual(35); // Slack's limit for app names
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(r.err).toContain('https://api.slack.com/apps?new_app=1&manifest_json=');
    // it opens no database: the service may be holding the embedded one
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('takes PUBLIC_URL when --url is not given', async () => {
    const r = await cli([], { PUBLIC_URL: 'https://lb.agency.example' });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { settings: { interactivity: { request_url: string } } }).settings.interactivity.request_url).toBe(
      'https://lb.agency.example/v1/slack/interactions',
    );
  }, 60_000);

  it.each([
    [[], /--url: required \(or set PUBLIC_URL\)/],
    [['--url', 'http://agent.example.com'], /only to https:\/\//],
    [['--url', 'not a url'], /--url: not a URL/],
  ])('refuses %j with exit 2 and a message, no stack', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  }, 60_000);
});

describe('the manifest asks for what the service uses', () => {
  it('covers every Slack method the Slack client calls, and nothing more', () => {
    const client = readFileSync(new URL('../../src/respond/approvals/adapters/slack-client.ts', import.meta.url), 'utf8');
    const methods = [...new Set([...client.matchAll(/\$\{base\}\/([a-zA-Z]+\.[a-zA-Z.]+)/g)].map((m) => m[1]!))];
    expect(methods.sort()).toEqual(Object.keys(SCOPE_OF_METHOD).sort());
    expect([...SLACK_BOT_SCOPES].sort()).toEqual([...new Set(Object.values(SCOPE_OF_METHOD))].sort());
  });

  it.each([
    ['https://agent.example.com', 'https://agent.example.com'],
    ['https://agent.example.com/', 'https://agent.example.com'],
    ['https://example.com/lb/', 'https://example.com/lb'],
    ['https://example.com:8443', 'https://example.com:8443'],
  ])('base URL %s → %s', (raw, base) => {
    expect(publicBaseUrl(raw)).toBe(base);
    expect(slackManifest(publicBaseUrl(raw)).settings.interactivity.request_url).toBe(`${base}/v1/slack/interactions`);
  });

  it.each(['https://a.example/?x=1', 'https://a.example/#f', 'https://u:p@a.example', 'ftp://a.example'])('refuses %s', (raw) => {
    expect(() => publicBaseUrl(raw)).toThrow(/--url/);
  });
});
